// One party's answer to one question of a round: the text and its language tag, evidence
// attached (filed through the round's own evidence route, with upload progress), submitted as a
// new version until the court stops taking answers; every version it keeps can be listed.
// Pushes that change the round do not touch what is being typed: only the version the next
// submission is based on follows them.
import { whileBusy } from '../busyControl.js';
import { msg, showText } from '../i18n.js';
import { ApiProblem, type Api } from './api.js';
import { EVIDENCE_MEDIA_TYPES, type AnswerVersionsView, type AnswerView } from './apiTypes.js';
import { button, field, h, input, StatusLine, t } from './dom.js';
import { uploadEvidenceTo } from './evidenceUpload.js';
import type { CaseViewer } from './page.js';
import { problemMessage } from './problems.js';
import type { RecordHook } from './recordHook.js';
import { isLanguageTag, showInstant } from './timeFormat.js';

/** Names of evidence items the page knows (the case's list, and what was filed here). */
export type EvidenceNames = Map<string, string>;

export interface AnswerTarget {
  roundId: string;
  threadId: string;
  /** The party the answer is for (yourself; counsel also its side's parties). */
  forId: string;
  forName: string;
}

export class AnswerEditor {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #target: AnswerTarget;
  readonly #hook: RecordHook;
  readonly #evidence: EvidenceNames;
  readonly #signal: AbortSignal;
  readonly #text = h('textarea', { name: 'answerText', class: 'field__input', rows: 4, maxlength: 20000 });
  readonly #language: HTMLInputElement;
  readonly #attachments = h('ul', { class: 'answer__attachments', 'data-testid': 'answer-attachments' });
  readonly #file = h('input', { type: 'file', name: 'answerFile', class: 'field__input', accept: EVIDENCE_MEDIA_TYPES.join(',') });
  readonly #progress = h('progress', { class: 'upload__progress', max: 100, value: 0 });
  readonly #percent = h('span', { class: 'upload__percent', 'aria-live': 'polite' });
  readonly #progressRow = h('div', { class: 'upload__progress-row', hidden: true }, this.#progress, this.#percent);
  readonly #upload = button(msg('answer.attach'), { 'data-action': 'attach-evidence' });
  readonly #submit = t('button', msg('answer.submit'), { type: 'submit', class: 'button button--primary', 'data-action': 'submit-answer' });
  readonly #current = h('div', { class: 'answer__current' });
  readonly #versions = h('div', { class: 'answer__versions', 'data-testid': 'answer-versions' });
  readonly #status = new StatusLine({ 'data-testid': 'answer-status' });
  #attached: string[] = [];
  #answer: AnswerView | undefined;
  /** Whether the person has typed since the last answer was shown (then a push does not overwrite it). */
  #dirty = false;
  #open = true;
  #revealed = false;

