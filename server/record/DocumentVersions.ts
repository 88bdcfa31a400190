// Named versions of a document: its whole Yjs state at a moment, kept under a name with who saved
// it and when; a readable diff between two versions (or a version and now), per language and
// paragraph by paragraph; and restoring a version, as a new edit on top of the history — the
// court computes the change that turns the live text into the version's, stores it like any
// edit and relays it to everyone connected. Nothing is rewritten.
//
// Storage: record 'documentVersion' <versionId> (index 'document:<documentId>'):
//   { id, documentId, caseId, name, createdBy, createdByName, createdAt, documentHash,
//     state: base64 of one merged Yjs update }
// documentHash is the SHA-256 of the version's canonical rendering (what it would be signed as).
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { CourtError } from '../domain/CourtError.js';
import { requireUnlocked, type CaseDocument } from '../domain/documents/caseDocument.js';
import { renderCanonical } from '../domain/documents/canonicalRendering.js';
import { readActionOf, requireVisibleTo, writeActionOf } from '../domain/documents/documentKinds.js';
import { diffDocumentText, type LanguageDiff } from '../domain/documents/paragraphDiff.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { readDocumentText, restoreContent } from '../docs/documentBody.js';
import type { RecordStore } from '../store/RecordStore.js';
import { auditLine } from './AuditLog.js';
import type { CaseAccess, CaseGrant } from './CaseAccess.js';
import type { CaseDocuments } from './CaseDocuments.js';

export const DOCUMENT_VERSION = 'documentVersion';

export interface DocumentVersion {
  readonly id: string;
  readonly documentId: string;
  readonly caseId: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdByName: string;
  readonly createdAt: string;
  readonly documentHash: string;
}

interface StoredVersion extends DocumentVersion {
  readonly state: string;
}

/** One side of a diff: a version, or the text as it stands now. */
export interface DiffSide {
  readonly versionId: string | null;
  readonly name: string;
  readonly at: string | null;
}

export interface DocumentDiff {
  readonly documentId: string;
  readonly from: DiffSide;
  readonly to: DiffSide;
  readonly languages: readonly LanguageDiff[];
}

export class DocumentVersions {
  readonly #store: RecordStore;
  readonly #access: CaseAccess;
  readonly #documents: CaseDocuments;
  readonly #now: () => Date;

  constructor(services: { store: RecordStore; access: CaseAccess; documents: CaseDocuments; now: () => Date }) {
    this.#store = services.store;
    this.#access = services.access;
    this.#documents = services.documents;
    this.#now = services.now;
  }

