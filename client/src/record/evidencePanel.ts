// The evidence of the case: what was filed, by whom and when (in the viewer's zone), its size,
// type and SHA-256, withdrawn items marked; a download per item; and, for the parties, their
// counsel and the clerk, the form that files a new exhibit with a progress bar.
import { whileBusy } from '../busyControl.js';
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { ApiProblem, type Api } from './api.js';
import { EVIDENCE_MEDIA_TYPES, type EvidenceListView, type EvidenceView } from './apiTypes.js';
import { button, field, h, input, section, StatusLine, t } from './dom.js';
import { uploadEvidence } from './evidenceUpload.js';
import { isAbort, type CaseViewer } from './page.js';
import { problemMessage, sectionProblem } from './problems.js';
import type { RecordHook } from './recordHook.js';
import { isLanguageTag, showInstant, showSize } from './timeFormat.js';

export class EvidencePanel {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #hook: RecordHook;
  readonly #onChanged: () => void;
  readonly #list = h('div', { class: 'record-list' });

  constructor(api: Api, viewer: CaseViewer, signal: AbortSignal, hook: RecordHook, onChanged: () => void) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    this.#hook = hook;
    this.#onChanged = onChanged;
    const mayFile = viewer.may.includes('evidence.file');
    this.element = section(msg('evidence.heading'), 'evidence', this.#list, mayFile ? this.#uploadForm() : null);
  }

