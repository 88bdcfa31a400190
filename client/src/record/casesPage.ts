// #/cases: the cases you take part in and, for court staff, the form that opens a new one.
import { currentLanguage, msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { CaseListView, CaseView, CreateCaseBody } from './apiTypes.js';
import { field, h, input, section, StatusLine, t } from './dom.js';
import { isAbort, type RenderPage } from './page.js';
import { sectionProblem } from './problems.js';
import { hrefOf, navigate } from './router.js';
import { timeZoneInput } from './timeZoneInput.js';
import { browserTimeZone, isLanguageTag, isTimeZone, showInstant } from './timeFormat.js';
import { sendOnSubmit } from './formSending.js';

export const renderCasesPage: RenderPage = async (view, { api, session, signal }) => {
  const list = h('div', { class: 'record-list' }, t('p', msg('record.loading'), { class: 'record-muted' }));
  view.append(h('div', { class: 'record-page' }, section(msg('cases.heading'), 'cases', list), session.principal?.kind === 'staff' ? newCaseForm(api) : null));

  try {
    const { cases } = await api.get<CaseListView>('/cases', signal);
    list.replaceChildren(cases.length === 0 ? t('p', msg('cases.empty'), { class: 'record-muted' }) : casesTable(cases));
  } catch (error) {
    if (isAbort(error, signal)) return;
    list.replaceChildren(sectionProblem(error));
  }
};

function casesTable(cases: CaseListView['cases']): HTMLElement {
  const zone = browserTimeZone();
  const rows = cases.map(({ case: courtCase, you }) =>
    h(
      'tr',
      { 'data-case-id': courtCase.id },
      h('td', {}, h('a', { href: hrefOf({ name: 'case', caseId: courtCase.id }), class: 'record-link' }, courtCase.title)),
      h('td', {}, t('span', { key: `stage.${courtCase.stage}` as MessageKey }, { class: 'badge' })),
      h('td', {}, t('span', { key: `role.${you.role}` as MessageKey })),
      h('td', {}, showInstant(h('span'), courtCase.createdAt, you.timeZone || zone)),
    ),
  );
  return h(
    'table',
    { class: 'record-table' },
    h('thead', {}, h('tr', {}, ...(['cases.columnTitle', 'cases.columnStage', 'cases.columnRole', 'cases.columnOpened'] as const).map((key) => t('th', msg(key))))),
    h('tbody', {}, ...rows),
  );
}

function newCaseForm(api: Api): HTMLElement {
  const title = input({ name: 'title', maxlength: 200, required: true }, msg('cases.newTitlePlaceholder'));
  const languages = input({ name: 'languages', spellcheck: 'false', required: true, value: 'en' }, msg('cases.newLanguagesHint'));
  const locale = input({ name: 'locale', spellcheck: 'false', required: true, value: currentLanguage() });
  const timeZone = timeZoneInput({ name: 'timeZone', required: true, value: browserTimeZone() });
  const status = new StatusLine();
  const submit = t('button', msg('cases.newSubmit'), { type: 'submit', class: 'button button--primary' });
  const form = h(
    'form',
    { class: 'record-form', novalidate: true, 'data-form': 'new-case' },
    field(msg('cases.newTitle'), title),
    field(msg('cases.newLanguages'), languages, msg('cases.newLanguagesHint')),
    h('div', { class: 'record-form__row' }, field(msg('cases.newLocale'), locale), field(msg('cases.newTimeZone'), timeZone)),
    status.element,
    h('div', { class: 'record-form__actions' }, submit),
  );

  sendOnSubmit(form, { submit, status }, () => readNewCase(title.value, languages.value, locale.value, timeZone.value), async (body) => {
    const created = await api.post<CaseView>('/cases', body);
    navigate({ name: 'case', caseId: created.id });
  });
  return section(msg('cases.newHeading'), 'new-case', form);
}

/** The body of POST /cases, checked by the rules the server applies, or what is wrong. */
function readNewCase(title: string, languages: string, locale: string, timeZone: string): CreateCaseBody | { problem: Message } {
  const trimmed = title.trim();
  if (trimmed.length < 1 || trimmed.length > 200) return { problem: msg('cases.invalidTitle') };
  const tags = languages
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  if (tags.length === 0) return { problem: msg('cases.noLanguages') };
  const wrong = tags.find((tag) => !isLanguageTag(tag));
  if (wrong !== undefined || tags.length > 8) return { problem: msg('cases.invalidLanguages', { tag: wrong ?? tags[8]! }) };
  if (!isLanguageTag(locale.trim())) return { problem: msg('form.invalidLocale', { tag: locale.trim() }) };
  if (!isTimeZone(timeZone.trim())) return { problem: msg('form.invalidTimeZone', { zone: timeZone.trim() }) };
  return { title: trimmed, languages: tags, locale: locale.trim(), timeZone: timeZone.trim() };
}
