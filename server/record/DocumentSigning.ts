// Locking a document's final text and signing it.
//
// Lock (the presiding side, of a kind it reads): in the document's turn (after every edit stored
// before, before any after), the live text is rendered canonically (canonicalRendering.ts) and
// hashed; the ledger entry `document.locked` (hash, required signers), the record's lock and the
// rendering itself are committed together; then the live document stops accepting edits and its
// connected writers are told.
//
// Sign (each required signer, once): an Ed25519 signature over the document's signing payload
// (documentSignatures.ts), made with the key the court keeps for them or sent by them and
// verified with the key they registered. The ledger entry `document.signed` (hash, signer, public
// key, signature) and the signature record are committed together; a signature record per
// document and signer, created only if absent, makes "twice" impossible even at the same moment.
//
// Storage:
//   record 'document' <id>                    gains locked: true and `lock`
//   record 'documentRendering' <documentId>   { format, sha256, html }: the exact locked text
//   record 'documentSignature' <documentId>:<participantId>   (index 'document:<documentId>')
import { CourtError } from '../domain/CourtError.js';
import { requireLocked, type CaseDocument, type DocumentLock } from '../domain/documents/caseDocument.js';
import { parseCanonical, renderCanonical, RENDERING_FORMAT } from '../domain/documents/canonicalRendering.js';
import { accessOf, isVisibleTo, readActionOf, requireVisibleTo } from '../domain/documents/documentKinds.js';
import {
  DOCUMENT_LOCKED,
  DOCUMENT_SIGNED,
  requiredSigners,
  signingPayload,
  verifyDocumentSignature,
  type DocumentLockedPayload,
  type DocumentSignedPayload,
  type RequiredSigner,
} from '../domain/documents/documentSignatures.js';
import { signedExportHtml, type SignatureLine, type SignedExport } from '../domain/documents/signedExport.js';
import { isAllowed } from '../domain/access/permissions.js';
import type { CaseRole } from '../domain/access/roles.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { readDocumentText } from '../docs/documentBody.js';
import { signedDocumentPdf } from '../bundle/signedDocumentPdf.js';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { auditLine } from './AuditLog.js';
import { PARTICIPANT, type CaseAccess, type CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';
import { DOCUMENT, type CaseDocuments, type DocumentForYou } from './CaseDocuments.js';
import type { SigningKeys } from './SigningKeys.js';

export const DOCUMENT_RENDERING = 'documentRendering';
export const DOCUMENT_SIGNATURE = 'documentSignature';

export interface StoredRendering {
  readonly format: string;
  readonly sha256: string;
  readonly html: string;
}

/** A signature as the record keeps it: the line its signature page shows, and what it signed. */
export interface DocumentSignature extends SignatureLine {
  readonly documentId: string;
  readonly caseId: string;
  readonly documentHash: string;
}

export interface SignatureStatus {
  readonly documentId: string;
  readonly documentHash: string;
  readonly rendering: string;
  /** The bytes each signer signs, as hex (for those who sign with their own key). */
  readonly signingPayload: string;
  readonly lockedAt: string;
  readonly lockedBy: string;
  readonly lockedByName: string;
  readonly lockLedgerSeq: number;
  readonly requiredSigners: ReadonlyArray<RequiredSigner & { readonly signedAt: string | null }>;
  readonly signatures: readonly DocumentSignature[];
  /** Every required signer has signed. */
  readonly complete: boolean;
}

export interface SignRequest {
  /** Whom the caller signs as: only themselves (anyone else is NOT_YOUR_SIGNATURE). */
  signer?: string;
  /** Hex Ed25519 signature made with the caller's own registered key; absent: the court signs with the key it keeps for them. */
  signature?: string;
}

export interface ExportedFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly contentType: string;
}

