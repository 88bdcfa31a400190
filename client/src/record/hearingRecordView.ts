// The record of one hearing, for court staff: every event of the live hearing (joined, admitted,
// muted, floor granted, consultation opened, oath, adjourned…) with its time in the viewer's
// zone and who it concerned, live while the hearing runs (refresh) and exportable as JSON.
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { HearingRecordLine, HearingRecordView as RecordBody, HearingView, ParticipantListView } from './apiTypes.js';
import { button, h, t } from './dom.js';
import { isAbort, type CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';
import { showInstant } from './timeFormat.js';

/** The courtroom events the server records (server/domain/hearing/Courtroom.ts CourtroomEvent). */
const KNOWN_EVENTS = new Set([
  'arrived',
  'left',
  'departed',
  'admitted',
  'preAdmitted',
  'denied',
  'removed',
  'muted',
  'unmuted',
  'cameraRequested',
  'locked',
  'unlocked',
  'handRaised',
  'handLowered',
  'floorGranted',
  'floorRevoked',
  'floorModeChanged',
  'consultationOpened',
  'consultationClosed',
  'consultationRequested',
  'consultationDeclined',
  'moved',
  'oathCalled',
  'oathConfirmed',
  'phaseChanged',
  'delegated',
]);

export function recordEventMessage(type: string): Message {
  return KNOWN_EVENTS.has(type) ? { key: `hearingRecord.event.${type}` as MessageKey } : msg('entry.other', { type });
}

export class HearingRecordView {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #body = h('div', { class: 'record-list', 'aria-live': 'polite' });
  readonly #heading = h('h3');
  #hearing: HearingView | undefined;
  #lines: HearingRecordLine[] = [];

  constructor(api: Api, viewer: CaseViewer, signal: AbortSignal) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    const refresh = button(msg('hearingRecord.refresh'), { 'data-action': 'refresh-record' });
    refresh.addEventListener('click', () => this.#hearing && void this.show(this.#hearing));
    const exportButton = button(msg('hearingRecord.export'), { 'data-action': 'export-record' });
    exportButton.addEventListener('click', () => this.#export());
    this.element = h(
      'div',
      { class: 'record-subsection hearing-record', hidden: true, 'data-testid': 'hearing-record' },
      h('div', { class: 'hearing-record__head' }, this.#heading, h('div', { class: 'record-form__actions' }, refresh, exportButton)),
      this.#body,
    );
  }

  async show(hearing: HearingView): Promise<void> {
    this.#hearing = hearing;
    this.element.hidden = false;
    this.element.dataset.hearingId = hearing.id;
    this.#heading.replaceChildren(t('span', msg('hearingRecord.heading', { title: hearing.title })));
    try {
      const [record, names] = await Promise.all([
        this.#api.get<RecordBody>(`/cases/${this.#viewer.caseId}/hearings/${hearing.id}/record`, this.#signal),
        this.#names(),
      ]);
      this.#lines = record.lines;
      this.#body.replaceChildren(record.lines.length === 0 ? t('p', msg('hearingRecord.empty'), { class: 'record-muted' }) : this.#table(record.lines, names));
    } catch (error) {
      if (isAbort(error, this.#signal)) return;
      this.#body.replaceChildren(sectionProblem(error));
    }
  }

  async #names(): Promise<Map<string, string>> {
    try {
      const { participants } = await this.#api.get<ParticipantListView>(`/cases/${this.#viewer.caseId}/participants`, this.#signal);
      return new Map(participants.map((p) => [p.id, p.displayName]));
    } catch {
      return new Map(); // ids then stand for the people
    }
  }

  #table(lines: HearingRecordLine[], names: Map<string, string>): HTMLElement {
    const who = (id: string | undefined) => (id === undefined ? '' : (names.get(id.replace(/^participant:/, '')) ?? id));
    const head = (['hearingRecord.columnWhen', 'hearingRecord.columnWhat', 'hearingRecord.columnWho', 'hearingRecord.columnBy', 'hearingRecord.columnDetail'] as const).map((key) => t('th', msg(key)));
    const rows = lines.map((line) =>
      h(
        'tr',
        { 'data-type': line.type },
        h('td', {}, showInstant(h('span'), line.at, this.#viewer.zone)),
        h('td', {}, t('span', recordEventMessage(line.type))),
        h('td', {}, who(line.participantId)),
        h('td', {}, who(line.by)),
        h('td', { class: 'hearing-record__detail' }, describeDetail(line.detail, who)),
      ),
    );
    return h('table', { class: 'record-table' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows));
  }

  /** The record as the server gave it (UTC instants), with what it is of, as a JSON file. */
  #export(): void {
    const hearing = this.#hearing;
    if (!hearing) return;
    const file = {
      caseId: this.#viewer.caseId,
      hearing: { id: hearing.id, title: hearing.title, start: hearing.start, end: hearing.end, timeZone: hearing.timeZone },
      exportedAt: new Date().toISOString(),
      lines: this.#lines,
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    const link = h('a', { href: url, download: `hearing-record-${hearing.id}.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** A line's detail as "key: value" pairs, people's ids replaced by their names. */
function describeDetail(detail: unknown, who: (id: string) => string): string {
  if (detail === undefined || detail === null || typeof detail !== 'object') return detail === undefined ? '' : String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? who(value) : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}
