// The hearings of the case: each with its start and end in the viewer's zone and in the zone it
// was set in, its phase, what it covers when it was scheduled from the asynchronous trial (the
// rest of the case, or claims by number) and a link into the live hearing; for court staff the
// form that schedules one and, per hearing, its record.
import { phaseMessage } from '../hearingPhaseMessage.js';
import { msg } from '../i18n.js';
import type { Api } from './api.js';
import type { ClaimsView, HearingListView, HearingView } from './apiTypes.js';
import { button, h, section, t } from './dom.js';
import { coversMessage } from './hearingCovers.js';
import { HearingRecordView } from './hearingRecordView.js';
import { hearingScheduleForm } from './hearingScheduleForm.js';
import { isAbort, type CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';
import { showInstant } from './timeFormat.js';

/** Where the hearing page takes someone straight into a hearing (it reads this tab's session). */
export function hearingJoinHref(hearingId: string): string {
  return `/?hearing=${encodeURIComponent(hearingId)}&autojoin=1`;
}

export class HearingsPanel {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #onChanged: () => void;
  readonly #list = h('div', { class: 'record-list' });
  readonly #record: HearingRecordView | undefined;
  /** Claim numbers by id, for what a hearing covers. */
  readonly #claimNumbers = new Map<string, number>();

  constructor(api: Api, viewer: CaseViewer, signal: AbortSignal, onChanged: () => void) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    this.#onChanged = onChanged;
    this.#record = viewer.may.includes('hearing.viewRecord') ? new HearingRecordView(api, viewer, signal) : undefined;
    const schedule = viewer.may.includes('hearing.schedule')
      ? hearingScheduleForm(api, viewer, async () => {
          await this.reload();
          this.#onChanged();
        })
      : null;
    this.element = section(msg('hearings.heading'), 'hearings', this.#list, this.#record?.element, schedule);
  }

  async reload(): Promise<void> {
    try {
      const [{ hearings }] = await Promise.all([this.#api.get<HearingListView>(`/cases/${this.#viewer.caseId}/hearings`, this.#signal), this.#loadClaimNumbers()]);
      const ordered = [...hearings].sort((a, b) => a.start.localeCompare(b.start));
      this.#list.replaceChildren(ordered.length === 0 ? t('p', msg('hearings.empty'), { class: 'record-muted' }) : this.#table(ordered));
    } catch (error) {
      if (isAbort(error, this.#signal)) return;
      this.#list.replaceChildren(sectionProblem(error));
    }
  }

  async #loadClaimNumbers(): Promise<void> {
    if (!this.#viewer.may.includes('claim.view')) return;
    try {
      const { claims } = await this.#api.get<ClaimsView>(`/cases/${this.#viewer.caseId}/claims`, this.#signal);
      for (const claim of claims) this.#claimNumbers.set(claim.id, claim.number);
    } catch {
      // Numbers are a nicety: a hearing then says how many claims it covers.
    }
  }

  #table(hearings: HearingView[]): HTMLElement {
    const head = (['hearings.columnTitle', 'hearings.columnStart', 'hearings.columnEnd', 'hearings.columnPhase', 'hearings.columnCovers'] as const).map((key) => t('th', msg(key)));
    const rows = hearings.map((hearing) => {
      const actions = h('td', { class: 'record-table__actions' });
      if (hearing.phase !== 'adjourned') {
        actions.append(
          t('a', msg('hearings.join'), {
            href: hearingJoinHref(hearing.id),
            class: 'button button--small button--primary',
            'data-link': 'join-hearing',
            'data-hearing-id': hearing.id,
          }),
        );
      }
      if (this.#record) {
        const show = button(msg('hearings.showRecord'), { 'data-action': 'show-record' });
        show.addEventListener('click', () => void this.#record!.show(hearing));
        actions.append(' ', show);
      }
      return h(
        'tr',
        { 'data-hearing-id': hearing.id, 'data-phase': hearing.phase },
        h('td', {}, hearing.title),
        h('td', {}, this.#when(hearing.start, hearing.timeZone, 'start')),
        h('td', {}, this.#when(hearing.end, hearing.timeZone, 'end')),
        h('td', {}, t('span', phaseMessage(hearing.phase), { class: 'badge', 'data-phase': hearing.phase })),
        this.#covers(hearing),
        actions,
      );
    });
    return h('table', { class: 'record-table hearings-table' }, h('thead', {}, h('tr', {}, ...head, h('th'))), h('tbody', {}, ...rows));
  }

  #covers(hearing: HearingView): HTMLElement {
    const covered = coversMessage(hearing.covers, this.#claimNumbers);
    return h('td', { 'data-covers': hearing.covers?.scope ?? '', 'data-covered-claims': hearing.covers?.claimIds?.join(' ') }, covered === undefined ? null : t('span', covered));
  }

  /** The instant in the viewer's zone, and below it in the zone the hearing was set in. */
  #when(iso: string, setIn: string, which: 'start' | 'end'): HTMLElement {
    const cell = h('div', { class: 'hearing-time' }, showInstant(h('span', { class: 'hearing-time__local', 'data-time': which }), iso, this.#viewer.zone));
    if (setIn !== this.#viewer.zone) {
      cell.append(
        h(
          'div',
          { class: 'record-muted hearing-time__set-in' },
          t('span', msg('hearings.setIn', { zone: setIn })),
          ' ',
          showInstant(h('span', { 'data-time-set-in': which }), iso, setIn),
        ),
      );
    }
    return cell;
  }
}
