// One round of the asynchronous trial as the viewer sees it (exactly what the court returned):
// its stage, status and exchange rule, the deadline on the viewer's clock with a live countdown,
// whether the viewer must answer, who was served and read it and who has answered, the
// questions with the answers the viewer may see (and how many are sealed from them), the
// viewer's answer editors, extension requests, and for the presiding side the controls that
// extend, decide and close. A push replaces the view; what is being typed is kept.
import { whileBusy } from '../busyControl.js';
import { msg, showText, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { AnswerView, RoundView, ThreadView } from './apiTypes.js';
import { AnswerEditor, type EvidenceNames } from './answerEditor.js';
import { countdownMessage, countdownTarget, isUrgent, remainingUntil } from './deadlineCountdown.js';
import { deadlinePicker } from './deadlinePicker.js';
import { button, field, h, input, select, StatusLine, t } from './dom.js';
import { KeptForms } from './keptForms.js';
import type { CaseViewer } from './page.js';
import { problemMessage } from './problems.js';
import type { RecordHook } from './recordHook.js';
import { ownAnswers, standingIn, takesAnswers } from './roundStanding.js';
import { windowRecord, windowStateOf, windowTarget, type WindowState } from './answerWindow.js';
import { formatInstant, showInstant, showLanguage } from './timeFormat.js';

export const stageMessage = (stage: string): Message => ({ key: `trial.stage.${stage}` as MessageKey });

/** A mediator's private caucus with one side says so (only that side and the mediator ever receive it). */
export function caucusBadge(privateTo: 'claimant' | 'respondent' | undefined): HTMLElement | null {
  return privateTo === undefined ? null : t('span', { key: `trial.caucusWith.${privateTo}` }, { class: 'badge badge--sealed', 'data-caucus': privateTo });
}

/** Ticks every countdown under `root`: each keeps its target on this browser's clock. */
export function tickCountdowns(root: ParentNode, nowMs: number): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-countdown-target]')) {
    const left = remainingUntil(Number(element.dataset.countdownTarget), nowMs);
    element.dataset.urgent = String(isUrgent(left));
    element.dataset.passed = String(left.passed);
    // A countdown may say in its own words that it has run out (an answer window: "closed").
    const passedKey = element.dataset.countdownPassedKey as MessageKey | undefined;
    showText(element, left.passed && passedKey !== undefined ? { key: passedKey } : countdownMessage(left));
  }
}

export interface RoundCardContext {
  api: Api;
  viewer: CaseViewer;
  hook: RecordHook;
  evidence: EvidenceNames;
  signal: AbortSignal;
  /** The court sent a newer view of the round (after an action here). */
  onRound: (round: RoundView) => void;
}

export class RoundCard {
  readonly element: HTMLElement;
  readonly #context: RoundCardContext;
  readonly #editors = new Map<string, AnswerEditor>();
  readonly #forms = new KeptForms();
  #round: RoundView;

  constructor(context: RoundCardContext, round: RoundView) {
    this.#context = context;
    this.#round = round;
    this.element = h('article', { class: 'round', 'data-round-id': round.id });
    this.update(round);
  }

  get round(): RoundView {
    return this.#round;
  }

