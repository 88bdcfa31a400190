// The documents of the case written together — minutes, a statement of agreed facts, a
// settlement agreement — as the court lists them for the viewer (minutes reach the parties only
// once released): kind, title, languages, released and locked, and whether the viewer writes or
// only reads each. The form opens a document of a kind the viewer's role may open (the domain's
// own rule, imported), in one or two of the case's languages, empty or from the court's template
// for the kind (its paragraphs linked across the languages); the minutes' writers release them.
import { whileBusy } from '../busyControl.js';
import { format, msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import { chosenLanguages, creatableKinds } from './documentChoices.js';
import type { CreateDocumentBody, DocumentKind, DocumentListView, DocumentView } from './apiTypes.js';
import { button, field, h, input, section, select, StatusLine, t } from './dom.js';
import { isAbort, type CaseViewer } from './page.js';
import { problemMessage, sectionProblem } from './problems.js';
import { hrefOf, navigate } from './router.js';
import { showLanguage } from './timeFormat.js';

export const kindKey = (kind: DocumentKind) => `documents.kind.${kind}` as MessageKey;

export class DocumentsPanel {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #onChanged: () => void;
  readonly #list = h('div', { class: 'record-list' });
  readonly #status = new StatusLine({ 'data-testid': 'documents-status' });

  constructor(api: Api, viewer: CaseViewer, caseLanguages: readonly string[], signal: AbortSignal, onChanged: () => void) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    this.#onChanged = onChanged;
    const kinds = creatableKinds(viewer);
    this.element = section(msg('documents.heading'), 'documents', this.#list, this.#status.element, kinds.length > 0 ? this.#createForm(kinds, caseLanguages) : null);
    this.element.dataset.testid = 'documents';
  }

  async reload(): Promise<void> {
    try {
      const { documents } = await this.#api.get<DocumentListView>(`/cases/${this.#viewer.caseId}/documents`, this.#signal);
      const ordered = [...documents].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      this.#list.replaceChildren(ordered.length === 0 ? t('p', msg('documents.empty'), { class: 'record-muted' }) : this.#table(ordered));
    } catch (error) {
      if (isAbort(error, this.#signal)) return;
      this.#list.replaceChildren(sectionProblem(error));
    }
  }

  #table(documents: DocumentView[]): HTMLElement {
    const head = (['documents.columnTitle', 'documents.columnKind', 'documents.columnLanguages', 'documents.columnState', 'documents.columnAccess'] as const).map((key) => t('th', msg(key)));
    const rows = documents.map((document) => {
      const open = t('a', msg('documents.openDocument'), {
        href: hrefOf({ name: 'document', caseId: this.#viewer.caseId, documentId: document.id }),
        class: 'button button--small button--primary',
        'data-link': 'open-document',
      });
      const actions = h('td', { class: 'record-table__actions' }, open);
      if (document.kind === 'minutes' && document.released !== true && this.#viewer.may.includes('minutes.release')) {
        const release = button(msg('documents.release'), { 'data-action': 'release-minutes' });
        release.addEventListener('click', () => void this.#release(document, release));
        actions.append(' ', release);
      }
      return h(
        'tr',
        { 'data-document-id': document.id, 'data-kind': document.kind, 'data-access': document.access },
        h('td', {}, h('a', { href: open.getAttribute('href') ?? '', class: 'record-link document__title' }, document.title)),
        h('td', {}, t('span', { key: kindKey(document.kind) })),
        h('td', {}, ...document.languages.map((tag) => showLanguage(h('span', { class: 'badge badge--muted' }), tag))),
        h('td', {}, ...documentStateBadges(document)),
        h('td', {}, t('span', msg(document.access === 'write' ? 'documents.accessWrite' : 'documents.accessRead'), { class: 'badge', 'data-access': document.access })),
        actions,
      );
    });
    return h('table', { class: 'record-table documents-table' }, h('thead', {}, h('tr', {}, ...head, h('th'))), h('tbody', {}, ...rows));
  }

  async #release(document: DocumentView, trigger: HTMLButtonElement): Promise<void> {
    await whileBusy(trigger, async () => {
      this.#status.clear();
      try {
        const released = await this.#api.post<DocumentView>(`/cases/${this.#viewer.caseId}/documents/${document.id}/release`, {}, this.#signal);
        this.#status.success(msg('documents.releasedNow', { title: released.title }));
        await this.reload();
        this.#onChanged();
      } catch (error) {
        if (isAbort(error, this.#signal)) return;
        this.#status.error(problemMessage(error));
      }
    });
  }

  #createForm(kinds: DocumentKind[], caseLanguages: readonly string[]): HTMLElement {
    const kind = select(
      kinds.map((value) => ({ value, label: { key: kindKey(value) } })),
      { name: 'kind' },
    );
    const title = input({ name: 'title', maxlength: 200, required: true });
    const defaultTitle = () => ({ key: `documents.defaultTitle.${kind.value}` as MessageKey });
    const languageBoxes = caseLanguages.map((tag, index) => {
      const box = h('input', { type: 'checkbox', name: 'languages', value: tag, checked: index === 0 });
      return { tag, box, label: h('label', { class: 'documents__language' }, box, showLanguage(h('span'), tag)) };
    });
    const template = h('input', { type: 'checkbox', name: 'template' });
    const status = new StatusLine({ 'data-testid': 'create-document-status' });
    const submit = t('button', msg('documents.createSubmit'), { type: 'submit', class: 'button button--primary' });
    const form = h(
      'form',
      { class: 'record-form', novalidate: true, 'data-form': 'create-document' },
      h('div', { class: 'record-form__row' }, field(msg('documents.createKind'), kind), field(msg('documents.createTitle'), title)),
      h(
        'fieldset',
        { class: 'documents__languages' },
        t('legend', msg('documents.createLanguages'), { class: 'field__label' }),
        ...languageBoxes.map((choice) => choice.label),
        t('span', msg('documents.createLanguagesHint'), { class: 'field__hint' }),
      ),
      h('label', { class: 'documents__template' }, template, t('span', msg('documents.createTemplate'))),
      status.element,
      h('div', { class: 'record-form__actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      status.clear();
      const languages = chosenLanguages(languageBoxes.filter((choice) => choice.box.checked).map((choice) => choice.tag));
      if (!Array.isArray(languages)) {
        status.error(languages);
        return;
      }
      const body: CreateDocumentBody = { kind: kind.value as DocumentKind, title: title.value.trim() || format(defaultTitle()), languages, ...(template.checked ? { template: true } : {}) };
      await whileBusy(submit, async () => {
        try {
          const created = await this.#api.post<DocumentView>(`/cases/${this.#viewer.caseId}/documents`, body, this.#signal);
          this.#onChanged();
          navigate({ name: 'document', caseId: this.#viewer.caseId, documentId: created.id });
        } catch (error) {
          if (isAbort(error, this.#signal)) return;
          status.error(problemMessage(error));
        }
      });
    });
    return h('div', { class: 'record-subsection' }, t('h3', msg('documents.createHeading')), form);
  }
}

/** Released (minutes only) and locked, as badges. */
export function documentStateBadges(document: Pick<DocumentView, 'kind' | 'released' | 'locked'>): HTMLElement[] {
  const badges: HTMLElement[] = [];
  if (document.kind === 'minutes') {
    badges.push(t('span', msg(document.released === true ? 'documents.released' : 'documents.notReleased'), { class: 'badge badge--muted', 'data-released': String(document.released === true) }));
  }
  badges.push(t('span', msg(document.locked ? 'documents.locked' : 'documents.open'), { class: `badge ${document.locked ? 'badge--warning' : 'badge--muted'}`, 'data-locked': String(document.locked) }));
  return badges;
}
