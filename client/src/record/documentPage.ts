// #/cases/<id>/documents/<documentId>: one document written together. Its record (kind,
// languages, released, locked, and whether the viewer writes or reads it) comes over REST; its
// text syncs over the court's y-websocket connection into one editor per language — side by side
// for a bilingual document. The page says how the connection stands, who else is in the
// document, and, for someone who only reads, why nothing can be edited.
import { DocumentWorkspace } from '../documents/documentWorkspace.js';
import { DOCUMENT_TOOLS, type DocumentToolContext, type DocumentToolPanel } from '../documents/documentTools.js';
import { isFinalRefusal } from '../documents/connectionState.js';
import { SharedDocument, type ConnectionStatus, type Diagnosis, type Presence } from '../documents/sharedDocument.js';
import { msg, showText, type Message } from '../i18n.js';
import { en, type MessageKey } from '../messages/en.js';
import { ApiProblem, type Api } from './api.js';
import type { CaseWithYouView, DocumentView } from './apiTypes.js';
import { documentStateBadges, kindKey } from './documentsPanel.js';
import { h, t } from './dom.js';
import { isAbort, type CaseViewer, type RenderPage } from './page.js';
import { problemMessage, sectionProblem } from './problems.js';
import type { DocumentHookState, RecordHook } from './recordHook.js';
import { hrefOf } from './router.js';
import { browserTimeZone, isTimeZone, showLanguage } from './timeFormat.js';

export function renderDocumentPage(caseId: string, documentId: string): RenderPage {
  return async (view, { api, session, signal, hook }) => {
    const loading = t('p', msg('document.loading'), { class: 'record-muted' });
    view.append(loading);
    let found: CaseWithYouView;
    let document: DocumentView;
    try {
      [found, document] = await Promise.all([
        api.get<CaseWithYouView>(`/cases/${caseId}`, signal),
        api.get<DocumentView>(`/cases/${caseId}/documents/${documentId}`, signal),
      ]);
    } catch (error) {
      if (!isAbort(error, signal)) loading.replaceWith(h('div', { class: 'record-page' }, sectionProblem(error), backToCase(caseId)));
      return;
    }
    const viewer: CaseViewer = { caseId, you: found.you, may: found.may, zone: isTimeZone(found.you.timeZone) ? found.you.timeZone : browserTimeZone() };
    const page = new DocumentPage(api, viewer, document, () => session.current?.accessToken, signal, hook);
    loading.replaceWith(page.element);
  };
}

class DocumentPage {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #hook: DocumentHookState;
  readonly #shared: SharedDocument;
  readonly #workspace: DocumentWorkspace;
  readonly #badges = h('div', { class: 'record-meta', 'data-testid': 'document-state' });
  readonly #accessNotice = h('p', { class: 'document-notice', 'data-testid': 'document-access', hidden: true });
  readonly #connection = h('p', { class: 'document-connection', 'data-testid': 'document-connection', role: 'status' });
  readonly #present = h('div', { class: 'document-presence', 'data-testid': 'document-presence' });
  readonly #tools: DocumentToolPanel[] = [];
  #document: DocumentView;

