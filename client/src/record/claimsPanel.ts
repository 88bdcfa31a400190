// Claims and issues on the case page (asynchronous trial): the claims the claimant's side stated,
// each with every respondent's current answer (admit, deny, partly admit, reasons, the admitted
// part, evidence of the case) and its version; the form that states claims (the claimant's side)
// and the answer forms (the respondents, their counsel); and, for the court, the undisputed facts
// and the issues in dispute exactly as the court derives them. Kept current by claims:changed.
import { whileBusy } from '../busyControl.js';
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { ClaimAnswerBody, ClaimResponseView, ClaimsAnalysisView, ClaimsView, ClaimView, EvidenceListView, EvidenceView, ParticipantListView, ParticipantView, StateClaimsBody } from './apiTypes.js';
import { answerProblem, answersFor, awaitingAnswers, outcomeOf, statesClaims } from './claimStanding.js';
import { button, field, h, input, section, select, StatusLine, t } from './dom.js';
import { isAbort, type CaseViewer } from './page.js';
import { problemMessage, sectionProblem } from './problems.js';
import { isLanguageTag, showInstant, showLanguage } from './timeFormat.js';
import { sendOnSubmit } from './formSending.js';

export interface ClaimsPanelContext {
  api: Api;
  viewer: CaseViewer;
  signal: AbortSignal;
  /** Something on the record changed (the timeline shows it). */
  onChanged: () => void;
}

const POSITION_KEYS = { admit: 'claims.position.admit', deny: 'claims.position.deny', partlyAdmit: 'claims.position.partlyAdmit' } as const;

export class ClaimsPanel {
  readonly element: HTMLElement;
  readonly #context: ClaimsPanelContext;
  readonly #analysis = h('div', { class: 'claims__analysis', 'data-testid': 'claims-analysis' });
  readonly #table = h('div', { class: 'claims__list', 'data-testid': 'claims' });
  readonly #stateForm = h('div', { class: 'claims__state' });
  readonly #names = new Map<string, string>();
  readonly #answerForms = new Map<string, ClaimAnswerForm>();
  #evidence: EvidenceView[] = [];
  #respondents: ParticipantView[] = [];

  constructor(context: ClaimsPanelContext) {
    this.#context = context;
    const courtSees = context.viewer.may.includes('claim.analyse');
    this.element = section(msg('claims.heading'), 'claims', t('p', msg('claims.intro'), { class: 'record-intro' }), courtSees ? this.#analysis : null, this.#table, this.#stateForm);
    this.element.dataset.testid = 'claims-panel';
  }

  async reload(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const [claims, analysis] = await Promise.all([
        api.get<ClaimsView>(`/cases/${viewer.caseId}/claims`, signal),
        viewer.may.includes('claim.analyse') ? api.get<ClaimsAnalysisView>(`/cases/${viewer.caseId}/claims/analysis`, signal) : Promise.resolve(undefined),
        this.#loadParticipants(),
        this.#loadEvidence(),
      ]);
      if (statesClaims(viewer.you) && viewer.may.includes('claim.state') && this.#stateForm.childElementCount === 0) {
        this.#stateForm.replaceChildren(stateClaimsForm(this.#context, this.#respondents, (view) => this.#show(view, undefined, true)));
      }
      this.#show(claims, analysis, false);
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.#table.replaceChildren(sectionProblem(error));
    }
  }

  /** claims:changed: the claims now, and (to the court) the analysis. */
  pushed(event: { caseId: string; claims: ClaimsView; analysis?: ClaimsAnalysisView }): void {
    if (event.caseId !== this.#context.viewer.caseId) return;
    // An answer may cite evidence filed since the page loaded: learn its title first.
    const known = new Set(this.#evidence.map((e) => e.id));
    const cited = event.claims.claims.some((c) => c.responses.some((r) => r.evidence.some((id) => !known.has(id))));
    if (cited) void this.#loadEvidence().then(() => this.#show(event.claims, event.analysis, false));
    else this.#show(event.claims, event.analysis, false);
  }

  async #loadParticipants(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const { participants } = await api.get<ParticipantListView>(`/cases/${viewer.caseId}/participants`, signal);
      for (const p of participants) this.#names.set(p.id, p.displayName);
      this.#respondents = participants.filter((p) => p.role === 'respondent' && p.removedAt === undefined);
    } catch {
      // Names are a nicety: the claims carry the respondents' names once they answer.
    }
  }

