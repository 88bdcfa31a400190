// The signed documents of a case bundle, checked without the court: for every document the ledger
// locked, the rendering the bundle carries must hash to the locked hash; every signature on the
// ledger must be by one of the signers the lock named, with the key the ledger registered for
// them, over that hash — and verify. Part of verifyCaseBundle (caseBundle.ts); like it, this
// reads untrusted input and reports instead of throwing.
//
// The manifest lists renderings as `documents: [{ documentId, sha256, size, path }]`, path
// exactly `documents/<sha256>.html`. A locked document the bundle does not carry (withheld from
// an exporter who may not read it) is reported as not included, not as a problem: its
// signatures are still checked against the hash on the ledger.
import { createHash } from 'node:crypto';
import {
  DOCUMENT_LOCKED,
  DOCUMENT_SIGNED,
  SIGNING_KEY_CREATED,
  SIGNING_KEY_REGISTERED,
  verifyDocumentSignature,
} from '../documents/documentSignatures.js';
import type { LedgerEntry } from './ledgerEntry.js';

export interface CaseBundleDocument {
  readonly documentId: string;
  /** SHA-256 of the canonical rendering: the document hash. */
  readonly sha256: string;
  readonly size: number;
  /** Always `documents/<sha256>.html`. */
  readonly path: string;
}

export type RenderingStatus = 'ok' | 'not-included' | 'missing' | 'hash-mismatch' | 'size-mismatch' | 'malformed';

export interface SignatureReport {
  /** The `document.signed` entry. */
  readonly index: number;
  readonly signerId: string | null;
  readonly signerName: string | null;
  readonly signerRole: string | null;
  readonly signedAt: string | null;
  readonly keyFingerprint: string | null;
  readonly valid: boolean;
}

export interface DocumentReport {
  readonly documentId: string;
  readonly title: string | null;
  readonly documentHash: string | null;
  /** The `document.locked` entry. */
  readonly lockIndex: number;
  readonly rendering: RenderingStatus;
  readonly requiredSigners: number;
  readonly signatures: readonly SignatureReport[];
}

export function documentPath(sha256: string): string {
  return `documents/${sha256}.html`;
}

const SHA256 = /^[0-9a-f]{64}$/;
const LISTING_FIELDS = ['documentId', 'sha256', 'size', 'path'];

interface Lock {
  readonly index: number;
  readonly documentId: string;
  readonly title: string | null;
  readonly documentHash: string;
  readonly signers: ReadonlySet<string>;
}

export async function checkBundleDocuments(
  listed: unknown,
  readFile: (path: string) => Promise<Uint8Array | undefined>,
  entries: ReadonlyArray<LedgerEntry | undefined>,
  problems: string[],
): Promise<DocumentReport[]> {
  const locks = readLocks(entries, problems);
  const signatures = checkSignatures(entries, locks, problems);
  const renderings = await checkListings(listed ?? [], readFile, locks, problems);
  return [...locks.values()].map((lock) => ({
    documentId: lock.documentId,
    title: lock.title,
    documentHash: lock.documentHash,
    lockIndex: lock.index,
    rendering: renderings.get(lock.documentId) ?? 'not-included',
    requiredSigners: lock.signers.size,
    signatures: signatures.get(lock.documentId) ?? [],
  }));
}

function readLocks(entries: ReadonlyArray<LedgerEntry | undefined>, problems: string[]): Map<string, Lock> {
  const locks = new Map<string, Lock>();
  entries.forEach((entry, index) => {
    if (entry?.type !== DOCUMENT_LOCKED) return;
    const payload = record(entry.payload);
    const documentId = payload?.documentId;
    const documentHash = payload?.documentHash;
    const signers = Array.isArray(payload?.requiredSigners) ? payload.requiredSigners.map((s) => record(s)?.participantId) : undefined;
    if (typeof documentId !== 'string' || typeof documentHash !== 'string' || !SHA256.test(documentHash) || signers === undefined || signers.some((s) => typeof s !== 'string')) {
      problems.push(`entry ${index}: a ${DOCUMENT_LOCKED} entry must name documentId, documentHash (64 lowercase hex digits) and requiredSigners with participantId`);
      return;
    }
    if (locks.has(documentId)) {
      problems.push(`entry ${index}: locks document ${documentId} again (entry ${locks.get(documentId)!.index} locked it); a document is locked once`);
      return;
    }
    locks.set(documentId, { index, documentId, title: typeof payload?.title === 'string' ? payload.title : null, documentHash, signers: new Set(signers as string[]) });
  });
  return locks;
}