  update(round: RoundView, receivedAtMs = Date.now()): void {
    this.#round = round;
    const { viewer } = this.#context;
    const open = takesAnswers(round, receivedAtMs);
    this.element.dataset.status = round.status;
    this.element.dataset.sealed = String(round.sealed);
    const parts: Array<HTMLElement | null> = [
      this.#header(round),
      this.#deadline(round, receivedAtMs),
      this.#standing(round, receivedAtMs),
      this.#requiredTable(round),
      ...round.threads.map((thread, index) => this.#thread(round, thread, index, open, receivedAtMs)),
      this.#extensions(round),
      viewer.may.includes('round.extend') || viewer.may.includes('round.close') ? this.#courtControls(round) : null,
    ];
    this.element.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  #header(round: RoundView): HTMLElement {
    const title = h('h3', { class: 'round__title' });
    showText(title, msg('trial.roundTitle', { number: round.number, title: round.title }));
    return h(
      'header',
      { class: 'round__header' },
      title,
      h(
        'div',
        { class: 'record-meta' },
        t('span', stageMessage(round.stage), { class: 'badge badge--stage', 'data-stage': round.stage }),
        t('span', { key: `trial.status.${round.status}` as MessageKey }, { class: 'badge badge--muted', 'data-round-status': round.status }),
        t('span', msg(round.exchange === 'sealed' ? 'trial.exchangeSealed' : 'trial.exchangeSequential'), { class: 'badge badge--muted', 'data-exchange': round.exchange }),
        round.exchange === 'sealed' ? t('span', msg(round.sealed ? 'trial.stillSealed' : 'trial.revealed'), { class: `badge ${round.sealed ? 'badge--sealed' : 'badge--muted'}` }) : null,
        caucusBadge(round.privateTo),
      ),
    );
  }

  #deadline(round: RoundView, receivedAtMs: number): HTMLElement {
    const { zone } = this.#context.viewer;
    const countdown = h('span', { class: 'round__countdown', 'data-testid': 'round-countdown', 'data-countdown-target': countdownTarget(round.deadline.remainingSeconds, receivedAtMs) });
    tickCountdowns(h('div', {}, countdown), receivedAtMs);
    const setInZone = round.deadline.setIn.timeZone;
    const late =
      round.late.rule === 'refuse'
        ? msg('trial.lateRefused')
        : msg('trial.lateAccepted', { hours: Math.round((round.late.windowMinutes ?? 0) / 60) });
    return h(
      'div',
      { class: 'round__deadline' },
      h(
        'p',
        {},
        t('strong', msg('trial.deadline')),
        ' ',
        showInstant(h('span', { class: 'local-time', 'data-testid': 'round-deadline' }), round.deadline.at, zone),
        ' ',
        t('span', msg('trial.inYourZone', { zone }), { class: 'record-muted' }),
        ' · ',
        countdown,
      ),
      setInZone !== zone
        ? h('p', { class: 'record-muted hearing-time__set-in' }, t('span', msg('hearings.setIn', { zone: setInZone })), ' ', showInstant(h('span', { class: 'local-time' }), round.deadline.at, setInZone))
        : null,
      t('p', late, { class: 'record-muted' }),
    );
  }

