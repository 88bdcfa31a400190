// The presiding side opens a round: its stage, an optional title, one or more questions (each
// with its language), who must answer, the deadline on the clock of any zone, the exchange rule
// (sequential, or sealed until everyone has answered or the deadline passes) and the late rule.
// The mediator may hold the round privately with one side (a caucus, caucusChoice.ts): only that
// side's members can then be asked, the exchange is sequential and no question is timed.
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import { ANSWERING_ROLES, EXCHANGE_RULES, TRIAL_STAGES, type OpenRoundBody, type ParticipantView, type RoundView } from './apiTypes.js';
import { deadlinePicker } from './deadlinePicker.js';
import { caucusMembers, caucusProblem, type CaucusProblem } from './caucusChoice.js';
import type { Side } from './claimStanding.js';
import { button, field, h, input, select, StatusLine, t } from './dom.js';
import type { CaseViewer } from './page.js';
import { stageMessage } from './roundCard.js';
import { isLanguageTag } from './timeFormat.js';
import { sendOnSubmit } from './formSending.js';

const CAUCUS_PROBLEMS: Record<CaucusProblem, Message> = {
  outsider: msg('trial.caucusOutsider'),
  notSequential: msg('trial.caucusNotSequential'),
  timedQuestion: msg('trial.caucusTimedQuestion'),
};