  /** Saves the document's stored text as a named version (its writers; not once it is locked). */
  async save(principal: Principal, caseId: string, documentId: string, name: string, origin: RequestOrigin): Promise<DocumentVersion> {
    const { grant, document } = await this.#authorized(principal, caseId, documentId, 'write', origin);
    await this.#access.refusing(grant, async () => requireUnlocked(document));
    const doc = await this.#documents.storedDoc(documentId);
    try {
      const version: StoredVersion = {
        id: randomUUID(),
        documentId,
        caseId,
        name,
        createdBy: grant.actor,
        createdByName: grant.participant.displayName,
        createdAt: this.#now().toISOString(),
        documentHash: renderCanonical(document, readDocumentText(doc, document.languages)).sha256,
        state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
      };
      await this.#store.commit({
        puts: [{ kind: DOCUMENT_VERSION, id: version.id, value: version, expectedVersion: 0, indexes: [`document:${documentId}`] }],
        logs: [auditLine({ ...grant.audit, action: 'document.saveVersion', target: documentId })],
      });
      return viewOf(version);
    } finally {
      doc.destroy();
    }
  }

  /** The document's versions, oldest first. */
  async list(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<DocumentVersion[]> {
    const { grant } = await this.#authorized(principal, caseId, documentId, 'read', origin);
    await this.#access.noteRead(grant, documentId);
    return (await this.#store.listRecords<StoredVersion>(DOCUMENT_VERSION, `document:${documentId}`)).map((r) => viewOf(r.value));
  }

  /** What changed from version `from` to version `to` (or to the text now, without `to`). */
  async diff(principal: Principal, caseId: string, documentId: string, from: string, to: string | undefined, origin: RequestOrigin): Promise<DocumentDiff> {
    const { grant, document } = await this.#authorized(principal, caseId, documentId, 'read', origin);
    const [before, after] = await this.#access.refusing(grant, async () => Promise.all([this.#version(documentId, from), to === undefined ? undefined : this.#version(documentId, to)]));
    await this.#access.noteRead(grant, documentId);
    const beforeDoc = docOf(before.state);
    const afterDoc = after === undefined ? await this.#documents.storedDoc(documentId) : docOf(after.state);
    try {
      return {
        documentId,
        from: sideOf(before),
        to: after === undefined ? { versionId: null, name: 'now', at: null } : sideOf(after),
        languages: diffDocumentText(readDocumentText(beforeDoc, document.languages), readDocumentText(afterDoc, document.languages), document.languages),
      };
    } finally {
      beforeDoc.destroy();
      afterDoc.destroy();
    }
  }

  /**
   * Makes the document's text the version's again, as a new edit by the caller, stored and
   * relayed like any other. Refused once the document is locked.
   */
  async restore(principal: Principal, caseId: string, documentId: string, versionId: string, origin: RequestOrigin): Promise<{ version: DocumentVersion; changed: boolean }> {
    const { grant, document } = await this.#authorized(principal, caseId, documentId, 'write', origin);
    const version = await this.#access.refusing(grant, async () => {
      requireUnlocked(document);
      return this.#version(documentId, versionId);
    });
    const source = docOf(version.state);
    try {
      const changed = await this.#access.refusing(grant, () =>
        this.#documents.inTurn(documentId, async (turn) => {
          // Locked while this waited for its turn: the lock came first.
          requireUnlocked((await this.#documents.record(documentId)) ?? document);
          return turn.write((doc) => restoreContent(doc, source, document.languages), grant.actor);
        }),
      );
      await this.#access.noteRead({ ...grant, audit: { ...grant.audit, action: 'document.restoreVersion' } }, versionId);
      return { version: viewOf(version), changed };
    } finally {
      source.destroy();
    }
  }

  /** The document of this case and the caller's grant to read (or write) its kind. */
  async #authorized(principal: Principal, caseId: string, documentId: string, need: 'read' | 'write', origin: RequestOrigin): Promise<{ grant: CaseGrant; document: CaseDocument }> {
    const document = await this.#documents.record(documentId);
    if (document === undefined || document.caseId !== caseId) {
      // Strangers to the case are refused as such before they learn what it holds.
      await this.#access.authorize(principal, caseId, 'document.list', origin, documentId);
      throw new CourtError('DOCUMENT_NOT_FOUND', `this case has no document ${documentId}`);
    }
    const grant = await this.#access.authorize(principal, caseId, need === 'read' ? readActionOf(document.kind) : writeActionOf(document.kind), origin, documentId);
    await this.#access.refusing(grant, async () => requireVisibleTo(grant.role, document));
    return { grant, document };
  }

  async #version(documentId: string, versionId: string): Promise<StoredVersion> {
    const stored = (await this.#store.getRecord<StoredVersion>(DOCUMENT_VERSION, versionId))?.value;
    if (stored === undefined || stored.documentId !== documentId) throw new CourtError('DOCUMENT_VERSION_NOT_FOUND', `this document has no version ${versionId}; list them with GET …/versions`);
    return stored;
  }
}

function viewOf(stored: StoredVersion): DocumentVersion {
  const { id, documentId, caseId, name, createdBy, createdByName, createdAt, documentHash } = stored;
  return { id, documentId, caseId, name, createdBy, createdByName, createdAt, documentHash };
}

function sideOf(version: StoredVersion): DiffSide {
  return { versionId: version.id, name: version.name, at: version.createdAt };
}

function docOf(state: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(state, 'base64'));
  return doc;
}