  #standing(round: RoundView, nowMs: number): HTMLElement {
    const standing = standingIn(round, nowMs);
    return t('p', { key: `trial.standing.${standing}` as MessageKey }, { class: `round__standing round__standing--${standing}`, 'data-standing': standing });
  }

  #requiredTable(round: RoundView): HTMLElement {
    const { zone } = this.#context.viewer;
    const when = (iso: string | undefined, none: Message) => (iso === undefined ? t('span', none, { class: 'record-muted' }) : showInstant(h('span', { class: 'local-time' }), iso, zone));
    const head = (['trial.columnParty', 'trial.columnServed', 'trial.columnRead', 'trial.columnAnswered'] as const).map((key) => t('th', msg(key)));
    const rows = round.required.map((r) => {
      const answered = h('td', { 'data-answered': r.answeredQuestions });
      answered.append(t('span', msg('trial.answeredOf', { answered: r.answeredQuestions, questions: round.threads.length })));
      if (r.completedAt !== undefined) answered.append(' ', when(r.completedAt, msg('trial.notYet')));
      return h(
        'tr',
        { 'data-participant-id': r.participantId },
        h('td', {}, h('span', {}, r.displayName), ' ', t('span', { key: `role.${r.role}` as MessageKey }, { class: 'badge badge--muted' })),
        h('td', { 'data-served': r.servedAt }, when(r.servedAt, msg('trial.notYet'))),
        h('td', { 'data-read': r.firstOpenedAt ?? '' }, when(r.firstOpenedAt, msg('trial.notRead'))),
        answered,
      );
    });
    return h('div', { class: 'record-list round__required' }, t('h4', msg('trial.whoMustAnswer')), h('table', { class: 'record-table', 'data-testid': 'round-required' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows)));
  }

  #thread(round: RoundView, thread: ThreadView, index: number, open: boolean, receivedAtMs: number): HTMLElement {
    const { viewer } = this.#context;
    const windowState = windowStateOf(thread, round);
    const heading = h('h4', {}, t('span', msg('trial.question', { number: index + 1 })));
    if (thread.answerWindow !== undefined) heading.append(' ', t('span', msg('window.badge', { minutes: thread.answerWindow.minutes }), { class: 'badge badge--sealed', 'data-answer-window': thread.answerWindow.minutes }));
    const question = h(
      'div',
      { class: 'thread__question', 'data-window-state': windowState },
      heading,
      windowState === 'unopened' || windowState === 'hidden' ? null : h('p', { class: 'thread__text', lang: thread.language }, thread.text),
      ...this.#window(round, thread, windowState, receivedAtMs),
    );
    const answers = h('ul', { class: 'thread__answers', 'data-testid': 'thread-answers' }, ...thread.answers.map((a) => this.#answer(a)));
    const sealed =
      thread.sealedFromYou > 0
        ? t('p', msg('trial.sealedFromYou', { count: thread.sealedFromYou }), { class: 'thread__sealed', 'data-sealed-from-you': thread.sealedFromYou })
        : null;
    const empty = thread.answers.length === 0 && thread.sealedFromYou === 0 ? t('p', msg('trial.noAnswers'), { class: 'record-muted' }) : null;
    // A timed question is answered in person, once opened, within the window (or late, flagged, where the round takes late answers).
    const timed = thread.answerWindow !== undefined;
    const windowAllows = !timed || windowState === 'running' || (windowState === 'closed' && round.late.rule === 'acceptFlagged');
    const editors =
      round.status === 'closed' || (timed && windowState !== 'running' && windowState !== 'closed')
        ? []
        : ownAnswers(round, thread.id).filter(({ participantId }) => !timed || participantId === viewer.you.id).map(({ participantId, displayName, answer }) => {
            const key = `${thread.id}:${participantId}`;
            let editor = this.#editors.get(key);
            if (editor === undefined) {
              const { api, hook, evidence, signal } = this.#context;
              editor = new AnswerEditor(api, viewer, { roundId: round.id, threadId: thread.id, forId: participantId, forName: displayName }, hook, evidence, signal);
              this.#editors.set(key, editor);
            }
            // A sealed round's revealed answers are final (the court refuses ANSWER_REVEALED).
            const revealed = round.exchange === 'sealed' && round.revealedAt !== undefined && answer !== undefined;
            editor.sync(answer, open && !revealed && windowAllows, revealed);
            return editor.element;
          });
    return h('section', { class: 'thread', 'data-thread-id': thread.id }, question, answers, sealed, empty, ...editors);
  }

  #answer(answer: AnswerView): HTMLElement {
    const { zone } = this.#context.viewer;
    const meta = h(
      'div',
      { class: 'thread__answer-meta' },
      h('strong', {}, answer.forName),
      ' ',
      t('span', msg('answer.version', { version: answer.version }), { class: 'record-muted' }),
      ' ',
      showInstant(h('span', { class: 'local-time record-muted' }), answer.submittedAt, zone),
      ' ',
      showLanguage(h('span', { class: 'badge badge--muted' }), answer.language),
      answer.late ? t('span', msg('answer.late'), { class: 'badge badge--withdrawn', 'data-late': 'true' }) : null,
      answer.afterReveal ? t('span', msg('answer.afterReveal'), { class: 'badge badge--muted' }) : null,
      answer.sealed ? t('span', msg('answer.sealedFromOthers'), { class: 'badge badge--sealed' }) : null,
      answer.window?.outside ? t('span', msg('window.outside'), { class: 'badge badge--withdrawn', 'data-outside-window': 'true' }) : null,
    );
    const attachments =
      answer.attachments.length === 0
        ? null
        : h(
            'p',
            { class: 'record-muted' },
            t('span', msg('answer.attachments')),
            ' ',
            ...answer.attachments.map((id) => h('span', { class: 'badge badge--muted', 'data-evidence-id': id }, this.#context.evidence.get(id) ?? `${id.slice(0, 8)}…`)),
          );
    return h('li', { class: 'thread__answer', 'data-answer-id': answer.id, 'data-for': answer.for }, meta, h('div', { class: 'answer__text', lang: answer.language }, answer.text), attachments);
  }

  /** A timed question: the offer to open it, the viewer's own window and its countdown, and (for those who see it) who opened it when and answered when. */
  #window(round: RoundView, thread: ThreadView, state: WindowState, receivedAtMs: number): HTMLElement[] {
    const timed = thread.answerWindow;
    if (timed === undefined) return [];
    const { zone } = this.#context.viewer;
    const parts: HTMLElement[] = [];
    if (state === 'unopened') {
      const open = button(msg('window.open'), { class: 'button button--small button--primary', 'data-action': 'open-window' });
      const status = new StatusLine({ 'data-testid': 'window-status' });
      open.disabled = round.status !== 'open';
      open.addEventListener('click', () => void this.#openWindow(thread.id, open, status));
      parts.push(h('div', { class: 'thread__window', 'data-testid': 'window-offer' }, t('p', msg('window.offer', { minutes: timed.minutes }), { class: 'thread__window-offer' }), h('div', { class: 'record-form__actions' }, open), status.element));
    } else if (state === 'hidden') {
      parts.push(t('p', msg('window.hiddenFromYou'), { class: 'record-muted', 'data-testid': 'window-hidden' }));
    } else if (timed.yours !== undefined) {
      const countdown = h('span', { class: 'round__countdown', 'data-testid': 'window-countdown', 'data-countdown-target': windowTarget(timed.yours.closesAt, round.deadline, receivedAtMs), 'data-countdown-passed-key': 'window.closed' });
      tickCountdowns(h('div', {}, countdown), receivedAtMs);
      parts.push(
        h(
          'p',
          { class: 'thread__window', 'data-opened-at': timed.yours.openedAt, 'data-closes-at': timed.yours.closesAt },
          t('span', msg('window.yoursOpened')),
          ' ',
          showInstant(h('span', { class: 'local-time' }), timed.yours.openedAt, zone),
          ' · ',
          t('span', msg('window.yoursCloses')),
          ' ',
          showInstant(h('span', { class: 'local-time' }), timed.yours.closesAt, zone),
          ' · ',
          countdown,
        ),
      );
    }
    if (state === 'readable' || state === 'hidden') parts.push(this.#windowRecord(round, thread));
    return parts;
  }

  #windowRecord(round: RoundView, thread: ThreadView): HTMLElement {
    const { zone } = this.#context.viewer;
    const when = (iso: string | undefined, none: Message, attribute: string) => h('td', { [attribute]: iso ?? '' }, iso === undefined ? t('span', none, { class: 'record-muted' }) : showInstant(h('span', { class: 'local-time' }), iso, zone));
    const head = (['trial.columnParty', 'window.columnOpened', 'window.columnCloses', 'window.columnAnswered'] as const).map((key) => t('th', msg(key)));
    const rows = windowRecord(thread, round).map((row) => {
      const answered = when(row.answeredAt, msg('trial.notYet'), 'data-answered-at');
      if (row.outside) answered.append(' ', t('span', msg('window.outside'), { class: 'badge badge--withdrawn' }));
      return h('tr', { 'data-participant-id': row.participantId }, h('td', {}, row.displayName), when(row.openedAt, msg('window.notOpened'), 'data-opened-at'), when(row.closesAt, msg('trial.notYet'), 'data-closes-at'), answered);
    });
    return h('div', { class: 'record-list' }, h('table', { class: 'record-table', 'data-testid': 'window-record' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows)));
  }

  /** Opens a timed question for the viewer (its window starts now), then shows the round as the court has it. */
  async #openWindow(threadId: string, trigger: HTMLButtonElement, status: StatusLine): Promise<void> {
    const { api, viewer, signal, onRound } = this.#context;
    await whileBusy(trigger, async () => {
      status.clear();
      try {
        await api.post<ThreadView>(`/cases/${viewer.caseId}/rounds/${this.#round.id}/threads/${threadId}/window`, {});
        onRound(await api.get<RoundView>(`/cases/${viewer.caseId}/rounds/${this.#round.id}`, signal));
      } catch (error) {
        status.error(problemMessage(error));
      }
    });
  }

  #extensions(round: RoundView): HTMLElement | null {
    const { viewer } = this.#context;
    const mayDecide = viewer.may.includes('round.extend') && round.status !== 'closed';
    const items = round.extensionRequests.map((request) => {
      const item = h('li', { 'data-request-id': request.id, 'data-request-status': request.status });
      item.append(h('strong', {}, request.byName), ' ', showInstant(h('span', { class: 'local-time record-muted' }), request.requestedAt, viewer.zone), ' ', h('q', {}, request.reason), ' ');
      item.append(t('span', { key: `trial.request.${request.status}` as MessageKey }, { class: 'badge badge--muted' }));
      if (request.granted !== undefined) item.append(' ', t('span', msg('trial.grantedUntil', { time: formatInstant(request.granted.at, viewer.zone) })));
      if (request.decisionReason !== undefined) item.append(' ', h('q', { class: 'record-muted' }, request.decisionReason));
      if (mayDecide && request.status === 'pending') item.append(this.#forms.kept(`decide:${request.id}`, () => this.#decisionForm(request.id)));
      return item;
    });
    const mayRequest = round.you.required && round.status === 'open' && !round.deadline.passed;
    if (items.length === 0 && !mayRequest) return null;
    return h(
      'div',
      { class: 'record-subsection round__extensions' },
      t('h4', msg('trial.extensionsHeading')),
      items.length > 0 ? h('ul', { class: 'round__requests' }, ...items) : null,
      mayRequest ? this.#forms.kept('request', () => this.#requestForm()) : null,
    );
  }

  #requestForm(): HTMLElement {
    const reason = h('textarea', { name: 'extensionReason', class: 'field__input', rows: 2, maxlength: 2000 });
    const status = new StatusLine({ 'data-testid': 'extension-status' });
    const submit = t('button', msg('trial.requestExtension'), { type: 'submit', class: 'button button--small' });
    const form = h('form', { class: 'record-form', novalidate: true, 'data-form': 'request-extension' }, field(msg('trial.extensionReason'), reason, msg('trial.extensionHint')), status.element, h('div', { class: 'record-form__actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (reason.value.trim() === '') {
        status.error(msg('form.required', { field: msg('trial.extensionReason') }));
        return;
      }
      void this.#post(submit, status, `/extension-requests`, { reason: reason.value.trim() }, msg('trial.extensionRequested')).then((ok) => {
        if (ok) reason.value = '';
      });
    });
    return form;
  }

  #decisionForm(requestId: string): HTMLElement {
    const { viewer } = this.#context;
    const picker = deadlinePicker(viewer.zone, `grant-${requestId.slice(0, 8)}`);
    const reason = input({ name: 'decisionReason', maxlength: 2000 });
    const status = new StatusLine({ 'data-testid': 'decision-status' });
    const grant = button(msg('trial.grant'), { class: 'button button--small button--primary', 'data-action': 'grant' });
    const deny = button(msg('trial.deny'), { 'data-action': 'deny' });
    grant.addEventListener('click', () => {
      const deadline = picker.read();
      if ('problem' in deadline) return status.error(deadline.problem);
      void this.#post(grant, status, `/extension-requests/${requestId}/decision`, { grant: true, deadline, ...(reason.value.trim() === '' ? {} : { reason: reason.value.trim() }) }, msg('trial.decided'));
    });
    deny.addEventListener('click', () => {
      if (reason.value.trim() === '') return status.error(msg('form.required', { field: msg('trial.decisionReason') }));
      void this.#post(deny, status, `/extension-requests/${requestId}/decision`, { grant: false, reason: reason.value.trim() }, msg('trial.decided'));
    });
    return h('div', { class: 'record-subsection', 'data-form': 'decide-extension' }, picker.element, field(msg('trial.decisionReason'), reason, msg('trial.decisionHint')), status.element, h('div', { class: 'record-form__actions' }, grant, deny));
  }

  #courtControls(round: RoundView): HTMLElement | null {
    if (round.status === 'closed') return null;
    const { viewer } = this.#context;
    return h(
      'div',
      { class: 'record-subsection round__court' },
      t('h4', msg('trial.courtHeading')),
      viewer.may.includes('round.extend') ? this.#forms.kept('extend', () => this.#extendForm()) : null,
      viewer.may.includes('round.close') ? this.#forms.kept('close', () => this.#closeForm()) : null,
    );
  }

  #extendForm(): HTMLElement {
    const { viewer } = this.#context;
    const how = select(
      [
        { value: 'days', label: msg('trial.extendByDays') },
        { value: 'at', label: msg('trial.extendToTime') },
      ],
      { name: 'extendHow' },
    );
    const days = input({ name: 'addDays', type: 'number', min: 1, max: 365, step: 1, value: 1 });
    const picker = deadlinePicker(viewer.zone, 'extend');
    picker.element.hidden = true;
    const daysField = field(msg('trial.addDays'), days, msg('trial.addDaysHint'));
    how.addEventListener('change', () => {
      picker.element.hidden = how.value !== 'at';
      daysField.hidden = how.value === 'at';
    });
    const reason = input({ name: 'extendReason', maxlength: 2000 });
    const status = new StatusLine({ 'data-testid': 'extend-status' });
    const submit = t('button', msg('trial.extend'), { type: 'submit', class: 'button button--small' });
    const form = h('form', { class: 'record-form', novalidate: true, 'data-form': 'extend-round' }, field(msg('trial.extendHow'), how), daysField, picker.element, field(msg('trial.extendReason'), reason), status.element, h('div', { class: 'record-form__actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      let deadline: object;
      if (how.value === 'days') {
        const n = Number(days.value);
        if (!Number.isInteger(n) || n < 1) return status.error(msg('trial.addDaysInvalid'));
        deadline = { addDays: n };
      } else {
        const picked = picker.read();
        if ('problem' in picked) return status.error(picked.problem);
        deadline = picked;
      }
      void this.#post(submit, status, '/deadline', { deadline, ...(reason.value.trim() === '' ? {} : { reason: reason.value.trim() }) }, msg('trial.extended'));
    });
    return form;
  }

  #closeForm(): HTMLElement {
    const reason = input({ name: 'closeReason', maxlength: 2000 });
    const status = new StatusLine({ 'data-testid': 'close-status' });
    const submit = t('button', msg('trial.close'), { type: 'submit', class: 'button button--small', 'data-action': 'close-round' });
    const form = h('form', { class: 'record-form', novalidate: true, 'data-form': 'close-round' }, field(msg('trial.closeReason'), reason, msg('trial.closeHint')), status.element, h('div', { class: 'record-form__actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#post(submit, status, '/close', reason.value.trim() === '' ? {} : { reason: reason.value.trim() }, msg('trial.closed'));
    });
    return form;
  }

  /** Posts to the round and shows the round the court sends back. */
  async #post(trigger: HTMLButtonElement, status: StatusLine, suffix: string, body: object, done: Message): Promise<boolean> {
    const { api, viewer, onRound } = this.#context;
    const posted = await whileBusy(trigger, async () => {
      status.clear();
      try {
        const round = await api.post<RoundView>(`/cases/${viewer.caseId}/rounds/${this.#round.id}${suffix}`, body);
        status.success(done);
        onRound(round);
        return true;
      } catch (error) {
        status.error(problemMessage(error));
        return false;
      }
    });
    return posted ?? false;
  }
}
