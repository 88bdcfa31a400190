// Everything that happened in the case, in ledger order: what, who, and when in the viewer's zone.
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { TimelineItem, TimelineView } from './apiTypes.js';
import { h, section, t } from './dom.js';
import { isAbort, type CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';
import { showInstant } from './timeFormat.js';

const KNOWN_ENTRIES = new Set<string>([
  'case.created',
  'case.updated',
  'case.stageChanged',
  'participant.added',
  'participant.removed',
  'participant.joined',
  'invitation.issued',
  'invitation.revoked',
  'evidence.filed',
  'evidence.withdrawn',
  'hearing.scheduled',
  'hearing.phaseChanged',
  'hearing.oathConfirmed',
  'document.created',
  'document.released',
  'document.locked',
  'document.signed',
]);

/** A ledger entry type in words; a type this page does not know yet is shown as it is. */
export function entryTypeMessage(type: string): Message {
  return KNOWN_ENTRIES.has(type) ? { key: `entry.${type}` as MessageKey } : msg('entry.other', { type });
}

export class TimelinePanel {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #list = h('div', { class: 'record-list' });

  constructor(api: Api, viewer: CaseViewer, signal: AbortSignal) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    this.element = section(msg('timeline.heading'), 'timeline', this.#list);
  }

  async reload(): Promise<void> {
    try {
      const { items } = await this.#api.get<TimelineView>(`/cases/${this.#viewer.caseId}/timeline`, this.#signal);
      this.#list.replaceChildren(items.length === 0 ? t('p', msg('timeline.empty'), { class: 'record-muted' }) : this.#table(items));
    } catch (error) {
      if (isAbort(error, this.#signal)) return;
      this.#list.replaceChildren(sectionProblem(error));
    }
  }

  #table(items: TimelineItem[]): HTMLElement {
    const rows = items.map((item) =>
      h(
        'tr',
        { 'data-seq': item.seq, 'data-type': item.type },
        h('td', {}, showInstant(h('span'), item.at, this.#viewer.zone)),
        h('td', {}, t('span', entryTypeMessage(item.type))),
        h('td', {}, item.actorName),
      ),
    );
    const head = (['timeline.columnWhen', 'timeline.columnWhat', 'timeline.columnWho'] as const).map((key) => t('th', msg(key)));
    return h('table', { class: 'record-table' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows));
  }
}