  constructor(api: Api, viewer: CaseViewer, document: DocumentView, token: () => string | undefined, signal: AbortSignal, hook: RecordHook) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    this.#document = document;
    this.#shared = new SharedDocument({ syncPath: document.syncPath, token, diagnose: () => this.#diagnose() });
    this.#workspace = new DocumentWorkspace(this.#shared, document.languages, document.access);
    const workspace = this.#workspace;
    this.#hook = {
      id: document.id,
      access: document.access,
      languages: [...document.languages],
      connection: 'connecting',
      present: [],
      denied: 0,
      // Read when the hook is read (tests serialise it): never computed for nobody.
      get texts() {
        return Object.fromEntries(workspace.editors.map((editor) => [editor.language, editor.view.state.doc.textBetween(0, editor.view.state.doc.content.size, '\n')]));
      },
    };
    hook.document = this.#hook;

    const toolbox = h('aside', { class: 'document-tools', 'data-testid': 'document-tools' });
    this.element = h(
      'div',
      { class: 'record-page document-page', 'data-document-id': document.id, 'data-kind': document.kind },
      h(
        'header',
        { class: 'record-case__header' },
        backToCase(viewer.caseId),
        h('h1', { class: 'record-case__title' }, document.title),
        h('div', { class: 'record-meta' }, t('span', { key: kindKey(document.kind) }, { class: 'badge badge--stage' }), ...document.languages.map((tag) => showLanguage(h('span', { class: 'badge badge--muted' }), tag))),
        this.#badges,
        this.#accessNotice,
      ),
      h('div', { class: 'document-status' }, this.#connection, this.#present),
      document.languages.length === 2 ? this.#layoutSwitch(document.languages) : null,
      h('div', { class: 'document-body' }, this.#workspace.element, toolbox),
    );
    this.#showRecord(document);
    this.#shared.onStatus((status) => this.#showStatus(status));
    this.#shared.onPresence((present) => this.#showPresence(present));
    this.#shared.onDenied(() => void this.#denied());
    this.#openTools(toolbox);
    toolbox.hidden = this.#tools.length === 0;
    signal.addEventListener('abort', () => this.#destroy(hook), { once: true });
  }

  #openTools(toolbox: HTMLElement): void {
    const context: DocumentToolContext = {
      api: this.#api,
      viewer: this.#viewer,
      document: () => this.#document,
      shared: this.#shared,
      workspace: this.#workspace,
      refresh: () => this.#refresh(),
      signal: this.#signal,
    };
    for (const tool of DOCUMENT_TOOLS) {
      if (!tool.appliesTo(this.#document, this.#viewer.may)) continue;
      const panel = tool.open(context);
      panel.element.dataset.tool = tool.name;
      toolbox.append(panel.element);
      this.#tools.push(panel);
    }
  }

  /** Reads the record again: the page follows a lock or a release, and so does the editor. */
  async #refresh(): Promise<DocumentView> {
    const document = await this.#api.get<DocumentView>(`/cases/${this.#viewer.caseId}/documents/${this.#document.id}`, this.#signal);
    this.#showRecord(document);
    return document;
  }

  #showRecord(document: DocumentView): void {
    this.#document = document;
    this.#badges.replaceChildren(...documentStateBadges(document), t('span', msg(document.access === 'write' ? 'documents.accessWrite' : 'documents.accessRead'), { class: 'badge', 'data-access': document.access }));
    // Refused for good: whatever the record says, nothing typed here would reach the court.
    this.#workspace.setAccess(this.#shared.status.state === 'refused' ? 'read' : document.access);
    this.#hook.access = document.access;
    this.element.setAttribute('data-access', document.access);
    this.#accessNotice.hidden = document.access === 'write';
    if (document.access === 'read') showText(this.#accessNotice, msg(document.locked ? 'document.readOnlyLocked' : 'document.readOnlyRole'));
    // "Saved as you type" or "changes appear as they are made": the access decides which.
    this.#showStatus(this.#shared.status);
    for (const tool of this.#tools) tool.documentChanged?.(document);
  }

  /**
   * A connection that closed before it opened: the court answers the same question over REST
   * (renewing the session on the way if it had run out). A refusal there is final; an answer
   * means it was the network or a moment's failure, and the provider tries again.
   */
  async #diagnose(): Promise<Diagnosis> {
    try {
      await this.#refresh();
      return { retry: true };
    } catch (error) {
      if (error instanceof ApiProblem && isFinalRefusal(error.code)) return { refused: problemMessage(error) };
      return { retry: true };
    }
  }

  /** The court dropped an edit: this page should not have been able to make one. */
  async #denied(): Promise<void> {
    this.#hook.denied++;
    this.#accessNotice.hidden = false;
    showText(this.#accessNotice, msg('document.editsRefused'));
    this.#workspace.setAccess('read');
    try {
      const document = await this.#refresh();
      if (document.access === 'read' && document.locked) showText(this.#accessNotice, msg('document.readOnlyLocked'));
    } catch (error) {
      if (!isAbort(error, this.#signal)) console.warn('the document could not be read again', error);
    }
  }

  #showStatus(status: ConnectionStatus): void {
    this.#hook.connection = status.state;
    this.#connection.dataset.connectionState = status.state;
    const reason = status.reason;
    if (reason === undefined) delete this.#hook.reason;
    else this.#hook.reason = reason.kind === 'close' ? reason.name : reason.message.key.replace(/^problem\./, '');
    const because: Message | undefined = reason === undefined ? undefined : reason.kind === 'close' ? { key: `document.close.${reason.name}` as MessageKey } : reason.message;
    switch (status.state) {
      case 'connecting':
        showText(this.#connection, msg('document.connection.connecting'));
        return;
      case 'synced':
        showText(this.#connection, msg(this.#workspace.editors[0]?.access === 'write' ? 'document.connection.syncedWrite' : 'document.connection.syncedRead'));
        return;
      case 'offline':
        showText(this.#connection, because === undefined ? msg('document.connection.offline') : msg('document.connection.offlineBecause', { reason: because }));
        return;
      case 'refused':
        showText(this.#connection, msg('document.connection.refused', { reason: because ?? msg('document.close.OTHER') }));
        this.#workspace.setAccess('read');
    }
  }

  #showPresence(present: Presence[]): void {
    this.#hook.present = present.map(({ name, role }) => ({ name, role }));
    if (present.length === 0) {
      this.#present.replaceChildren(t('span', msg('document.presentNobody'), { class: 'record-muted' }));
      return;
    }
    const people = present.map((person) => {
      const role: Message = `role.${person.role}` in en ? { key: `role.${person.role}` as MessageKey } : msg('entry.other', { type: person.role });
      const chip = t('span', msg('document.presentPerson', { name: person.name, role }), { class: 'document-presence__person', 'data-name': person.name, 'data-role': person.role });
      chip.style.borderColor = person.colour;
      return chip;
    });
    this.#present.replaceChildren(t('span', msg('document.present'), { class: 'record-meta__label' }), ...people);
  }

  #layoutSwitch(languages: readonly string[]): HTMLElement {
    const choices = [
      { value: 'sideBySide', label: t('span', msg('document.layoutSideBySide')) },
      ...languages.map((tag) => ({ value: tag, label: showLanguage(h('span'), tag) })),
    ];
    const buttons = choices.map((choice) => {
      const element = h('button', { type: 'button', class: 'button button--small', 'data-layout': choice.value, 'aria-pressed': String(choice.value === 'sideBySide') }, choice.label);
      element.addEventListener('click', () => {
        this.#workspace.setLayout(choice.value);
        for (const other of buttons) other.setAttribute('aria-pressed', String(other === element));
      });
      return element;
    });
    return h('div', { class: 'document-layout', role: 'group' }, t('span', msg('document.layout'), { class: 'record-meta__label' }), ...buttons);
  }

  #destroy(hook: RecordHook): void {
    for (const tool of this.#tools) tool.destroy?.();
    this.#workspace.destroy();
    this.#shared.destroy();
    if (hook.document === this.#hook) hook.document = null;
  }
}

function backToCase(caseId: string): HTMLElement {
  return t('a', msg('document.backToCase'), { href: hrefOf({ name: 'case', caseId }), class: 'record-back' });
}