  async #loadEvidence(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      this.#evidence = (await api.get<EvidenceListView>(`/cases/${viewer.caseId}/evidence`, signal)).evidence;
    } catch {
      // Evidence titles are a nicety: references then show their ids.
    }
  }

  #nameOf(id: string): string {
    return this.#names.get(id) ?? `${id.slice(0, 8)}…`;
  }

  #titleOf(id: string): string {
    return this.#evidence.find((e) => e.id === id)?.title ?? `${id.slice(0, 8)}…`;
  }

  #show(view: ClaimsView, analysis: ClaimsAnalysisView | undefined, changedHere: boolean): void {
    for (const claim of view.claims) for (const r of claim.responses) this.#names.set(r.respondentId, r.respondentName);
    this.#table.replaceChildren(view.claims.length === 0 ? t('p', msg('claims.none'), { class: 'record-muted', 'data-testid': 'no-claims' }) : h('ol', { class: 'claims__items' }, ...view.claims.map((c) => this.#claim(c))));
    if (analysis !== undefined) this.#showAnalysis(analysis);
    if (changedHere) this.#context.onChanged();
  }

  #claim(claim: ClaimView): HTMLElement {
    const { viewer } = this.#context;
    const outcome = outcomeOf(claim);
    const awaiting = awaitingAnswers(claim);
    const head = h(
      'div',
      { class: 'claim__head' },
      t('strong', msg('claims.number', { number: claim.number })),
      ' ',
      t('span', { key: `claims.outcome.${outcome}` as MessageKey }, { class: `badge ${outcome === 'admitted' ? 'badge--stage' : outcome === 'awaiting' ? 'badge--muted' : 'badge--withdrawn'}`, 'data-outcome': outcome }),
      ' ',
      showLanguage(h('span', { class: 'badge badge--muted' }), claim.language),
    );
    const meta = h(
      'p',
      { class: 'record-muted claim__meta' },
      t('span', msg('claims.against', { names: claim.against.map((id) => this.#nameOf(id)).join(', ') })),
      ' · ',
      t('span', msg('claims.statedBy', { name: claim.statedByName })),
      ' ',
      showInstant(h('span', { class: 'local-time' }), claim.statedAt, viewer.zone),
    );
    const responses = h('ul', { class: 'claim__responses', 'data-testid': 'claim-responses' }, ...claim.responses.map((r) => this.#response(r)));
    const waiting = awaiting.length > 0 ? t('p', msg('claims.awaiting', { names: awaiting.map((id) => this.#nameOf(id)).join(', ') }), { class: 'record-muted', 'data-awaiting': awaiting.join(' ') }) : null;
    const forms = viewer.may.includes('claim.answer')
      ? answersFor(claim, viewer.you).map((respondentId) => {
          const key = `${claim.id}:${respondentId}`;
          let form = this.#answerForms.get(key);
          if (form === undefined) {
            form = new ClaimAnswerForm(this.#context, claim, respondentId, this.#nameOf(respondentId), (view) => this.#show(view, undefined, true));
            this.#answerForms.set(key, form);
          }
          form.sync(claim.responses.find((r) => r.respondentId === respondentId), this.#evidence);
          return form.element;
        })
      : [];
    return h(
      'li',
      { class: 'claim', 'data-claim-id': claim.id, 'data-claim-number': claim.number, 'data-outcome': outcome },
      head,
      h('p', { class: 'claim__text', lang: claim.language }, claim.text),
      meta,
      responses,
      waiting,
      ...forms,
    );
  }

  #response(r: ClaimResponseView): HTMLElement {
    const { zone } = this.#context.viewer;
    return h(
      'li',
      { class: 'claim__response', 'data-respondent-id': r.respondentId, 'data-position': r.position, 'data-version': r.version },
      h(
        'div',
        { class: 'thread__answer-meta' },
        h('strong', {}, r.respondentName),
        ' ',
        t('span', msg(POSITION_KEYS[r.position]), { class: `badge ${r.position === 'admit' ? 'badge--stage' : 'badge--withdrawn'}` }),
        ' ',
        t('span', msg('answer.version', { version: r.version }), { class: 'record-muted' }),
        ' ',
        showInstant(h('span', { class: 'local-time record-muted' }), r.at, zone),
        r.byName !== r.respondentName ? t('span', msg('claims.answeredBy', { name: r.byName }), { class: 'record-muted' }) : null,
      ),
      r.admittedPart !== undefined ? h('p', { class: 'claim__admitted' }, t('span', msg('claims.admittedPart'), { class: 'field__label' }), ' ', h('span', { lang: r.language }, r.admittedPart)) : null,
      r.reasons !== undefined ? h('p', { class: 'claim__reasons' }, t('span', msg('claims.reasons'), { class: 'field__label' }), ' ', h('span', { lang: r.language }, r.reasons)) : null,
      this.#evidenceLine(r.evidence),
    );
  }

  #evidenceLine(ids: readonly string[]): HTMLElement | null {
    if (ids.length === 0) return null;
    return h('p', { class: 'record-muted' }, t('span', msg('claims.evidence')), ' ', ...ids.map((id) => h('span', { class: 'badge badge--muted', 'data-evidence-id': id }, this.#titleOf(id))));
  }

  #showAnalysis(analysis: ClaimsAnalysisView): void {
    const { zone } = this.#context.viewer;
    const facts = analysis.undisputedFacts.map((f) =>
      h(
        'li',
        { 'data-claim-id': f.claimId, 'data-basis': f.basis },
        t('strong', msg('claims.number', { number: f.number })),
        ' ',
        h('span', { class: 'claims__fact' }, f.text),
        ' ',
        t('span', msg(f.basis === 'admitted' ? 'claims.basisAdmitted' : 'claims.basisPartlyAdmitted', { names: f.admittedBy.map((a) => a.respondentName).join(', ') }), { class: 'record-muted' }),
      ),
    );
    const issues = analysis.issuesInDispute.map((issue) =>
      h(
        'li',
        { 'data-claim-id': issue.claimId, 'data-kind': issue.kind },
        h('p', {}, t('strong', msg('claims.number', { number: issue.number })), ' ', h('span', {}, issue.claim), ' ', t('span', msg(issue.kind === 'denied' ? 'claims.issueDenied' : 'claims.issuePartly'), { class: 'badge badge--withdrawn' })),
        h(
          'ul',
          { class: 'claims__positions' },
          ...issue.positions.map((p) =>
            h(
              'li',
              { 'data-respondent-id': p.respondentId, 'data-position': p.position },
              h('strong', {}, p.respondentName),
              ' ',
              t('span', msg(POSITION_KEYS[p.position]), { class: 'badge badge--muted' }),
              ' ',
              showInstant(h('span', { class: 'local-time record-muted' }), p.at, zone),
              p.admittedPart !== undefined ? h('div', {}, t('span', msg('claims.admittedPart'), { class: 'field__label' }), ' ', h('span', {}, p.admittedPart)) : null,
              p.reasons !== undefined ? h('div', {}, t('span', msg('claims.reasons'), { class: 'field__label' }), ' ', h('span', {}, p.reasons)) : null,
            ),
          ),
        ),
        this.#evidenceLine(issue.evidence),
      ),
    );
    const unanswered = analysis.unanswered.map((u) =>
      h('li', { 'data-claim-id': u.claimId }, t('strong', msg('claims.number', { number: u.number })), ' ', h('span', {}, u.claim), ' ', t('span', msg('claims.awaiting', { names: u.awaiting.map((id) => this.#nameOf(id)).join(', ') }), { class: 'record-muted' })),
    );
    const list = (heading: Message, testid: string, items: HTMLElement[], empty: Message) =>
      h('div', { class: 'record-subsection' }, t('h3', heading), items.length === 0 ? t('p', empty, { class: 'record-muted', 'data-testid': `${testid}-empty` }) : h('ul', { class: 'claims__analysis-list', 'data-testid': testid }, ...items));
    this.#analysis.replaceChildren(
      t('p', msg('claims.analysisIntro'), { class: 'record-intro' }),
      list(msg('claims.undisputedHeading'), 'undisputed-facts', facts, msg('claims.noUndisputed')),
      list(msg('claims.issuesHeading'), 'issues-in-dispute', issues, msg('claims.noIssues')),
      list(msg('claims.unansweredHeading'), 'unanswered-claims', unanswered, msg('claims.noUnanswered')),
    );
  }
}

/** One respondent's answer to one claim: kept across pushes, so what is typed survives them. */
class ClaimAnswerForm {
  readonly element: HTMLFormElement;
  readonly #context: ClaimsPanelContext;
  readonly #claimId: string;
  readonly #respondentId: string;
  readonly #position = select(
    [
      { value: 'admit', label: msg('claims.position.admit') },
      { value: 'deny', label: msg('claims.position.deny') },
      { value: 'partlyAdmit', label: msg('claims.position.partlyAdmit') },
    ],
    { name: 'position' },
  );
  readonly #reasons = h('textarea', { name: 'claimReasons', class: 'field__input', rows: 3, maxlength: 8000 });
  readonly #admitted = h('textarea', { name: 'admittedPart', class: 'field__input', rows: 2, maxlength: 4000 });
  readonly #admittedField: HTMLLabelElement;
  readonly #language: HTMLInputElement;
  readonly #evidence = h('div', { class: 'round-form__required', 'data-testid': 'claim-evidence-choice' });
  readonly #status = new StatusLine({ 'data-testid': 'claim-answer-status' });
  readonly #submit = t('button', msg('claims.answerSubmit'), { type: 'submit', class: 'button button--small button--primary', 'data-action': 'answer-claim' });
  readonly #current = h('p', { class: 'record-muted' });
  #response: ClaimResponseView | undefined;
  #dirty = false;

  constructor(context: ClaimsPanelContext, claim: ClaimView, respondentId: string, respondentName: string, onClaims: (view: ClaimsView) => void) {
    this.#context = context;
    this.#claimId = claim.id;
    this.#respondentId = respondentId;
    this.#language = input({ name: 'claimAnswerLanguage', spellcheck: 'false', value: context.viewer.you.locale, maxlength: 35 });
    this.#admittedField = field(msg('claims.admittedPartField'), this.#admitted, msg('claims.admittedPartHint'));
    const showAdmitted = () => (this.#admittedField.hidden = this.#position.value !== 'partlyAdmit');
    showAdmitted();
    this.#position.addEventListener('change', showAdmitted);
    for (const control of [this.#position, this.#reasons, this.#admitted, this.#language, this.#evidence]) control.addEventListener('input', () => (this.#dirty = true));
    this.element = h(
      'form',
      { class: 'record-form answer-editor', novalidate: true, 'data-form': 'answer-claim', 'data-claim-id': claim.id, 'data-for': respondentId },
      t('h4', msg('claims.answerHeading', { number: claim.number, name: respondentName })),
      this.#current,
      h('div', { class: 'record-form__row' }, field(msg('claims.position'), this.#position), field(msg('answer.language'), this.#language, msg('answer.languageHint'))),
      field(msg('claims.reasonsField'), this.#reasons, msg('claims.reasonsHint')),
      this.#admittedField,
      h('div', { class: 'record-subsection' }, t('span', msg('claims.evidencePick'), { class: 'field__label' }), this.#evidence),
      this.#status.element,
      h('div', { class: 'record-form__actions' }, this.#submit),
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send(onClaims);
    });
  }

  /** The respondent's current answer (from a fetch or a push) and the evidence that may be cited. */
  sync(response: ClaimResponseView | undefined, evidence: readonly EvidenceView[]): void {
    const moved = response?.version !== this.#response?.version;
    this.#response = response;
    if (response !== undefined && moved && !this.#dirty) {
      this.#position.value = response.position;
      this.#position.dispatchEvent(new Event('change'));
      this.#reasons.value = response.reasons ?? '';
      this.#admitted.value = response.admittedPart ?? '';
      this.#language.value = response.language;
    }
    const checked = new Set(this.#dirty || response === undefined ? this.#checked() : response.evidence);
    this.#evidence.replaceChildren(
      ...evidence
        .filter((e) => e.withdrawnAt === undefined)
        .map((e) => h('label', { class: 'round-form__choice' }, h('input', { type: 'checkbox', name: 'claimEvidence', value: e.id, checked: checked.has(e.id) }), ' ', h('span', {}, e.title))),
    );
    if (evidence.length === 0) this.#evidence.append(t('span', msg('evidence.empty'), { class: 'record-muted' }));
    this.#current.replaceChildren(response === undefined ? t('span', msg('claims.notAnswered')) : t('span', msg('claims.yourVersion', { version: response.version })));
    this.#current.dataset.version = String(response?.version ?? 0);
  }

  #checked(): string[] {
    return [...this.#evidence.querySelectorAll<HTMLInputElement>('input[name="claimEvidence"]:checked')].map((box) => box.value);
  }

  async #send(onClaims: (view: ClaimsView) => void): Promise<void> {
    this.#status.clear();
    const position = this.#position.value as ClaimAnswerBody['position'];
    const reasons = this.#reasons.value.trim();
    const admittedPart = this.#admitted.value.trim();
    const language = this.#language.value.trim();
    const problem = answerProblem(position, reasons, admittedPart);
    if (problem === 'reasonsRequired') return this.#status.error(msg('form.required', { field: msg('claims.reasonsField') }));
    if (problem === 'admittedPartRequired') return this.#status.error(msg('form.required', { field: msg('claims.admittedPartField') }));
    if (!isLanguageTag(language)) return this.#status.error(msg('form.invalidLocale', { tag: language }));
    const { api, viewer } = this.#context;
    const body: ClaimAnswerBody = {
      position,
      language,
      evidence: this.#checked(),
      ...(reasons === '' ? {} : { reasons }),
      ...(position === 'partlyAdmit' ? { admittedPart } : {}),
      ...(this.#respondentId === viewer.you.id ? {} : { for: this.#respondentId }),
      ...(this.#response === undefined ? {} : { basedOnVersion: this.#response.version }),
    };
    await whileBusy(this.#submit, async () => {
      try {
        const view = await api.post<ClaimsView>(`/cases/${viewer.caseId}/claims/${this.#claimId}/answers`, body);
        this.#dirty = false;
        const stored = view.claims.find((c) => c.id === this.#claimId)?.responses.find((r) => r.respondentId === this.#respondentId);
        onClaims(view);
        this.#status.success(msg('claims.answered', { version: stored?.version ?? 1 }));
      } catch (error) {
        this.#status.error(problemMessage(error));
      }
    });
  }
}

/** The claimant's side states claims: a list, each with its language and (with several respondents) whom it is against. */
function stateClaimsForm(context: ClaimsPanelContext, respondents: readonly ParticipantView[], onClaims: (view: ClaimsView) => void): HTMLElement {
  const { api, viewer } = context;
  const rows = h('ol', { class: 'round-form__questions', 'data-testid': 'claim-rows' });
  const addRow = () => {
    const text = h('textarea', { name: 'claimText', class: 'field__input', rows: 2, maxlength: 4000 });
    const language = input({ name: 'claimLanguage', spellcheck: 'false', value: viewer.you.locale, maxlength: 35 });
    const against =
      respondents.length > 1
        ? h(
            'div',
            { class: 'round-form__required' },
            t('span', msg('claims.againstPick'), { class: 'field__label' }),
            ...respondents.map((p) => h('label', { class: 'round-form__choice' }, h('input', { type: 'checkbox', name: 'claimAgainst', value: p.id, checked: true }), ' ', h('span', {}, p.displayName))),
          )
        : null;
    const remove = button(msg('trial.removeQuestion'), { 'data-action': 'remove-claim' });
    const item = h('li', { class: 'record-form__row', 'data-claim-row': '' }, field(msg('claims.text'), text), h('div', {}, field(msg('claims.language'), language), against, remove));
    remove.addEventListener('click', () => {
      if (rows.children.length > 1) item.remove();
    });
    rows.append(item);
  };
  addRow();
  const more = button(msg('claims.addClaim'), { 'data-action': 'add-claim' });
  more.addEventListener('click', addRow);
  const status = new StatusLine({ 'data-testid': 'state-claims-status' });
  const submit = t('button', msg('claims.stateSubmit'), { type: 'submit', class: 'button button--primary', 'data-action': 'state-claims' });
  const form = h(
    'form',
    { class: 'record-form', novalidate: true, 'data-form': 'state-claims' },
    t('span', msg('claims.stateHint'), { class: 'field__hint' }),
    rows,
    h('div', { class: 'record-form__actions' }, more),
    status.element,
    h('div', { class: 'record-form__actions' }, submit),
  );
  const read = (): StateClaimsBody | { problem: Message } => {
    const claims: StateClaimsBody['claims'] = [];
    for (const item of rows.querySelectorAll('li[data-claim-row]')) {
      const text = item.querySelector<HTMLTextAreaElement>('textarea[name="claimText"]')!.value.trim();
      const language = item.querySelector<HTMLInputElement>('input[name="claimLanguage"]')!.value.trim();
      if (text === '') return { problem: msg('form.required', { field: msg('claims.text') }) };
      if (!isLanguageTag(language)) return { problem: msg('form.invalidLocale', { tag: language }) };
      const boxes = [...item.querySelectorAll<HTMLInputElement>('input[name="claimAgainst"]')];
      const against = boxes.filter((b) => b.checked).map((b) => b.value);
      if (boxes.length > 0 && against.length === 0) return { problem: msg('claims.nobodyAgainst') };
      claims.push({ text, language, ...(against.length === boxes.length ? {} : { against }) });
    }
    return { claims };
  };
  sendOnSubmit(form, { submit, status }, read, async (body) => {
    const view = await api.post<ClaimsView>(`/cases/${viewer.caseId}/claims`, body);
    status.success(msg('claims.stated', { count: body.claims.length }));
    rows.replaceChildren();
    addRow();
    onClaims(view);
  });
  return h('div', { class: 'record-subsection', 'data-testid': 'state-claims' }, t('h3', msg('claims.stateHeading')), form);
}
