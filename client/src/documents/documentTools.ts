// Tools shown beside a document's text, each its own panel: the versions panel (named versions,
// a diff between two, restore) and the lock and sign flow. The page renders every tool whose
// `appliesTo` says yes, hands it what it needs, and tells it when the document's record changes
// (a lock, a release); a tool that changes the record asks the page to read it again.
//
// A new tool (say, clearing review marks, or choosing the signers when locking) is a module
// that exports a DocumentTool, added to DOCUMENT_TOOLS below.
import type { Api } from '../record/api.js';
import type { CaseAction, DocumentView } from '../record/apiTypes.js';
import type { CaseViewer } from '../record/page.js';
import type { DocumentWorkspace } from './documentWorkspace.js';
import type { SharedDocument } from './sharedDocument.js';
import { signingTool } from './signingPanel.js';
import { versionsTool } from './versionsPanel.js';

export interface DocumentToolContext {
  readonly api: Api;
  readonly viewer: CaseViewer;
  /** The document's record as last read. */
  readonly document: () => DocumentView;
  readonly shared: SharedDocument;
  readonly workspace: DocumentWorkspace;
  /** Reads the record again and updates the page (badges, access) and every tool. */
  readonly refresh: () => Promise<DocumentView>;
  /** Aborted when the page is left. */
  readonly signal: AbortSignal;
}

export interface DocumentToolPanel {
  readonly element: HTMLElement;
  /** The record changed (after `refresh`). */
  documentChanged?(document: DocumentView): void;
  destroy?(): void;
}

export interface DocumentTool {
  /** A stable name, also the panel's `data-tool` attribute. */
  readonly name: string;
  appliesTo(document: DocumentView, may: readonly CaseAction[]): boolean;
  open(context: DocumentToolContext): DocumentToolPanel;
}

/** The tools the document page offers, in the order they are shown. */
export const DOCUMENT_TOOLS: readonly DocumentTool[] = [signingTool, versionsTool];
