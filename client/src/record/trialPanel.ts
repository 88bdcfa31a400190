// The asynchronous trial on the case page: consent (who has given or withdrawn it, and how the
// case is tried now), the rounds the viewer may see — open ones in full, closed ones on request —
// and, for the presiding side, the form that opens a round and the switch to live: scheduling a
// hearing that takes over some claims or the rest of the case. The court's pushes on the viewer's
// own channel (round:served, round:changed, trial:mode, round:reminder) keep it current; the
// countdowns tick every second.
import { msg, type Message } from '../i18n.js';
import type { Api } from './api.js';
import { presidingRoleOf, type DisputeStage, type EvidenceListView, type ParticipantListView, type ParticipantView, type RoundReminder, type RoundSummaryView, type RoundView, type TrialServerToClientEvents, type TrialView } from './apiTypes.js';
import type { EvidenceNames } from './answerEditor.js';
import { button, h, section, t } from './dom.js';
import { HearingCoverPicker } from './hearingCoverPicker.js';
import { hearingScheduleForm } from './hearingScheduleForm.js';
import { isAbort, type CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';
import type { RecordHook } from './recordHook.js';
import { caucusBadge, RoundCard, stageMessage, tickCountdowns } from './roundCard.js';
import { roundOpenForm } from './roundOpenForm.js';
import type { SessionKeeper } from './session.js';
import { formatInstant, showInstant } from './timeFormat.js';
import { TrialConsent } from './trialConsent.js';
import { TrialInbox } from './trialInbox.js';

const TICK_MS = 1000;

export interface TrialPanelContext {
  api: Api;
  session: SessionKeeper;
  viewer: CaseViewer;
  signal: AbortSignal;
  hook: RecordHook;
  languages: readonly string[];
  /** The case's dispute stage when the page loaded: it says who presides (and may switch to live). */
  stage: DisputeStage;
  /** Something on the record changed (the timeline shows it). */
  onChanged: () => void;
  /** A live hearing was scheduled from the trial (the hearings list shows it). */
  onHearingScheduled: () => Promise<void>;
}

export class TrialPanel {
  readonly element: HTMLElement;
  readonly #context: TrialPanelContext;
  readonly #consent: TrialConsent;
  readonly #openForm = h('div', { class: 'trial__open' });
  readonly #liveForm = h('div', { class: 'trial__live' });
  readonly #coverPicker: HearingCoverPicker | undefined;
  readonly #rounds = h('div', { class: 'trial__rounds', 'data-testid': 'rounds' });
  /** Service and reminders, kept until dismissed (the page's banner shows one thing at a time). */
  readonly #notices = h('div', { class: 'trial__notices', 'data-testid': 'trial-notices', 'aria-live': 'polite' });
  readonly #cards = new Map<string, RoundCard>();
  readonly #evidence: EvidenceNames = new Map();
  readonly #names = new Map<string, string>();
  readonly #inbox: TrialInbox;

  constructor(context: TrialPanelContext) {
    this.#context = context;
    this.#consent = new TrialConsent(context.api, context.viewer, (id) => this.#names.get(id) ?? id, (view) => this.#showTrial(view, true));
    this.element = section(msg('trial.heading'), 'trial', t('p', msg('trial.intro'), { class: 'record-intro' }), this.#notices, this.#consent.element, this.#rounds, this.#openForm, this.#liveForm);
    this.element.dataset.testid = 'trial';
    context.hook.trial = { inbox: 'connecting', pushes: [] };
    const inbox = (this.#inbox = new TrialInbox(
      context.session,
      {
        'round:served': ({ caseId, round }) => this.#pushed('round:served', caseId, round),
        'round:changed': ({ caseId, round }) => this.#pushed('round:changed', caseId, round),
        'trial:mode': ({ caseId }) => {
          if (caseId !== context.viewer.caseId) return;
          this.#note('trial:mode');
          void this.#reloadTrial();
        },
        'round:reminder': (reminder) => this.#remind(reminder),
      },
      context.signal,
    ));
    inbox.onState((state) => {
      if (context.hook.trial) context.hook.trial.inbox = state;
    });
    // The role presiding at the case's stage may move part of the case to a live hearing.
    if (context.viewer.may.includes('hearing.schedule') && presidingRoleOf(context.stage) === context.viewer.you.role) {
      const picker = (this.#coverPicker = new HearingCoverPicker(context.api, context.viewer, context.signal));
      const form = hearingScheduleForm(context.api, context.viewer, () => context.onHearingScheduled(), { heading: msg('live.heading'), covers: picker, formName: 'schedule-live-hearing' });
      this.#liveForm.replaceChildren(h('div', { 'data-testid': 'switch-to-live' }, t('p', msg('live.intro'), { class: 'record-intro' }), form));
    }
    const ticking = setInterval(() => tickCountdowns(this.element, Date.now()), TICK_MS);
    context.signal.addEventListener('abort', () => clearInterval(ticking), { once: true });
  }

  /** Hands another panel of the case page a push on this panel's socket (noted on the test hook). */
  listen<E extends 'claims:changed' | 'evidence:crossExamined' | 'offers:changed'>(event: E, listener: TrialServerToClientEvents[E]): void {
    this.#inbox.on(event, ((payload: never) => {
      this.#note(event);
      (listener as (payload: never) => void)(payload);
    }) as TrialServerToClientEvents[E]);
  }

  async reload(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const [trial, list, participants] = await Promise.all([
        api.get<TrialView>(`/cases/${viewer.caseId}/trial`, signal),
        viewer.may.includes('round.view') ? api.get<{ rounds: RoundSummaryView[] }>(`/cases/${viewer.caseId}/rounds`, signal) : Promise.resolve({ rounds: [] }),
        api.get<ParticipantListView>(`/cases/${viewer.caseId}/participants`, signal).then(
          (p) => p.participants,
          () => [] as ParticipantView[], // a role that may not list participants still sees the trial
        ),
        this.#loadEvidenceNames(),
        this.#coverPicker?.reload(),
      ]);
      for (const p of participants) this.#names.set(p.id, p.displayName);
      this.#showTrial(trial, false);
      if (viewer.may.includes('round.open')) {
        this.#openForm.replaceChildren(roundOpenForm(api, viewer, participants, this.#context.languages, (round) => this.#upsert(round, true)));
      }
      const ordered = [...list.rounds].sort((a, b) => b.number - a.number);
      if (ordered.length === 0) this.#rounds.replaceChildren(t('p', msg('trial.noRounds'), { class: 'record-muted', 'data-testid': 'no-rounds' }));
      else this.#rounds.replaceChildren(...ordered.map((summary) => this.#summary(summary)));
      // Open and suspended rounds are shown in full at once (the court records the first read).
      await Promise.all(ordered.filter((r) => r.status !== 'closed').map((r) => this.#load(r.id)));
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.#rounds.replaceChildren(sectionProblem(error));
    }
  }

  async #loadEvidenceNames(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const { evidence } = await api.get<EvidenceListView>(`/cases/${viewer.caseId}/evidence`, signal);
      for (const item of evidence) this.#evidence.set(item.id, item.title);
    } catch {
      // Titles are a nicety: attachments then show their ids.
    }
  }

  async #reloadTrial(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      this.#showTrial(await api.get<TrialView>(`/cases/${viewer.caseId}/trial`, signal), false);
    } catch (error) {
      if (!isAbort(error, signal)) this.#consent.element.replaceChildren(sectionProblem(error));
    }
  }

  #showTrial(view: TrialView, changedHere: boolean): void {
    for (const consent of view.consents) this.#names.set(consent.participantId, consent.displayName);
    this.element.dataset.mode = view.mode;
    this.#consent.show(view);
    if (changedHere) this.#context.onChanged();
  }

  /** A closed round, or one not loaded yet: its number, title, stage and deadline, and a button that shows it. */
  #summary(summary: RoundSummaryView): HTMLElement {
    const { zone } = this.#context.viewer;
    const show = button(msg('trial.showRound'), { 'data-action': 'show-round' });
    const holder = h(
      'article',
      { class: 'round round--summary', 'data-round-id': summary.id, 'data-status': summary.status },
      h(
        'p',
        {},
        t('strong', msg('trial.roundTitle', { number: summary.number, title: summary.title })),
        ' ',
        t('span', stageMessage(summary.stage), { class: 'badge badge--stage' }),
        ' ',
        t('span', { key: `trial.status.${summary.status}` }, { class: 'badge badge--muted' }),
        ' ',
        caucusBadge(summary.privateTo),
        summary.privateTo === undefined ? null : ' ',
        t('span', msg('trial.deadline'), { class: 'record-muted' }),
        ' ',
        showInstant(h('span', { class: 'local-time' }), summary.deadline.at, zone),
        ' ',
        show,
      ),
    );
    show.addEventListener('click', () => void this.#load(summary.id));
    return holder;
  }

  async #load(roundId: string): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      this.#upsert(await api.get<RoundView>(`/cases/${viewer.caseId}/rounds/${roundId}`, signal), false);
    } catch (error) {
      if (isAbort(error, signal)) return;
      const holder = this.#rounds.querySelector(`[data-round-id="${roundId}"]`);
      holder?.append(sectionProblem(error));
    }
  }

  /** Shows the court's latest view of a round, in place, or as a new card at the top. */
  #upsert(round: RoundView, changedHere: boolean): void {
    const existing = this.#cards.get(round.id);
    if (existing) existing.update(round);
    else {
      const { api, viewer, hook, signal } = this.#context;
      const card = new RoundCard({ api, viewer, hook, evidence: this.#evidence, signal, onRound: (r) => this.#upsert(r, true) }, round);
      this.#cards.set(round.id, card);
      const holder = this.#rounds.querySelector(`[data-round-id="${round.id}"]`);
      if (holder) holder.replaceWith(card.element);
      else {
        this.#rounds.querySelector('[data-testid="no-rounds"]')?.remove();
        this.#rounds.prepend(card.element);
      }
    }
    if (changedHere) this.#context.onChanged();
  }

  #pushed(event: 'round:served' | 'round:changed', caseId: string, round: RoundView): void {
    if (caseId !== this.#context.viewer.caseId) return;
    this.#note(event);
    const isNew = !this.#cards.has(round.id);
    // An answer's evidence may have just been revealed: learn its title.
    if (round.threads.some((thread) => thread.answers.some((a) => a.attachments.some((id) => !this.#evidence.has(id))))) {
      void this.#loadEvidenceNames().then(() => this.#upsert(round, false));
    } else this.#upsert(round, false);
    // A round that appears on the page is read: fetching it puts the first read on the record.
    if (isNew) void this.#load(round.id);
    if (event === 'round:served') this.#notify(msg('trial.served', { number: round.number, title: round.title }), 'info', event);
    this.#context.onChanged();
  }

  #remind(reminder: RoundReminder): void {
    if (reminder.caseId !== this.#context.viewer.caseId) return;
    this.#note('round:reminder');
    const { zone } = this.#context.viewer;
    this.#notify(msg('trial.reminder', { number: reminder.number, title: reminder.title, time: formatInstant(reminder.deadline.at, zone), count: reminder.unanswered }), 'warning', 'round:reminder');
  }

  #notify(message: Message, tone: 'info' | 'warning', kind: string): void {
    const dismiss = button(msg('trial.dismiss'), { class: 'notice__dismiss', 'data-action': 'dismiss' });
    const notice = h('div', { class: `notice notice--${tone}`, role: tone === 'warning' ? 'alert' : 'status', 'data-notice': kind }, t('p', message, { class: 'notice__text' }), dismiss);
    dismiss.addEventListener('click', () => notice.remove());
    this.#notices.prepend(notice);
  }

  #note(event: string): void {
    this.#context.hook.trial?.pushes.push(event);
  }
}
