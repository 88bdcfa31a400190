// Cross-examination of the evidence (asynchronous trial), beside the evidence list: for each
// item on the open record, the opposing side's view of its authenticity, legality and relevance
// (accepted or disputed, with reasons), the filing side's replies, the court's questions to a
// side and the answers, in order; where it stands (each opposing side's latest view, the points
// disputed, who has not stated a view); and the forms the viewer's part allows. Kept current by
// evidence:crossExamined; what is typed in a form survives a push.
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import { EXAMINATION_POINTS, type CrossExaminationListView, type CrossExaminationPostBody, type CrossExaminationView, type ExaminationPostView } from './apiTypes.js';
import { sideOf, type Side } from './claimStanding.js';
import { button, field, h, input, select, section, StatusLine, t } from './dom.js';
import { KeptForms } from './keptForms.js';
import { opposingSides, partIn, unansweredQuestions } from './examinationStanding.js';
import { isAbort, type CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';
import { isLanguageTag, showInstant, showLanguage } from './timeFormat.js';
import { isFormProblem, sendOnSubmit, type FormProblem } from './formSending.js';

export interface CrossExaminationContext {
  api: Api;
  viewer: CaseViewer;
  signal: AbortSignal;
  onChanged: () => void;
}

const sideMessage = (side: Side): Message => ({ key: `trial.side.${side}` as MessageKey });
const pointMessage = (point: string): Message => ({ key: `examination.point.${point}` as MessageKey });

export class CrossExaminationPanel {
  readonly element: HTMLElement;
  readonly #context: CrossExaminationContext;
  readonly #items = h('div', { class: 'examinations', 'data-testid': 'cross-examinations' });
  readonly #cards = new Map<string, ExaminationCard>();

  constructor(context: CrossExaminationContext) {
    this.#context = context;
    this.element = section(msg('examination.heading'), 'examination', t('p', msg('examination.intro'), { class: 'record-intro' }), this.#items);
    this.element.dataset.testid = 'examination-panel';
  }

  async reload(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const { items } = await api.get<CrossExaminationListView>(`/cases/${viewer.caseId}/cross-examinations`, signal);
      if (items.length === 0) {
        this.#items.replaceChildren(t('p', msg('examination.none'), { class: 'record-muted', 'data-testid': 'no-examinations' }));
        return;
      }
      this.#items.replaceChildren(...items.map((view) => this.#upsert(view).element));
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.#items.replaceChildren(sectionProblem(error));
    }
  }

  /** evidence:crossExamined: the item's thread now. */
  pushed(event: { caseId: string; crossExamination: CrossExaminationView }): void {
    if (event.caseId !== this.#context.viewer.caseId) return;
    const isNew = !this.#cards.has(event.crossExamination.evidenceId);
    const card = this.#upsert(event.crossExamination);
    if (isNew) {
      this.#items.querySelector('[data-testid="no-examinations"]')?.remove();
      this.#items.append(card.element);
    }
  }

  #upsert(view: CrossExaminationView): ExaminationCard {
    let card = this.#cards.get(view.evidenceId);
    if (card === undefined) {
      card = new ExaminationCard(this.#context, view, () => this.#context.onChanged());
      this.#cards.set(view.evidenceId, card);
    } else card.update(view);
    return card;
  }
}

/** One evidence item's cross-examination. */
class ExaminationCard {
  readonly element: HTMLElement;
  readonly #context: CrossExaminationContext;
  readonly #onPosted: () => void;
  readonly #forms = new KeptForms();
  #view: CrossExaminationView;

  constructor(context: CrossExaminationContext, view: CrossExaminationView, onPosted: () => void) {
    this.#context = context;
    this.#onPosted = onPosted;
    this.#view = view;
    this.element = h('article', { class: 'round examination', 'data-evidence-id': view.evidenceId });
    this.update(view);
  }

  update(view: CrossExaminationView): void {
    this.#view = view;
    const { viewer } = this.#context;
    const side = sideOf(viewer.you);
    const part = partIn(view, side, viewer.may.includes('crossExamination.question'));
    const mayWrite = viewer.may.includes('crossExamination.state');
    this.element.dataset.disputed = view.summary.disputed.join(' ');
    this.element.dataset.posts = String(view.posts.length);
    const answerable = mayWrite ? unansweredQuestions(view.posts, side) : [];
    for (const key of [...this.#forms.keys()]) {
      if (key.startsWith('answer:') && !answerable.some((q) => `answer:${q.id}` === key)) this.#forms.delete(key);
    }
    this.element.replaceChildren(
      ...[
        this.#header(view),
        this.#summary(view),
        this.#thread(view),
        mayWrite && part.opinion ? this.#forms.kept('opinion', () => this.#opinionForm()) : null,
        mayWrite && part.reply && view.summary.opinions.length > 0 ? this.#forms.kept('reply', () => this.#replyForm()) : null,
        ...answerable.map((question) => this.#forms.kept(`answer:${question.id}`, () => this.#answerForm(question))),
        part.question ? this.#forms.kept('question', () => this.#questionForm()) : null,
      ].filter((part): part is HTMLElement => part !== null),
    );
  }

  #header(view: CrossExaminationView): HTMLElement {
    return h(
      'header',
      { class: 'round__header' },
      h('h3', { class: 'round__title' }, view.title),
      h(
        'div',
        { class: 'record-meta' },
        t('span', view.filingSide === undefined ? msg('examination.filedByCourt') : msg('examination.filedBySide', { side: sideMessage(view.filingSide) }), { class: 'badge badge--muted', 'data-filing-side': view.filingSide ?? 'court' }),
        view.withdrawn ? t('span', msg('evidence.withdrawn'), { class: 'badge badge--withdrawn' }) : null,
      ),
    );
  }

  #summary(view: CrossExaminationView): HTMLElement {
    const sides = opposingSides(view.filingSide);
    const head = h('tr', {}, t('th', msg('examination.columnPoint')), ...sides.map((s) => t('th', sideMessage(s))));
    const rows = EXAMINATION_POINTS.map((point) =>
      h(
        'tr',
        { 'data-point': point },
        t('td', pointMessage(point)),
        ...sides.map((s) => {
          const opinion = view.summary.opinions.find((o) => o.side === s)?.opinion[point];
          if (opinion === undefined) return h('td', { 'data-side': s }, t('span', msg('examination.noView'), { class: 'record-muted' }));
          return h(
            'td',
            { 'data-side': s, 'data-stance': opinion.stance },
            t('span', { key: `examination.stance.${opinion.stance}` as MessageKey }, { class: `badge ${opinion.stance === 'dispute' ? 'badge--withdrawn' : 'badge--stage'}` }),
            ' ',
            h('span', { class: 'examination__reasons' }, opinion.reasons),
          );
        }),
      ),
    );
    const disputed =
      view.summary.disputed.length === 0
        ? t('p', msg('examination.nothingDisputed'), { class: 'record-muted', 'data-testid': 'disputed-points' })
        : h('p', { 'data-testid': 'disputed-points' }, t('strong', msg('examination.disputed')), ' ', ...view.summary.disputed.map((p) => t('span', pointMessage(p), { class: 'badge badge--withdrawn', 'data-disputed-point': p })));
    const awaiting =
      view.summary.awaiting.length === 0 ? null : h('p', { class: 'record-muted', 'data-awaiting': view.summary.awaiting.join(' ') }, t('span', msg('examination.awaiting')), ' ', ...view.summary.awaiting.map((s) => t('span', sideMessage(s), { class: 'badge badge--muted' })));
    return h('div', { class: 'record-list examination__summary' }, h('table', { class: 'record-table', 'data-testid': 'examination-summary' }, h('thead', {}, head), h('tbody', {}, ...rows)), disputed, awaiting);
  }

  #thread(view: CrossExaminationView): HTMLElement {
    if (view.posts.length === 0) return t('p', msg('examination.noPosts'), { class: 'record-muted' });
    return h('ol', { class: 'thread__answers', 'data-testid': 'examination-thread' }, ...view.posts.map((post) => this.#post(post, view.posts)));
  }

  #post(post: ExaminationPostView, posts: readonly ExaminationPostView[]): HTMLElement {
    const { zone } = this.#context.viewer;
    const replyTo = post.inReplyTo === undefined ? undefined : posts.find((p) => p.id === post.inReplyTo);
    const meta = h(
      'div',
      { class: 'thread__answer-meta' },
      t('span', { key: `examination.kind.${post.kind}` as MessageKey }, { class: 'badge badge--stage' }),
      h('strong', {}, post.byName),
      t('span', { key: `role.${post.role}` as MessageKey }, { class: 'badge badge--muted' }),
      showInstant(h('span', { class: 'local-time record-muted' }), post.at, zone),
      showLanguage(h('span', { class: 'badge badge--muted' }), post.language),
      post.kind === 'question' ? t('span', post.to === undefined ? msg('examination.toBoth') : msg('examination.toSide', { side: sideMessage(post.to) }), { class: 'record-muted', 'data-to': post.to ?? 'both' }) : null,
      replyTo !== undefined ? t('span', msg('examination.inReplyTo', { name: replyTo.byName }), { class: 'record-muted' }) : null,
    );
    const body =
      post.opinion !== undefined
        ? h(
            'ul',
            { class: 'examination__opinion' },
            ...EXAMINATION_POINTS.map((point) =>
              h(
                'li',
                { 'data-point': point, 'data-stance': post.opinion![point].stance },
                t('strong', pointMessage(point)),
                ' ',
                t('span', { key: `examination.stance.${post.opinion![point].stance}` as MessageKey }, { class: 'badge badge--muted' }),
                ' ',
                h('span', { lang: post.language }, post.opinion![point].reasons),
              ),
            ),
          )
        : h('div', { class: 'answer__text', lang: post.language }, post.text ?? '');
    return h('li', { class: 'thread__answer', 'data-post-id': post.id, 'data-kind': post.kind, 'data-side': post.side ?? 'court' }, meta, body);
  }

  #language(): HTMLInputElement {
    return input({ name: 'examLanguage', spellcheck: 'false', value: this.#context.viewer.you.locale, maxlength: 35 });
  }

  #opinionForm(): HTMLElement {
    const points = EXAMINATION_POINTS.map((point) => {
      const stance = select(
        [
          { value: 'accept', label: msg('examination.stance.accept') },
          { value: 'dispute', label: msg('examination.stance.dispute') },
        ],
        { name: `${point}Stance` },
      );
      const reasons = h('textarea', { name: `${point}Reasons`, class: 'field__input', rows: 2, maxlength: 8000 });
      return { point, stance, reasons, row: h('div', { class: 'record-form__row', 'data-point': point }, field(pointMessage(point), stance), field(msg('examination.reasons'), reasons)) };
    });
    const language = this.#language();
    const form = this.#form('opinion', msg('examination.opinionHeading'), msg('examination.opinionSubmit'), [...points.map((p) => p.row), field(msg('answer.language'), language)], () => {
      const missing = points.find((p) => p.reasons.value.trim() === '');
      if (missing) return { problem: msg('examination.reasonsRequired', { point: pointMessage(missing.point) }) };
      const opinion = Object.fromEntries(points.map((p) => [p.point, { stance: p.stance.value as 'accept' | 'dispute', reasons: p.reasons.value.trim() }])) as Extract<CrossExaminationPostBody, { kind: 'opinion' }>['opinion'];
      return { kind: 'opinion', opinion, language: language.value.trim() };
    });
    // Restating a view starts from the side's latest one.
    const latest = this.#view.summary.opinions.find((o) => o.side === sideOf(this.#context.viewer.you));
    if (latest !== undefined) {
      for (const p of points) {
        p.stance.value = latest.opinion[p.point].stance;
        p.reasons.value = latest.opinion[p.point].reasons;
      }
    }
    return form;
  }

  #replyForm(): HTMLElement {
    const text = h('textarea', { name: 'replyText', class: 'field__input', rows: 3, maxlength: 8000 });
    const language = this.#language();
    return this.#form('reply', msg('examination.replyHeading'), msg('examination.replySubmit'), [field(msg('examination.replyText'), text), field(msg('answer.language'), language)], () => {
      if (text.value.trim() === '') return { problem: msg('form.required', { field: msg('examination.replyText') }) };
      // A reply answers the latest view (of the one opposing side; with two, the newer one).
      const latest = [...this.#view.summary.opinions].sort((a, b) => b.at.localeCompare(a.at))[0];
      return { kind: 'reply', text: text.value.trim(), language: language.value.trim(), ...(latest === undefined ? {} : { inReplyTo: latest.postId }) };
    });
  }

  #questionForm(): HTMLElement {
    const text = h('textarea', { name: 'examQuestionText', class: 'field__input', rows: 2, maxlength: 8000 });
    const to = select(
      [
        { value: '', label: msg('examination.toBoth') },
        { value: 'claimant', label: sideMessage('claimant') },
        { value: 'respondent', label: sideMessage('respondent') },
      ],
      { name: 'questionTo' },
    );
    const language = this.#language();
    return this.#form('question', msg('examination.questionHeading'), msg('examination.questionSubmit'), [field(msg('examination.questionText'), text), h('div', { class: 'record-form__row' }, field(msg('examination.questionTo'), to), field(msg('answer.language'), language))], () => {
      if (text.value.trim() === '') return { problem: msg('form.required', { field: msg('examination.questionText') }) };
      return { kind: 'question', text: text.value.trim(), language: language.value.trim(), ...(to.value === '' ? {} : { to: to.value as Side }) };
    });
  }

  #answerForm(question: ExaminationPostView): HTMLElement {
    const text = h('textarea', { name: 'examAnswerText', class: 'field__input', rows: 3, maxlength: 8000 });
    const language = this.#language();
    const form = this.#form('answer-question', msg('examination.answerHeading'), msg('examination.answerSubmit'), [h('q', { lang: question.language }, question.text ?? ''), field(msg('examination.answerText'), text), field(msg('answer.language'), language)], () => {
      if (text.value.trim() === '') return { problem: msg('form.required', { field: msg('examination.answerText') }) };
      return { kind: 'answer', text: text.value.trim(), language: language.value.trim(), inReplyTo: question.id };
    });
    form.dataset.questionId = question.id;
    return form;
  }

  /** A form that posts to the item's thread and shows the thread the court sends back. */
  #form(kind: string, heading: Message, submitLabel: Message, fields: HTMLElement[], read: () => CrossExaminationPostBody | { problem: Message }): HTMLElement {
    const status = new StatusLine({ 'data-testid': `examination-${kind}-status` });
    const submit = t('button', submitLabel, { type: 'submit', class: 'button button--small button--primary', 'data-action': `examination-${kind}` });
    const form = h('form', { class: 'record-form answer-editor', novalidate: true, 'data-form': `examination-${kind}` }, t('h4', heading), ...fields, status.element, h('div', { class: 'record-form__actions' }, submit));
    // The language is checked as the server checks it (the fields are free text).
    const readChecked = (): CrossExaminationPostBody | FormProblem => {
      const body = read();
      if (isFormProblem(body) || isLanguageTag(body.language)) return body;
      return { problem: msg('form.invalidLocale', { tag: body.language }) };
    };
    sendOnSubmit(form, { submit, status }, readChecked, async (body) => {
      const { api, viewer } = this.#context;
      const view = await api.post<CrossExaminationView>(`/cases/${viewer.caseId}/evidence/${this.#view.evidenceId}/cross-examination`, body);
      if (kind !== 'opinion') for (const area of form.querySelectorAll('textarea')) area.value = '';
      status.success(msg('examination.posted'));
      this.update(view);
      this.#onPosted();
    });
    return form;
  }
}
