// The versions of a document: the named versions the court keeps (who saved each, and when, in
// the viewer's zone), what changed between two of them or between one and the text now —
// paragraph by paragraph, words struck out and added — and, for those who write the document
// while it is not locked, saving the text under a name and restoring a version (the court makes
// the text the version's again as a new edit, so the history stays).
import { whileBusy } from '../busyControl.js';
import { format, msg, type Message } from '../i18n.js';
import type { DiffView, RestoreView, VersionListView, VersionView } from '../record/apiTypes.js';
import { button, field, h, input, StatusLine, t } from '../record/dom.js';
import { isAbort } from '../record/page.js';
import { problemMessage, sectionProblem } from '../record/problems.js';
import { showInstant, showLanguage } from '../record/timeFormat.js';
import type { DocumentTool, DocumentToolContext, DocumentToolPanel } from './documentTools.js';

type LanguageDiff = DiffView['languages'][number];
type ParagraphChange = LanguageDiff['paragraphs'][number];

export const versionsTool: DocumentTool = {
  name: 'versions',
  appliesTo: () => true,
  open: (context) => new VersionsPanel(context),
};

class VersionsPanel implements DocumentToolPanel {
  readonly element: HTMLElement;
  readonly #context: DocumentToolContext;
  readonly #list = h('div', { class: 'versions__list' });
  readonly #diff = h('div', { class: 'versions__diff', 'data-testid': 'version-diff' });
  readonly #status = new StatusLine({ 'data-testid': 'versions-status' });
  readonly #save: HTMLElement;
  #versions: VersionView[] = [];