export class DocumentSigning {
  readonly #store: RecordStore;
  readonly #access: CaseAccess;
  readonly #ledger: CaseLedger;
  readonly #documents: CaseDocuments;
  readonly #keys: SigningKeys;

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; documents: CaseDocuments; keys: SigningKeys }) {
    this.#store = services.store;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#documents = services.documents;
    this.#keys = services.keys;
  }

  /** Locks the document's text as it stands, naming who must sign it (default: DEFAULT_SIGNER_ROLES). */
  async lock(principal: Principal, caseId: string, documentId: string, signers: readonly string[] | undefined, origin: RequestOrigin): Promise<DocumentForYou> {
    const grant = await this.#access.authorize(principal, caseId, 'document.lock', origin, documentId);
    const required = await this.#access.refusing(grant, async () => {
      const document = await this.#readableBy(grant, caseId, documentId);
      if (document.locked) throw alreadyLocked(document);
      return requiredSigners(document, await this.#participants(caseId), signers);
    });
    const locked = await this.#access.refusing(grant, () =>
      this.#documents.inTurn(documentId, async (turn) => {
        const stored = await this.#store.getRecord<CaseDocument>(DOCUMENT, documentId);
        if (stored!.value.locked) throw alreadyLocked(stored!.value);
        const document = stored!.value;
        const rendering = renderCanonical(document, readDocumentText(turn.doc, document.languages));
        const payload: DocumentLockedPayload = { documentId, kind: document.kind, title: document.title, documentHash: rendering.sha256, rendering: RENDERING_FORMAT, requiredSigners: required };
        let result: CaseDocument | undefined;
        try {
          await this.#ledger.append(caseId, { type: DOCUMENT_LOCKED, actor: grant.actor, payload: { ...payload, requiredSigners: required.map((s) => ({ ...s })) } }, (entry) => {
            const lock: DocumentLock = {
              lockedAt: entry.at,
              lockedBy: grant.actor,
              lockedByName: grant.participant.displayName,
              documentHash: rendering.sha256,
              rendering: RENDERING_FORMAT,
              requiredSigners: required,
              ledgerSeq: entry.seq,
            };
            result = { ...document, locked: true, lock };
            const renderingRecord: StoredRendering = { format: RENDERING_FORMAT, sha256: rendering.sha256, html: rendering.html };
            return {
              puts: [
                { kind: DOCUMENT, id: documentId, value: result, expectedVersion: stored!.version },
                { kind: DOCUMENT_RENDERING, id: documentId, value: renderingRecord, expectedVersion: 0 },
              ],
              logs: [auditLine({ ...grant.audit, target: documentId })],
            };
          });
        } catch (error) {
          if (error instanceof RecordConflictError) throw new CourtError('RECORD_CHANGED', 'the document changed at the same moment; read it again and retry');
          throw error;
        }
        turn.lock();
        return result!;
      }),
    );
    return { ...locked, access: accessOf(grant.role, locked) };
  }

  /** The caller signs the locked document, once. */
  async sign(principal: Principal, caseId: string, documentId: string, request: SignRequest, origin: RequestOrigin): Promise<DocumentSignature> {
    const grant = await this.#access.authorize(principal, caseId, 'document.sign', origin, documentId);
    const me = grant.participant;
    const lock = await this.#access.refusing(grant, async () => {
      const document = await this.#readableBy(grant, caseId, documentId);
      if (request.signer !== undefined && request.signer !== me.id) {
        throw new CourtError('NOT_YOUR_SIGNATURE', 'you may sign only as yourself; each signer signs with their own session and key');
      }
      const lock = requireLocked(document);
      if (!lock.requiredSigners.some((signer) => signer.participantId === me.id)) {
        throw new CourtError('NOT_A_REQUIRED_SIGNER', `you are not among the signers the court named when it locked this document (${lock.requiredSigners.map((s) => s.name).join(', ') || 'no one'})`);
      }
      const existing = await this.#store.getRecord<DocumentSignature>(DOCUMENT_SIGNATURE, signatureId(documentId, me.id));
      if (existing !== undefined) throw alreadySigned(existing.value);
      return lock;
    });
    const payloadBytes = signingPayload(documentId, lock.documentHash);
    const { key, signature } = await this.#access.refusing(grant, async () => {
      const registered = await this.#keys.keyOf(me.id);
      if (request.signature !== undefined) {
        if (registered?.custody !== 'participant') {
          throw new CourtError('INVALID_PAYLOAD', 'body.signature: the court keeps your signing key; send no signature and it signs for you (or register your own public key before your first signature)');
        }
        if (!verifyDocumentSignature(documentId, lock.documentHash, registered.publicKey, request.signature)) {
          throw new CourtError('SIGNATURE_INVALID', `the signature does not verify with your registered key (fingerprint ${registered.keyFingerprint}) over this document's signing payload; sign exactly the signingPayload bytes of GET …/signatures`);
        }
        return { key: registered, signature: request.signature };
      }
      if (registered?.custody === 'participant') {
        throw new CourtError('INVALID_PAYLOAD', 'body.signature is required: you registered your own key, so sign the signingPayload of GET …/signatures with it and send the signature');
      }
      return this.#keys.signFor(grant, payloadBytes);
    });
    const payload: DocumentSignedPayload = {
      documentId,
      documentHash: lock.documentHash,
      signerId: me.id,
      signerName: me.displayName,
      signerRole: me.role,
      publicKey: key.publicKey,
      keyFingerprint: key.keyFingerprint,
      keyCustody: key.custody,
      signature,
    };
    let signed: DocumentSignature | undefined;
    try {
      await this.#ledger.append(caseId, { type: DOCUMENT_SIGNED, actor: grant.actor, payload: { ...payload } }, (entry) => {
        signed = { ...payload, caseId, signerTimeZone: me.timeZone, signedAt: entry.at, ledgerSeq: entry.seq };
        return {
          puts: [{ kind: DOCUMENT_SIGNATURE, id: signatureId(documentId, me.id), value: signed, expectedVersion: 0, indexes: [`document:${documentId}`] }],
          logs: [auditLine({ ...grant.audit, target: documentId })],
        };
      });
    } catch (error) {
      if (!(error instanceof RecordConflictError)) throw error;
      const existing = await this.#store.getRecord<DocumentSignature>(DOCUMENT_SIGNATURE, signatureId(documentId, me.id));
      const refusal = alreadySigned(existing?.value);
      await this.#access.refusing(grant, async () => {
        throw refusal;
      });
    }
    return signed!;
  }

  /** Who must sign, who has, and what exactly they sign. */
  async status(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<SignatureStatus> {
    const { grant, document } = await this.#documents.readable(principal, caseId, documentId, origin);
    const lock = await this.#access.refusing(grant, async () => requireLocked(document));
    await this.#access.noteRead(grant, documentId);
    return this.#statusOf(document, lock);
  }

  /** The signed export: the locked text and its signature page, as HTML or PDF. */
  async export(principal: Principal, caseId: string, documentId: string, format: 'html' | 'pdf', origin: RequestOrigin): Promise<ExportedFile> {
    const { grant, document } = await this.#documents.readable(principal, caseId, documentId, origin);
    const lock = await this.#access.refusing(grant, async () => requireLocked(document));
    await this.#access.noteRead(grant, documentId);
    const rendering = (await this.#store.getRecord<StoredRendering>(DOCUMENT_RENDERING, documentId))!.value;
    const status = await this.#statusOf(document, lock);
    const signedExport: SignedExport = { document, lock, renderingHtml: rendering.html, signatures: status.signatures };
    const base = `${safeFileName(document.title)}-signed`;
    if (format === 'html') return { bytes: new TextEncoder().encode(signedExportHtml(signedExport)), fileName: `${base}.html`, contentType: 'text/html; charset=utf-8' };
    return { bytes: signedDocumentPdf(signedExport, parseCanonical(rendering.html)), fileName: `${base}.pdf`, contentType: 'application/pdf' };
  }

  /** The canonical renderings of the case's locked documents that `role` may read (for the case bundle). */
  async renderingsFor(role: CaseRole, caseId: string): Promise<Array<{ documentId: string; sha256: string; bytes: Uint8Array }>> {
    const documents = (await this.#store.listRecords<CaseDocument>(DOCUMENT, `case:${caseId}`)).map((r) => r.value);
    const readable = documents.filter((document) => document.locked && isAllowed(role, readActionOf(document.kind)) && isVisibleTo(role, document));
    const renderings: Array<{ documentId: string; sha256: string; bytes: Uint8Array }> = [];
    for (const document of readable) {
      const rendering = (await this.#store.getRecord<StoredRendering>(DOCUMENT_RENDERING, document.id))?.value;
      if (rendering !== undefined) renderings.push({ documentId: document.id, sha256: rendering.sha256, bytes: new TextEncoder().encode(rendering.html) });
    }
    return renderings;
  }

  async #statusOf(document: CaseDocument, lock: DocumentLock): Promise<SignatureStatus> {
    const signatures = (await this.#store.listRecords<DocumentSignature>(DOCUMENT_SIGNATURE, `document:${document.id}`)).map((r) => r.value);
    const signedAt = new Map(signatures.map((s) => [s.signerId, s.signedAt]));
    const required = lock.requiredSigners.map((signer) => ({ ...signer, signedAt: signedAt.get(signer.participantId) ?? null }));
    return {
      documentId: document.id,
      documentHash: lock.documentHash,
      rendering: lock.rendering,
      signingPayload: Buffer.from(signingPayload(document.id, lock.documentHash)).toString('hex'),
      lockedAt: lock.lockedAt,
      lockedBy: lock.lockedBy,
      lockedByName: lock.lockedByName,
      lockLedgerSeq: lock.ledgerSeq,
      requiredSigners: required,
      signatures,
      complete: required.every((signer) => signer.signedAt !== null),
    };
  }

  /** The document of the case, if the grant's role reads it now (the table, then the record's rules). */
  async #readableBy(grant: CaseGrant, caseId: string, documentId: string): Promise<CaseDocument> {
    const document = await this.#documents.record(documentId);
    if (document === undefined || document.caseId !== caseId) throw new CourtError('DOCUMENT_NOT_FOUND', `this case has no document ${documentId}`);
    if (!isAllowed(grant.role, readActionOf(document.kind))) {
      const article = /^[aeiou]/.test(grant.role) ? 'an' : 'a';
      throw new CourtError('FORBIDDEN', `${article} ${grant.role} does not read this kind of document in this case, so may not lock or sign it`);
    }
    requireVisibleTo(grant.role, document);
    return document;
  }

  async #participants(caseId: string): Promise<CaseParticipant[]> {
    return (await this.#store.listRecords<CaseParticipant>(PARTICIPANT, `case:${caseId}`)).map((r) => r.value);
  }
}

function signatureId(documentId: string, participantId: string): string {
  return `${documentId}:${participantId}`;
}

function alreadyLocked(document: CaseDocument): CourtError {
  return new CourtError('DOCUMENT_ALREADY_LOCKED', `this document was locked at ${document.lock?.lockedAt ?? 'an earlier time'} by ${document.lock?.lockedByName ?? 'the court'}`);
}

function alreadySigned(signature: DocumentSignature | undefined): CourtError {
  return new CourtError('DOCUMENT_ALREADY_SIGNED', `you signed this document at ${signature?.signedAt ?? 'an earlier time'} (ledger entry ${signature?.ledgerSeq ?? '?'}); a signer signs once`);
}

function safeFileName(title: string): string {
  const ascii = title.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return (ascii === '' ? 'document' : ascii).slice(0, 80);
}