export function roundOpenForm(api: Api, viewer: CaseViewer, participants: readonly ParticipantView[], languages: readonly string[], onOpened: (round: RoundView) => void): HTMLElement {
  const stage = select(TRIAL_STAGES.map((s) => ({ value: s, label: stageMessage(s) })), { name: 'stage' });
  const title = input({ name: 'roundTitle', maxlength: 200 });
  const questions = h('ol', { class: 'round-form__questions' });
  const addQuestion = () => {
    const text = h('textarea', { name: 'questionText', class: 'field__input', rows: 2, maxlength: 4000 });
    const language = input({ name: 'questionLanguage', spellcheck: 'false', value: languages.includes(viewer.you.locale) ? viewer.you.locale : (languages[0] ?? viewer.you.locale), maxlength: 35 });
    const minutes = input({ name: 'questionWindow', type: 'number', min: 1, max: 1440, step: 1 });
    const remove = button(msg('trial.removeQuestion'), { 'data-action': 'remove-question' });
    const item = h('li', { class: 'record-form__row' }, field(msg('trial.questionText'), text), h('div', {}, field(msg('trial.questionLanguage'), language), field(msg('window.minutesField'), minutes, msg('window.minutesHint')), remove));
    remove.addEventListener('click', () => {
      if (questions.children.length > 1) item.remove();
    });
    questions.append(item);
    applyCaucus();
  };
  const more = button(msg('trial.addQuestion'), { 'data-action': 'add-question' });
  more.addEventListener('click', addQuestion);

  const answering = participants.filter((p) => p.removedAt === undefined && ANSWERING_ROLES.includes(p.role));
  const required = h(
    'div',
    { class: 'round-form__required', 'data-testid': 'round-required-choice' },
    ...answering.map((p) =>
      h(
        'label',
        { class: 'round-form__choice' },
        h('input', { type: 'checkbox', name: 'required', value: p.id, checked: p.role === 'claimant' || p.role === 'respondent' }),
        ' ',
        h('span', {}, p.displayName),
        ' ',
        t('span', { key: `role.${p.role}` as MessageKey }, { class: 'badge badge--muted' }),
      ),
    ),
  );
  const deadline = deadlinePicker(viewer.zone, 'round-deadline');
  const exchange = select(EXCHANGE_RULES.map((rule) => ({ value: rule, label: msg(rule === 'sealed' ? 'trial.exchangeSealed' : 'trial.exchangeSequential') })), { name: 'exchange' });
  // Only the mediator holds caucuses (the court refuses CAUCUS_NOT_ALLOWED outside mediation).
  const privateTo =
    viewer.you.role === 'mediator'
      ? select(
          [
            { value: '', label: msg('trial.privateToNobody') },
            { value: 'claimant', label: msg('trial.privateToClaimant') },
            { value: 'respondent', label: msg('trial.privateToRespondent') },
          ],
          { name: 'privateTo' },
        )
      : undefined;
  const caucusSide = (): Side | undefined => (privateTo?.value === 'claimant' || privateTo?.value === 'respondent' ? privateTo.value : undefined);
  /** A caucus asks its side only, exchanges answers as given and times no question: the form shows just that. */
  function applyCaucus(): void {
    const side = caucusSide();
    const members = side === undefined ? undefined : caucusMembers(answering, side);
    for (const box of required.querySelectorAll<HTMLInputElement>('input[name="required"]')) {
      box.disabled = members !== undefined && !members.includes(box.value);
      if (box.disabled) box.checked = false;
    }
    exchange.disabled = side !== undefined;
    if (side !== undefined) exchange.value = 'sequential';
    for (const minutes of questions.querySelectorAll<HTMLInputElement>('input[name="questionWindow"]')) {
      minutes.disabled = side !== undefined;
      if (minutes.disabled) minutes.value = '';
    }
  }
  privateTo?.addEventListener('change', applyCaucus);
  addQuestion();
  const late = select(
    [
      { value: 'refuse', label: msg('trial.lateRuleRefuse') },
      { value: 'acceptFlagged', label: msg('trial.lateRuleAccept') },
    ],
    { name: 'lateRule' },
  );
  const windowHours = input({ name: 'lateWindowHours', type: 'number', min: 1, max: 720, step: 1, value: 24 });
  const windowField = field(msg('trial.lateWindow'), windowHours);
  windowField.hidden = true;
  late.addEventListener('change', () => (windowField.hidden = late.value !== 'acceptFlagged'));

  const status = new StatusLine({ 'data-testid': 'open-round-status' });
  const submit = t('button', msg('trial.openSubmit'), { type: 'submit', class: 'button button--primary' });
  const form = h(
    'form',
    { class: 'record-form', novalidate: true, 'data-form': 'open-round' },
    h('div', { class: 'record-form__row' }, field(msg('trial.stage'), stage), field(msg('trial.roundName'), title, msg('trial.roundNameHint'))),
    privateTo === undefined ? null : field(msg('trial.privateTo'), privateTo, msg('trial.privateToHint')),
    t('span', msg('trial.questions'), { class: 'field__label' }),
    questions,
    h('div', { class: 'record-form__actions' }, more),
    t('span', msg('trial.whoMustAnswer'), { class: 'field__label' }),
    required,
    deadline.element,
    h('div', { class: 'record-form__row' }, field(msg('trial.exchange'), exchange, msg('trial.exchangeHint')), field(msg('trial.lateRule'), late), windowField),
    status.element,
    h('div', { class: 'record-form__actions' }, submit),
  );

  const read = (): OpenRoundBody | { problem: Message } => {
    const asked = [...questions.querySelectorAll('li')].map((item) => ({
      text: item.querySelector<HTMLTextAreaElement>('textarea')!.value.trim(),
      language: item.querySelector<HTMLInputElement>('input[name="questionLanguage"]')!.value.trim(),
      window: item.querySelector<HTMLInputElement>('input[name="questionWindow"]')!.value.trim(),
    }));
    if (asked.some((q) => q.window !== '' && !(Number.isInteger(Number(q.window)) && Number(q.window) >= 1 && Number(q.window) <= 1440))) return { problem: msg('window.minutesInvalid') };
    if (asked.some((q) => q.text === '')) return { problem: msg('form.required', { field: msg('trial.questionText') }) };
    const badTag = asked.find((q) => !isLanguageTag(q.language));
    if (badTag) return { problem: msg('form.invalidLocale', { tag: badTag.language }) };
    const who = [...required.querySelectorAll<HTMLInputElement>('input[name="required"]:checked')].map((box) => box.value);
    if (who.length === 0) return { problem: msg('trial.nobodyRequired') };
    const when = deadline.read();
    if ('problem' in when) return when;
    const side = caucusSide();
    if (side !== undefined) {
      const problem = caucusProblem(caucusMembers(answering, side), who, exchange.value, asked.filter((q) => q.window !== '').length);
      if (problem !== undefined) return { problem: CAUCUS_PROBLEMS[problem] };
    }
    const hours = Number(windowHours.value);
    if (late.value === 'acceptFlagged' && (!Number.isInteger(hours) || hours < 1 || hours > 720)) return { problem: msg('trial.lateWindowInvalid') };
    return {
      stage: stage.value as OpenRoundBody['stage'],
      ...(title.value.trim() === '' ? {} : { title: title.value.trim() }),
      questions: asked.map((q) => ({ text: q.text, language: q.language, ...(q.window === '' ? {} : { answerWindowMinutes: Number(q.window) }) })),
      required: who,
      deadline: when,
      exchange: exchange.value as OpenRoundBody['exchange'],
      late: late.value === 'acceptFlagged' ? { rule: 'acceptFlagged', windowHours: hours } : { rule: 'refuse' },
      ...(side === undefined ? {} : { privateTo: side }),
    };
  };

  sendOnSubmit(form, { submit, status }, read, async (body) => {
    const round = await api.post<RoundView>(`/cases/${viewer.caseId}/rounds`, body);
    status.success(msg('trial.opened', { number: round.number }));
    title.value = '';
    questions.replaceChildren();
    addQuestion();
    onOpened(round);
  });
  return h('div', { class: 'record-subsection', 'data-testid': 'open-round' }, t('h3', msg('trial.openHeading')), form);
}