function checkSignatures(entries: ReadonlyArray<LedgerEntry | undefined>, locks: ReadonlyMap<string, Lock>, problems: string[]): Map<string, SignatureReport[]> {
  const keys = new Map<string, { index: number; publicKey: string }>();
  const signed = new Set<string>();
  const reports = new Map<string, SignatureReport[]>();
  entries.forEach((entry, index) => {
    if (entry?.type === SIGNING_KEY_CREATED || entry?.type === SIGNING_KEY_REGISTERED) {
      const payload = record(entry.payload);
      const participantId = payload?.participantId;
      const publicKey = payload?.publicKey;
      if (typeof participantId !== 'string' || typeof publicKey !== 'string' || !SHA256.test(publicKey)) {
        problems.push(`entry ${index}: a ${entry.type} entry must name participantId and publicKey (64 lowercase hex digits)`);
      } else if (keys.has(participantId)) {
        problems.push(`entry ${index}: sets a second signing key for participant ${participantId} (entry ${keys.get(participantId)!.index} set one); a participant keeps one key`);
      } else {
        if (payload?.keyFingerprint !== fingerprint(publicKey)) problems.push(`entry ${index}: keyFingerprint is not the SHA-256 of publicKey`);
        keys.set(participantId, { index, publicKey });
      }
      return;
    }
    if (entry?.type !== DOCUMENT_SIGNED) return;
    const payload = record(entry.payload) ?? {};
    const { documentId, documentHash, signerId, publicKey, signature, keyFingerprint } = payload;
    const where = `entry ${index} (${DOCUMENT_SIGNED})`;
    const before = problems.length;
    const lock = typeof documentId === 'string' ? locks.get(documentId) : undefined;
    if (lock === undefined || lock.index > index) problems.push(`${where}: signs document ${describe(documentId)}, which no earlier ${DOCUMENT_LOCKED} entry locked`);
    else if (documentHash !== lock.documentHash) problems.push(`${where}: signs hash ${describe(documentHash)}, not the hash ${lock.documentHash} the document was locked with`);
    if (typeof signerId !== 'string') problems.push(`${where}: names no signerId`);
    else {
      if (lock !== undefined && !lock.signers.has(signerId)) problems.push(`${where}: ${signerId} is not among the signers the lock (entry ${lock.index}) named`);
      const key = keys.get(signerId);
      if (key === undefined || key.index > index) problems.push(`${where}: no earlier entry registers a signing key for ${signerId}`);
      else if (key.publicKey !== publicKey) problems.push(`${where}: signed with key ${describe(publicKey)}, not the key entry ${key.index} registered for ${signerId}`);
      const once = `${String(documentId)}\u0000${signerId}`;
      if (signed.has(once)) problems.push(`${where}: ${signerId} signed this document before; a signer signs once`);
      signed.add(once);
    }
    if (typeof publicKey === 'string' && keyFingerprint !== fingerprint(publicKey)) problems.push(`${where}: keyFingerprint is not the SHA-256 of publicKey`);
    const verifies = verifyDocumentSignature(String(documentId), String(documentHash), String(publicKey), String(signature));
    if (!verifies) problems.push(`${where}: the signature does not verify with its public key over the document's signing payload`);
    const report: SignatureReport = {
      index,
      signerId: typeof signerId === 'string' ? signerId : null,
      signerName: typeof payload.signerName === 'string' ? payload.signerName : null,
      signerRole: typeof payload.signerRole === 'string' ? payload.signerRole : null,
      signedAt: entry.at,
      keyFingerprint: typeof keyFingerprint === 'string' ? keyFingerprint : null,
      valid: verifies && problems.length === before,
    };
    if (typeof documentId === 'string') reports.set(documentId, [...(reports.get(documentId) ?? []), report]);
  });
  return reports;
}

async function checkListings(
  listed: unknown,
  readFile: (path: string) => Promise<Uint8Array | undefined>,
  locks: ReadonlyMap<string, Lock>,
  problems: string[],
): Promise<Map<string, RenderingStatus>> {
  const statuses = new Map<string, RenderingStatus>();
  if (!Array.isArray(listed)) {
    problems.push('documents must be an array of { documentId, sha256, size, path }');
    return statuses;
  }
  for (const [i, value] of listed.entries()) {
    const where = `document ${i}`;
    const listing = record(value);
    if (listing === undefined) {
      problems.push(`${where}: must be an object { documentId, sha256, size, path }`);
      continue;
    }
    const before = problems.length;
    Object.keys(listing)
      .filter((key) => !LISTING_FIELDS.includes(key))
      .forEach((key) => problems.push(`${where}: has an unknown field ${JSON.stringify(key)}`));
    const { documentId, sha256, size, path } = listing;
    if (typeof documentId !== 'string') problems.push(`${where}: documentId must be a string`);
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) problems.push(`${where}: sha256 must be 64 lowercase hex digits`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) problems.push(`${where}: size must be a non-negative integer`);
    // The verifier opens no other path, so a bundle cannot make it read outside its own folder.
    if (typeof sha256 === 'string' && path !== documentPath(sha256)) problems.push(`${where}: path must be exactly "${documentPath(sha256)}", got ${describe(path)}; no other path is read`);
    if (typeof documentId === 'string' && statuses.has(documentId)) problems.push(`${where}: document ${documentId} is listed twice`);
    const lock = typeof documentId === 'string' ? locks.get(documentId) : undefined;
    if (typeof documentId === 'string' && lock === undefined) problems.push(`${where}: the ledger never locked document ${documentId}, so its rendering proves nothing`);
    else if (lock !== undefined && sha256 !== lock.documentHash) problems.push(`${where}: lists hash ${describe(sha256)} for document ${documentId}, but the ledger locked it with ${lock.documentHash}`);
    if (problems.length !== before) {
      if (typeof documentId === 'string') statuses.set(documentId, 'malformed');
      continue;
    }
    statuses.set(documentId as string, await checkRenderingFile(listing as unknown as CaseBundleDocument, readFile, problems));
  }
  return statuses;
}

async function checkRenderingFile(listing: CaseBundleDocument, readFile: (path: string) => Promise<Uint8Array | undefined>, problems: string[]): Promise<RenderingStatus> {
  const where = `document ${listing.documentId}`;
  let data: Uint8Array | undefined;
  try {
    data = await readFile(listing.path);
  } catch {
    data = undefined;
  }
  if (!(data instanceof Uint8Array)) {
    problems.push(`${where}: is listed but the bundle has no file ${listing.path}`);
    return 'missing';
  }
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== listing.sha256) {
    problems.push(`${where}: its rendering hashes to ${actual}, not to the document hash ${listing.sha256} that was locked and signed; the text was altered`);
    return 'hash-mismatch';
  }
  if (data.length !== listing.size) {
    problems.push(`${where}: the rendering has ${data.length} bytes but the manifest says ${listing.size}`);
    return 'size-mismatch';
  }
  return 'ok';
}

function fingerprint(publicKeyHex: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