  constructor(api: Api, viewer: CaseViewer, target: AnswerTarget, hook: RecordHook, evidence: EvidenceNames, signal: AbortSignal) {
    this.#api = api;
    this.#viewer = viewer;
    this.#target = target;
    this.#hook = hook;
    this.#evidence = evidence;
    this.#signal = signal;
    this.#language = input({ name: 'answerLanguage', spellcheck: 'false', required: true, value: viewer.you.locale, maxlength: 35 });
    this.#text.addEventListener('input', () => (this.#dirty = true));
    this.#upload.addEventListener('click', () => void this.#attach());
    const form = h(
      'form',
      { class: 'record-form answer-editor', novalidate: true, 'data-form': 'answer', 'data-thread-id': target.threadId, 'data-for': target.forId },
      t('h4', msg('answer.heading', { name: target.forName })),
      this.#current,
      field(msg('answer.text'), this.#text),
      h('div', { class: 'record-form__row' }, field(msg('answer.language'), this.#language, msg('answer.languageHint'))),
      h('div', { class: 'record-subsection' }, t('span', msg('answer.attachments'), { class: 'field__label' }), this.#attachments, h('div', { class: 'record-form__row' }, field(msg('answer.file'), this.#file)), h('div', { class: 'record-form__actions' }, this.#upload), this.#progressRow),
      this.#status.element,
      h('div', { class: 'record-form__actions' }, this.#submit),
      this.#versions,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    this.element = form;
    this.#showAttachments();
  }

  /** The court's latest word on this answer (from a fetch or a push), and whether it takes answers now. */
  sync(answer: AnswerView | undefined, open: boolean, revealed = false): void {
    const moved = answer?.version !== this.#answer?.version;
    this.#answer = answer;
    if (answer !== undefined && moved && !this.#dirty) {
      this.#text.value = answer.text;
      this.#language.value = answer.language;
      this.#attached = [...answer.attachments];
    }
    this.#open = open;
    this.#revealed = revealed;
    this.#showAttachments();
    this.#showCurrent();
    for (const control of [this.#text, this.#language, this.#file, this.#upload, this.#submit]) control.disabled = !open;
    showText(this.#submit, answer === undefined ? msg('answer.submit') : msg('answer.submitVersion'));
  }

  #showCurrent(): void {
    const answer = this.#answer;
    if (answer === undefined) {
      this.#current.replaceChildren(t('p', msg('answer.none'), { class: 'record-muted' }));
      return;
    }
    const line = h('p', { class: 'record-muted', 'data-answer-version': answer.version });
    line.append(t('span', msg('answer.yourVersion', { version: answer.version })), ' ', showInstant(h('span', { class: 'local-time' }), answer.submittedAt, this.#viewer.zone));
    if (answer.sealed) line.append(' ', t('span', msg('answer.sealedFromOthers'), { class: 'badge badge--sealed', 'data-sealed': 'true' }));
    if (this.#revealed) line.append(' ', t('span', msg('answer.revealedFinal'), { class: 'badge badge--muted', 'data-revealed': 'true' }));
    const show = button(msg('answer.showVersions'), { 'data-action': 'show-versions' });
    show.addEventListener('click', () => void this.#showVersions(show));
    this.#current.replaceChildren(h('div', { class: 'answer__current-row' }, line, show));
  }

  async #showVersions(trigger: HTMLButtonElement): Promise<void> {
    const answer = this.#answer;
    if (answer === undefined) return;
    await whileBusy(trigger, async () => {
      try {
        const { versions } = await this.#api.get<AnswerVersionsView>(`/cases/${this.#viewer.caseId}/answers/${answer.id}/versions`, this.#signal);
        this.#versions.replaceChildren(
          t('h5', msg('answer.versionsHeading')),
          h(
            'ol',
            { class: 'answer__version-list' },
            ...[...versions].reverse().map((v) =>
              h(
                'li',
                { 'data-version': v.version },
                t('strong', msg('answer.version', { version: v.version })),
                ' ',
                showInstant(h('span', { class: 'local-time record-muted' }), v.submittedAt, this.#viewer.zone),
                ' ',
                h('span', { class: 'record-muted' }, v.submittedByName),
                v.late ? t('span', msg('answer.late'), { class: 'badge badge--withdrawn' }) : null,
                h('div', { class: 'answer__text', lang: v.language }, v.text),
              ),
            ),
          ),
        );
      } catch (error) {
        this.#status.error(problemMessage(error));
      }
    });
  }

  #showAttachments(): void {
    this.#attachments.replaceChildren(
      ...this.#attached.map((id) => {
        const remove = button(msg('answer.detach'), { 'data-action': 'detach', class: 'button button--small', disabled: !this.#open });
        remove.addEventListener('click', () => {
          this.#attached = this.#attached.filter((a) => a !== id);
          this.#dirty = true;
          this.#showAttachments();
        });
        return h('li', { 'data-evidence-id': id }, h('span', {}, this.#evidence.get(id) ?? `${id.slice(0, 8)}…`), ' ', remove);
      }),
    );
  }

  /** Files the chosen file for this round (sealed with the answer in a sealed round) and attaches it. */
  async #attach(): Promise<void> {
    this.#status.clear();
    const chosen = this.#file.files?.[0];
    if (chosen === undefined) {
      this.#status.error(msg('evidence.noFile'));
      return;
    }
    const language = this.#language.value.trim();
    if (!isLanguageTag(language)) {
      this.#status.error(msg('form.invalidLocale', { tag: language }));
      return;
    }
    const show = (fraction: number) => {
      const value = Math.round(fraction * 100);
      this.#progress.value = value;
      this.#percent.textContent = `${value}%`;
      this.#hook.upload = { ...(this.#hook.upload ?? { state: 'uploading' }), percent: value };
    };
    await whileBusy(this.#upload, async () => {
      this.#progressRow.hidden = false;
      this.#hook.upload = { state: 'uploading', percent: 0 };
      show(0);
      try {
        const title = chosen.name.replace(/\.[^.]+$/, '') || chosen.name;
        const filed = await uploadEvidenceTo(this.#api.session, `/cases/${this.#viewer.caseId}/rounds/${this.#target.roundId}/evidence`, chosen, { title, language, description: '' }, show, this.#signal);
        show(1);
        this.#hook.upload = { state: 'done', percent: 100, evidenceId: filed.id };
        this.#evidence.set(filed.id, filed.title);
        if (!this.#attached.includes(filed.id)) this.#attached.push(filed.id);
        this.#dirty = true;
        this.#file.value = '';
        this.#showAttachments();
        this.#status.success(msg('answer.attached', { title: filed.title }));
      } catch (error) {
        if (this.#signal.aborted) return;
        const code = error instanceof ApiProblem ? error.code : 'LOCAL';
        this.#hook.upload = { state: 'failed', percent: Math.round(this.#progress.value), code };
        this.#status.error(code === 'NETWORK' ? msg('evidence.interrupted') : problemMessage(error));
      } finally {
        this.#upload.disabled = !this.#open;
      }
    });
  }

  async #send(): Promise<void> {
    this.#status.clear();
    const text = this.#text.value.trim();
    const language = this.#language.value.trim();
    if (text === '') {
      this.#status.error(msg('form.required', { field: msg('answer.text') }));
      return;
    }
    if (!isLanguageTag(language)) {
      this.#status.error(msg('form.invalidLocale', { tag: language }));
      return;
    }
    await whileBusy(this.#submit, async () => {
      try {
        const { roundId, threadId, forId } = this.#target;
        const stored = await this.#api.post<AnswerView>(`/cases/${this.#viewer.caseId}/rounds/${roundId}/threads/${threadId}/answers`, {
          text,
          language,
          attachments: this.#attached,
          ...(forId === this.#viewer.you.id ? {} : { for: forId }),
          ...(this.#answer === undefined ? {} : { basedOnVersion: this.#answer.version }),
        });
        this.#dirty = false;
        this.sync(stored, true);
        this.#status.success(msg('answer.saved', { version: stored.version }));
      } catch (error) {
        this.#status.error(problemMessage(error));
      } finally {
        this.#submit.disabled = !this.#open;
      }
    });
  }
}