  constructor(context: DocumentToolContext) {
    this.#context = context;
    this.#save = this.#saveForm();
    this.element = h('section', { class: 'record-section document-tool versions' }, t('h2', msg('versions.heading'), { class: 'record-section__heading' }), this.#save, this.#status.element, this.#list, this.#diff);
    this.documentChanged();
    void this.reload();
  }

  documentChanged(): void {
    this.#save.hidden = !this.#writable();
    if (this.#versions.length > 0) this.#showList();
  }

  async reload(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const { versions } = await api.get<VersionListView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/versions`, signal);
      this.#versions = versions;
      this.#showList();
    } catch (error) {
      if (!isAbort(error, signal)) this.#list.replaceChildren(sectionProblem(error));
    }
  }

  #writable(): boolean {
    const document = this.#context.document();
    return document.access === 'write' && !document.locked;
  }

  #showList(): void {
    if (this.#versions.length === 0) {
      this.#list.replaceChildren(t('p', msg('versions.empty'), { class: 'record-muted' }));
      return;
    }
    const items = [...this.#versions].reverse().map((version) => {
      const compare = button(msg('versions.compareWithNow'), { 'data-action': 'compare-version' });
      compare.addEventListener('click', () => void this.#compare(version, undefined));
      const actions = h('div', { class: 'versions__actions' }, compare);
      if (this.#writable()) {
        const restore = button(msg('versions.restore'), { 'data-action': 'restore-version' });
        restore.addEventListener('click', () => void this.#restore(version, restore));
        actions.append(restore);
      }
      const earlier = this.#versions[this.#versions.indexOf(version) - 1];
      if (earlier !== undefined) {
        const sincePrevious = button(msg('versions.compareWithPrevious'), { 'data-action': 'compare-previous' });
        sincePrevious.addEventListener('click', () => void this.#compare(earlier, version));
        actions.append(sincePrevious);
      }
      return h(
        'li',
        { class: 'versions__item', 'data-version-id': version.id },
        h('span', { class: 'versions__name' }, version.name),
        h('span', { class: 'record-muted versions__by' }, t('span', msg('versions.savedBy', { name: version.createdByName })), ' ', showInstant(h('span'), version.createdAt, this.#context.viewer.zone)),
        actions,
      );
    });
    this.#list.replaceChildren(h('ul', { class: 'versions__items' }, ...items));
  }

  #saveForm(): HTMLElement {
    const name = input({ name: 'versionName', maxlength: 100, required: true });
    const submit = t('button', msg('versions.save'), { type: 'submit', class: 'button button--small button--primary' });
    const form = h('form', { class: 'record-form versions__save', novalidate: true, 'data-form': 'save-version' }, field(msg('versions.name'), name), h('div', { class: 'record-form__actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      this.#status.clear();
      const chosen = name.value.trim();
      if (chosen === '') {
        this.#status.error(msg('form.required', { field: msg('versions.name') }));
        return;
      }
      await whileBusy(submit, async () => {
        try {
          const { api, viewer, signal } = this.#context;
          const saved = await api.post<VersionView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/versions`, { name: chosen }, signal);
          form.reset();
          await this.reload();
          this.#status.success(msg('versions.saved', { name: saved.name }));
        } catch (error) {
          if (!isAbort(error, this.#context.signal)) this.#status.error(problemMessage(error));
        }
      });
    });
    return form;
  }

  async #restore(version: VersionView, trigger: HTMLButtonElement): Promise<void> {
    await whileBusy(trigger, async () => {
      this.#status.clear();
      try {
        const { api, viewer, signal } = this.#context;
        const restored = await api.post<RestoreView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/versions/${version.id}/restore`, {}, signal);
        this.#status.success(msg(restored.changed ? 'versions.restored' : 'versions.alreadyThat', { name: version.name }));
      } catch (error) {
        if (!isAbort(error, this.#context.signal)) this.#status.error(problemMessage(error));
      }
    });
  }

  async #compare(from: VersionView, to: VersionView | undefined): Promise<void> {
    const { api, viewer, signal } = this.#context;
    const query = new URLSearchParams({ from: from.id, ...(to === undefined ? {} : { to: to.id }) });
    this.#diff.replaceChildren(t('p', msg('record.loading'), { class: 'record-muted' }));
    try {
      const diff = await api.get<DiffView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/diff?${query.toString()}`, signal);
      this.#showDiff(diff, from, to);
    } catch (error) {
      if (!isAbort(error, signal)) this.#diff.replaceChildren(sectionProblem(error));
    }
  }

  #showDiff(diff: DiffView, from: VersionView, to: VersionView | undefined): void {
    const heading = t('h3', to === undefined ? msg('versions.diffToNow', { from: from.name }) : msg('versions.diffBetween', { from: from.name, to: to.name }));
    const close = button(msg('versions.closeDiff'), { 'data-action': 'close-diff' });
    close.addEventListener('click', () => this.#diff.replaceChildren());
    const languages = diff.languages.map((language) => {
      const shown = language.paragraphs.filter((paragraph) => paragraph.status !== 'unchanged');
      return h(
        'div',
        { class: 'versions__language', 'data-language': language.language },
        h('h4', {}, showLanguage(h('span'), language.language)),
        t('p', msg('versions.counts', { added: language.added, removed: language.removed, changed: language.changed }), { class: 'record-muted', 'data-counts': `${language.added}/${language.removed}/${language.changed}` }),
        shown.length === 0 ? t('p', msg('versions.noChanges'), { class: 'record-muted' }) : h('ol', { class: 'versions__paragraphs' }, ...shown.map(paragraphLine)),
      );
    });
    this.#diff.replaceChildren(h('div', { class: 'versions__diff-head' }, heading, close), ...languages);
  }
}

/** One paragraph of a diff: added or removed whole, or changed word by word. */
function paragraphLine(change: ParagraphChange): HTMLElement {
  const line = h('li', { class: `diff diff--${change.status}`, 'data-status': change.status });
  switch (change.status) {
    case 'added':
      line.append(label(msg('versions.added')), h('ins', {}, change.after));
      break;
    case 'removed':
      line.append(label(msg('versions.removed')), h('del', {}, change.before));
      break;
    case 'changed':
      line.append(label(msg(change.formatOnly ? 'versions.formatOnly' : 'versions.changed')));
      for (const word of change.words) line.append(word.op === 'insert' ? h('ins', {}, word.text) : word.op === 'delete' ? h('del', {}, word.text) : word.text);
      break;
    case 'unchanged':
      line.append(change.text);
  }
  return line;
}

function label(message: Message): HTMLElement {
  const element = t('span', message, { class: 'diff__label' });
  element.title = format(message);
  return element;
}
