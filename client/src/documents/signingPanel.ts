// Lock and sign. While the text is open, the presiding side (the table's `document.lock`) locks
// it when it is final: the court then accepts no more edits, hashes the canonical rendering and
// names who must sign. Once locked: the hash, who locked it and when, each required signer and
// whether they have signed, a "sign" button for a signer who has not (the court signs with the
// key it keeps for them), and the signed export as HTML and PDF.
import { whileBusy } from '../busyControl.js';
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { DocumentView, SignatureStatusView, SignatureView } from '../record/apiTypes.js';
import { button, h, StatusLine, t } from '../record/dom.js';
import { isAbort } from '../record/page.js';
import { problemMessage, sectionProblem } from '../record/problems.js';
import { showInstant } from '../record/timeFormat.js';
import type { DocumentTool, DocumentToolContext, DocumentToolPanel } from './documentTools.js';

export const signingTool: DocumentTool = {
  name: 'signing',
  appliesTo: () => true,
  open: (context) => new SigningPanel(context),
};

class SigningPanel implements DocumentToolPanel {
  readonly element: HTMLElement;
  readonly #context: DocumentToolContext;
  readonly #body = h('div', { class: 'signing__body' });
  readonly #status = new StatusLine({ 'data-testid': 'signing-status' });
  #shownLocked: boolean | undefined;

  constructor(context: DocumentToolContext) {
    this.#context = context;
    this.element = h('section', { class: 'record-section document-tool signing' }, t('h2', msg('signing.heading'), { class: 'record-section__heading' }), this.#status.element, this.#body);
    this.documentChanged(context.document());
  }

  documentChanged(document: DocumentView): void {
    if (this.#shownLocked === document.locked) return;
    this.#shownLocked = document.locked;
    if (document.locked) void this.#showSignatures();
    else this.#showLockForm();
  }

  #showLockForm(): void {
    if (!this.#context.viewer.may.includes('document.lock')) {
      this.#body.replaceChildren(t('p', msg('signing.notLocked'), { class: 'record-muted' }));
      return;
    }
    const confirm = h('input', { type: 'checkbox', name: 'final' });
    const lock = t('button', msg('signing.lock'), { type: 'button', class: 'button button--small button--primary', 'data-action': 'lock-document', disabled: true });
    confirm.addEventListener('change', () => {
      lock.disabled = !confirm.checked;
    });
    lock.addEventListener('click', () => void this.#lock(lock));
    this.#body.replaceChildren(
      t('p', msg('signing.lockIntro'), { class: 'record-muted' }),
      h('label', { class: 'signing__confirm' }, confirm, t('span', msg('signing.lockConfirm'))),
      h('div', { class: 'record-form__actions' }, lock),
    );
  }

  async #lock(trigger: HTMLButtonElement): Promise<void> {
    const { api, viewer, signal } = this.#context;
    await whileBusy(trigger, async () => {
      this.#status.clear();
      try {
        await api.post<DocumentView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/lock`, {}, signal);
        this.#status.success(msg('signing.locked'));
        // The page follows: the editors become read-only, this panel shows the signatures.
        await this.#context.refresh();
      } catch (error) {
        if (isAbort(error, signal)) return;
        this.#status.error(problemMessage(error));
      }
    });
  }

  async #showSignatures(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      const status = await api.get<SignatureStatusView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/signatures`, signal);
      this.#body.replaceChildren(...this.#signatureView(status));
    } catch (error) {
      if (!isAbort(error, signal)) this.#body.replaceChildren(sectionProblem(error));
    }
  }

  #signatureView(status: SignatureStatusView): HTMLElement[] {
    const { viewer } = this.#context;
    const signers = status.requiredSigners.map((signer) => {
      const state = signer.signedAt === null ? t('span', msg('signing.waiting'), { class: 'badge badge--warning' }) : h('span', { class: 'badge badge--muted' }, t('span', msg('signing.signedAt')), ' ', showInstant(h('span'), signer.signedAt, viewer.zone));
      const line = h(
        'li',
        { class: 'signing__signer', 'data-participant-id': signer.participantId, 'data-signed': String(signer.signedAt !== null) },
        h('span', {}, signer.name),
        ' ',
        t('span', { key: `role.${signer.role}` as MessageKey }, { class: 'record-muted' }),
        ' ',
        state,
      );
      if (signer.participantId === viewer.you.id && signer.signedAt === null) {
        const sign = button(msg('signing.sign'), { 'data-action': 'sign-document', class: 'button button--small button--primary' });
        sign.addEventListener('click', () => void this.#sign(sign));
        line.append(' ', sign);
      }
      return line;
    });
    const exports = (['html', 'pdf'] as const).map((format) => {
      const download = button(msg(format === 'html' ? 'signing.exportHtml' : 'signing.exportPdf'), { 'data-action': `export-${format}` });
      download.addEventListener('click', () => void this.#download(format, download));
      return download;
    });
    return [
      h(
        'dl',
        { class: 'record-facts signing__facts' },
        t('dt', msg('signing.lockedBy')),
        h('dd', {}, status.lockedByName, ' · ', showInstant(h('span'), status.lockedAt, viewer.zone)),
        t('dt', msg('signing.hash')),
        h('dd', {}, h('code', { class: 'record-hash', 'data-testid': 'document-hash' }, status.documentHash)),
      ),
      t('h3', msg('signing.signers')),
      status.requiredSigners.length === 0 ? t('p', msg('signing.noSigners'), { class: 'record-muted' }) : h('ul', { class: 'signing__signers' }, ...signers),
      t('p', msg(status.complete ? 'signing.complete' : 'signing.incomplete'), { class: status.complete ? 'verdict verdict--ok' : 'record-muted', 'data-complete': String(status.complete) }),
      h('div', { class: 'record-form__actions' }, ...exports),
    ];
  }

  async #sign(trigger: HTMLButtonElement): Promise<void> {
    const { api, viewer, signal } = this.#context;
    await whileBusy(trigger, async () => {
      this.#status.clear();
      try {
        await api.post<SignatureView>(`/cases/${viewer.caseId}/documents/${this.#context.document().id}/signatures`, {}, signal);
        await this.#showSignatures();
        this.#status.success(msg('signing.signed'));
      } catch (error) {
        if (isAbort(error, signal)) return;
        this.#status.error(problemMessage(error));
      }
    });
  }

  /** A plain link cannot carry the bearer token: fetch the file, then hand it to the browser. */
  async #download(format: 'html' | 'pdf', trigger: HTMLButtonElement): Promise<void> {
    const { api, viewer, signal } = this.#context;
    await whileBusy(trigger, async () => {
      this.#status.clear();
      try {
        const document = this.#context.document();
        const blob = await api.blob(`/cases/${viewer.caseId}/documents/${document.id}/export.${format}`, signal);
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: `${document.title}-signed.${format}`, hidden: true });
        globalThis.document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        if (!isAbort(error, signal)) this.#status.error(problemMessage(error));
      }
    });
  }
}
