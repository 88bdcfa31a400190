// Everything that happened in the case, in ledger order: when in the viewer's zone, what in words
// (timelineLines.ts), what it concerns — the round, hearing or offer, named — and who.
import { msg } from '../i18n.js';
import type { Api } from './api.js';
import type { TimelineItem, TimelineView } from './apiTypes.js';
import { h, section, t } from './dom.js';
import { isAbort, type CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';
import { showInstant } from './timeFormat.js';
import { aboutMessage, aboutNames, entryTypeMessage } from './timelineLines.js';

export class TimelinePanel {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #list = h('div', { class: 'record-list', 'data-testid': 'timeline' });

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
    const names = aboutNames(items);
    const rows = items.map((item) =>
      h(
        'tr',
        { 'data-seq': item.seq, 'data-type': item.type, 'data-about-kind': item.about?.kind, 'data-about-id': item.about?.id },
        h('td', {}, showInstant(h('span'), item.at, this.#viewer.zone)),
        h('td', { 'data-column': 'what' }, t('span', entryTypeMessage(item.type))),
        h('td', { 'data-column': 'about' }, item.about === undefined ? null : t('span', aboutMessage(item.about, names))),
        h('td', {}, item.actorName),
      ),
    );
    const head = (['timeline.columnWhen', 'timeline.columnWhat', 'timeline.columnAbout', 'timeline.columnWho'] as const).map((key) => t('th', msg(key)));
    return h('table', { class: 'record-table' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows));
  }
}