  async reload(): Promise<void> {
    try {
      const { evidence } = await this.#api.get<EvidenceListView>(`/cases/${this.#viewer.caseId}/evidence`, this.#signal);
      this.#list.replaceChildren(evidence.length === 0 ? t('p', msg('evidence.empty'), { class: 'record-muted' }) : this.#table(evidence));
    } catch (error) {
      if (isAbort(error, this.#signal)) return;
      this.#list.replaceChildren(sectionProblem(error));
    }
  }

  #table(evidence: EvidenceView[]): HTMLElement {
    const head = (['evidence.columnTitle', 'evidence.columnFiledBy', 'evidence.columnFiledAt', 'evidence.columnSize', 'evidence.columnType', 'evidence.columnHash'] as const).map((key) =>
      t('th', msg(key)),
    );
    const rows = evidence.map((item) => {
      const title = h('td', {}, h('span', { class: 'evidence__title' }, item.title));
      if (item.description !== '') title.append(h('div', { class: 'record-muted evidence__description' }, item.description));
      if (item.withdrawnAt !== undefined) {
        const marker = t('span', msg('evidence.withdrawn'), { class: 'badge badge--withdrawn', 'data-withdrawn': 'true' });
        if (item.withdrawalReason) marker.title = item.withdrawalReason;
        title.append(' ', marker);
      }
      const hash = h('code', { class: 'evidence__hash', title: item.sha256 }, `${item.sha256.slice(0, 12)}…`);
      const download = button(msg('evidence.download'), { 'data-action': 'download' });
      const status = new StatusLine();
      download.addEventListener('click', () => void this.#download(item, download, status));
      return h(
        'tr',
        { 'data-evidence-id': item.id, class: item.withdrawnAt !== undefined ? 'record-table__row--removed' : undefined },
        title,
        h('td', {}, t('span', msg('evidence.filedBy', { name: item.filedByName, role: { key: `role.${item.filedByRole}` as MessageKey } }))),
        h('td', {}, showInstant(h('span'), item.filedAt, this.#viewer.zone)),
        h('td', {}, showSize(h('span'), item.size)),
        h('td', {}, h('span', { class: 'evidence__type' }, item.mediaType)),
        h('td', {}, hash),
        h('td', { class: 'record-table__actions' }, download, status.element),
      );
    });
    return h('table', { class: 'record-table evidence-table' }, h('thead', {}, h('tr', {}, ...head, h('th'))), h('tbody', {}, ...rows));
  }

  /** A plain link cannot carry the bearer token: fetch the file, then hand it to the browser. */
  async #download(item: EvidenceView, trigger: HTMLButtonElement, status: StatusLine): Promise<void> {
    await whileBusy(trigger, async () => {
      status.clear();
      try {
        const blob = await this.#api.blob(`/cases/${this.#viewer.caseId}/evidence/${item.id}/content`, this.#signal);
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: item.fileName, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        if (!isAbort(error, this.#signal)) status.error(problemMessage(error));
      }
    });
  }

  #uploadForm(): HTMLElement {
    const file = h('input', { type: 'file', name: 'file', class: 'field__input', accept: EVIDENCE_MEDIA_TYPES.join(','), required: true });
    const title = input({ name: 'title', maxlength: 200, required: true });
    const language = input({ name: 'language', spellcheck: 'false', required: true, value: this.#viewer.you.locale });
    const description = h('textarea', { name: 'description', class: 'field__input', maxlength: 4000, rows: 2 });
    const progress = h('progress', { class: 'upload__progress', max: 100, value: 0 });
    const percent = h('span', { class: 'upload__percent', 'aria-live': 'polite' });
    const progressRow = h('div', { class: 'upload__progress-row', hidden: true }, progress, percent);
    const status = new StatusLine({ 'data-testid': 'upload-status' });
    const submit = t('button', msg('evidence.uploadSubmit'), { type: 'submit', class: 'button button--primary' });

    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      if (chosen && title.value.trim() === '') title.value = chosen.name.replace(/\.[^.]+$/, '');
    });
    const show = (fraction: number) => {
      const value = Math.round(fraction * 100);
      progress.value = value;
      percent.textContent = `${value}%`;
      this.#hook.upload = { ...(this.#hook.upload ?? { state: 'uploading' }), percent: value };
    };

    const form = h(
      'form',
      { class: 'record-form', novalidate: true, 'data-form': 'upload-evidence' },
      field(msg('evidence.uploadFile'), file),
      h('div', { class: 'record-form__row' }, field(msg('evidence.uploadTitle'), title), field(msg('evidence.uploadLanguage'), language)),
      field(msg('evidence.uploadDescription'), description),
      progressRow,
      status.element,
      h('div', { class: 'record-form__actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      status.clear();
      const chosen = file.files?.[0];
      const problem = checkUpload(chosen, title.value, language.value);
      if (problem !== undefined || chosen === undefined) {
        status.error(problem ?? msg('evidence.noFile'));
        return;
      }
      await whileBusy(submit, async () => {
        progressRow.hidden = false;
        this.#hook.upload = { state: 'uploading', percent: 0 };
        show(0);
        try {
          const filed = await uploadEvidence(this.#api.session, this.#viewer.caseId, chosen, { title: title.value.trim(), language: language.value.trim(), description: description.value.trim() }, show, this.#signal);
          show(1);
          this.#hook.upload = { state: 'done', percent: 100, evidenceId: filed.id };
          status.success(msg('evidence.uploaded', { title: filed.title }));
          form.reset();
          language.value = this.#viewer.you.locale;
          await this.reload();
          this.#onChanged();
        } catch (error) {
          if (isAbort(error, this.#signal)) return;
          const code = error instanceof ApiProblem ? error.code : 'LOCAL';
          this.#hook.upload = { state: 'failed', percent: Math.round(progress.value), code };
          status.error(code === 'NETWORK' ? msg('evidence.interrupted') : problemMessage(error));
        }
      });
    });
    return h('div', { class: 'record-subsection' }, t('h3', msg('evidence.uploadHeading')), form);
  }
}

function checkUpload(file: File | undefined, title: string, language: string): Message | undefined {
  if (file === undefined) return msg('evidence.noFile');
  const trimmed = title.trim();
  if (trimmed === '' || trimmed.length > 200) return msg('form.required', { field: msg('evidence.uploadTitle') });
  if (!isLanguageTag(language.trim())) return msg('form.invalidLocale', { tag: language.trim() });
  return undefined;
}
