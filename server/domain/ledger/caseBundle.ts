// The exported case bundle: what a party takes away to prove, without trusting the court's
// server, what was recorded in a case and when. A bundle is a folder (or a tar of one) holding
// `case.json`, the manifest below, `evidence/<sha256>` for each evidence file, and
// `documents/<sha256>.html` for the canonical rendering of each locked document it carries
// (whose signatures bundleDocuments.ts checks).
//
// The manifest itself is not signed. What matters in it is bound to the signed tree head: the
// entries by the Merkle root, the evidence files by the hashes the entries name. The rest
// (exportedAt, the evidence sizes, the list of files) is only checked for consistency. The
// public key comes from the bundle too, so a signature proves nothing until that key is
// compared with the court's published one — hence `trustedPublicKey`.
//
// verifyCaseBundle reads untrusted input: it never throws, and it reports every problem it
// finds instead of stopping at the first, so a party sees everything that is wrong at once.
import { createHash, type KeyObject } from 'node:crypto';
import { checkBundleDocuments, documentPath, type CaseBundleDocument, type DocumentReport } from './bundleDocuments.js';
import { hashFromHex, hashToHex, hashesEqual } from './hashing.js';
import { encodeLedgerEntry, type LedgerEntry } from './ledgerEntry.js';
import { MerkleTree } from './MerkleTree.js';
import { MemoryNodeStore } from './NodeStore.js';
import { ed25519PublicKeyFromRaw, treeHeadBytes, verifyTreeHead, type SignedTreeHead } from './treeHead.js';
import { isUtcTimestamp, toUtcTimestamp } from './utcTimestamp.js';
import { isPlainRecord } from '../plainRecord.js';

export const CASE_BUNDLE_FORMAT = 'crosscourt.case-bundle.v1';
/** The manifest's name at the bundle's root. */
export const CASE_BUNDLE_MANIFEST = 'case.json';
/** Entries of this type name an evidence file by `payload.sha256`; the bundle must carry it. */
export const EVIDENCE_FILED = 'evidence.filed';

export interface CaseBundleEvidence {
  /** SHA-256 of the file, 64 lowercase hex digits. */
  readonly sha256: string;
  /** Size in bytes. */
  readonly size: number;
  /** Always `evidence/<sha256>`: the bundle names no other path, so it cannot point outside itself. */
  readonly path: string;
}

export interface CaseBundleManifest {
  readonly format: typeof CASE_BUNDLE_FORMAT;
  readonly caseId: string;
  /** When the bundle was made, as `YYYY-MM-DDTHH:mm:ss.sssZ`. Not signed: informative only. */
  readonly exportedAt: string;
  /** The ledger's raw Ed25519 public key (32 bytes), 64 lowercase hex digits. */
  readonly ledgerPublicKey: string;
  /** The head that covers exactly `entries`. */
  readonly treeHead: SignedTreeHead;
  /** Standard base64 of each entry's stored canonical bytes, in order: entries[i] is leaf i. */
  readonly entries: readonly string[];
  readonly evidence: readonly CaseBundleEvidence[];
  /** Renderings of locked documents (absent in bundles of cases without any). */
  readonly documents?: readonly CaseBundleDocument[];
}

export type { CaseBundleDocument, DocumentReport } from './bundleDocuments.js';

export type EntryStatus = 'ok' | 'malformed' | 'wrong-seq' | 'wrong-case';

export interface EntryReport {
  /** Position in the bundle (the leaf index it was hashed at). */
  readonly index: number;
  /** The entry's own fields; null when its bytes do not decode to an entry. */
  readonly seq: number | null;
  readonly type: string | null;
  readonly at: string | null;
  readonly actor: string | null;
  readonly status: EntryStatus;
}

/** 'malformed': the manifest's line for the file is wrong (bad hash, size or path), so it was not read. */
export type EvidenceStatus = 'ok' | 'malformed' | 'missing' | 'hash-mismatch' | 'size-mismatch';

export interface EvidenceReport {
  /** As listed; null when the listing has no usable sha256. */
  readonly sha256: string | null;
  readonly size: number | null;
  readonly status: EvidenceStatus;
  /** Indexes of the entries whose payload names this file by `sha256`: the ledger's word for it. */
  readonly namedBy: readonly number[];
}

export interface BundleReport {
  /** True only when no problem was found. Check keyTrusted as well: an unpinned key proves nothing. */
  readonly ok: boolean;
  readonly caseId: string | null;
  readonly exportedAt: string | null;
  /** The signed tree head's fields, when it is well formed. */
  readonly treeSize: number | null;
  readonly rootHash: string | null;
  readonly treeTimestamp: string | null;
  /** The bundle's ledger key, when well formed. */
  readonly publicKeyHex: string | null;
  /** The tree head's signature verifies with the bundle's key. */
  readonly signatureValid: boolean;
  /** The entries' Merkle root and count are those of the signed tree head. */
  readonly rootMatches: boolean;
  /** A pinned key was given and equals the bundle's key. */
  readonly keyTrusted: boolean;
  readonly entries: readonly EntryReport[];
  readonly evidence: readonly EvidenceReport[];
  /** Every document the ledger locked: its rendering and its signatures. */
  readonly documents: readonly DocumentReport[];
  readonly problems: readonly string[];
}

export interface VerifyCaseBundleOptions {
  /** The court's published ledger key (raw 32 bytes); the bundle's key must equal it. */
  readonly trustedPublicKey?: Uint8Array;
}

/** Reads a file of the bundle by its path (`evidence/<sha256>` or `documents/<sha256>.html`); undefined when there is none. */
export type ReadBundleFile = (path: string) => Promise<Uint8Array | undefined>;

export function evidencePath(sha256: string): string {
  return `evidence/${sha256}`;
}

/** Builds a manifest from a log's stored entries and head. Throws a TypeError on bad arguments. */
export function createCaseBundleManifest(input: {
  caseId: string;
  exportedAt: Date;
  ledgerPublicKey: Uint8Array;
  treeHead: SignedTreeHead;
  entries: readonly Uint8Array[];
  evidence: ReadonlyArray<{ sha256: string; size: number }>;
  documents?: ReadonlyArray<{ documentId: string; sha256: string; size: number }>;
}): CaseBundleManifest {
  if (!(input.ledgerPublicKey instanceof Uint8Array) || input.ledgerPublicKey.length !== 32) {
    throw new TypeError('ledgerPublicKey must be the raw 32-byte Ed25519 public key');
  }
  const { signature, treeSize, rootHash, timestamp } = input.treeHead;
  return {
    format: CASE_BUNDLE_FORMAT,
    caseId: input.caseId,
    exportedAt: toUtcTimestamp(input.exportedAt),
    ledgerPublicKey: hashToHex(input.ledgerPublicKey),
    treeHead: { treeSize, rootHash, timestamp, signature },
    entries: input.entries.map((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')),
    evidence: input.evidence.map(({ sha256, size }) => ({ sha256, size, path: evidencePath(sha256) })),
    ...(input.documents === undefined ? {} : { documents: input.documents.map(({ documentId, sha256, size }) => ({ documentId, sha256, size, path: documentPath(sha256) })) }),
  };
}

/**
 * Checks a bundle without trusting the server that made it. `manifest` is the parsed case.json,
 * or its raw text or bytes. Never throws; a bundle verifies when report.ok is true.
 */
export async function verifyCaseBundle(
  manifest: unknown,
  readEvidence: ReadBundleFile,
  options: VerifyCaseBundleOptions = {},
): Promise<BundleReport> {
  try {
    return await verifyFields(manifest, readEvidence, options);
  } catch (error) {
    // Every check above reports instead of throwing; this only keeps an unforeseen input from
    // turning into a crash — and fails closed.
    return emptyReport([`the bundle could not be checked (${messageOf(error)})`]);
  }
}

async function verifyFields(manifest: unknown, readEvidence: ReadBundleFile, options: VerifyCaseBundleOptions): Promise<BundleReport> {
  const problems: string[] = [];
  const fields = checkEnvelope(parseManifest(manifest, problems), problems);
  if (fields === undefined) return emptyReport(problems);

  const caseId = checkCaseId(fields.caseId, problems);
  const exportedAt = checkExportedAt(fields.exportedAt, problems);
  const key = checkPublicKey(fields.ledgerPublicKey, options?.trustedPublicKey, problems);
  const head = checkTreeHead(fields.treeHead, problems);
  const decoded = decodeEntries(fields.entries, caseId, problems);
  const rootMatches = head !== undefined && checkRoot(decoded.bytes, head, problems);
  const signatureValid = head !== undefined && key.object !== undefined && checkSignature(head, key.object, problems);
  const evidence = await checkEvidence(fields.evidence, readEvidence, decoded.entries, problems);
  checkFiledEvidence(decoded.entries, evidence, problems);
  const documents = await checkBundleDocuments(fields.documents, readEvidence, decoded.entries, problems);

  return {
    ok: problems.length === 0,
    caseId: caseId ?? null,
    exportedAt: exportedAt ?? null,
    treeSize: head?.treeSize ?? null,
    rootHash: head?.rootHash ?? null,
    treeTimestamp: head?.timestamp ?? null,
    publicKeyHex: key.hex ?? null,
    signatureValid,
    rootMatches,
    keyTrusted: key.trusted,
    entries: decoded.reports,
    evidence,
    documents,
    problems,
  };
}

function emptyReport(problems: string[]): BundleReport {
  return {
    ok: false,
    caseId: null,
    exportedAt: null,
    treeSize: null,
    rootHash: null,
    treeTimestamp: null,
    publicKeyHex: null,
    signatureValid: false,
    rootMatches: false,
    keyTrusted: false,
    entries: [],
    evidence: [],
    documents: [],
    problems,
  };
}

// The manifest.

const MANIFEST_FIELDS = ['format', 'caseId', 'exportedAt', 'ledgerPublicKey', 'treeHead', 'entries', 'evidence', 'documents'] as const;
type ManifestFields = Record<(typeof MANIFEST_FIELDS)[number], unknown>;

const MISSING = Symbol('unparseable manifest');

function parseManifest(manifest: unknown, problems: string[]): unknown {
  if (typeof manifest !== 'string' && !(manifest instanceof Uint8Array)) return manifest;
  try {
    const text = typeof manifest === 'string' ? manifest : new TextDecoder('utf-8', { fatal: true }).decode(manifest);
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${CASE_BUNDLE_MANIFEST} is not UTF-8 JSON (${messageOf(error)})`);
    return MISSING;
  }
}

/** The manifest's fields, or undefined when it is not a v1 manifest at all (nothing else is checked then). */
function checkEnvelope(value: unknown, problems: string[]): ManifestFields | undefined {
  if (value === MISSING) return undefined;
  if (!isPlainRecord(value)) {
    problems.push(`${CASE_BUNDLE_MANIFEST} must hold a JSON object`);
    return undefined;
  }
  if (value.format !== CASE_BUNDLE_FORMAT) {
    problems.push(`${CASE_BUNDLE_MANIFEST} has format ${describe(value.format)}; this verifier reads only "${CASE_BUNDLE_FORMAT}"`);
    return undefined;
  }
  // Refused rather than ignored: a field nobody checks (a "verified": true, say) could mislead a reader.
  unknownFields(value, MANIFEST_FIELDS).forEach((key) => problems.push(`${CASE_BUNDLE_MANIFEST} has an unknown field ${JSON.stringify(key)}`));
  return value as ManifestFields;
}

function checkCaseId(value: unknown, problems: string[]): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  problems.push('caseId must be a non-empty string');
  return undefined;
}

function checkExportedAt(value: unknown, problems: string[]): string | undefined {
  if (isUtcTimestamp(value)) return value;
  problems.push('exportedAt must be a UTC timestamp like 2025-03-14T09:26:53.589Z');
  return undefined;
}

// The key and the tree head.

interface KeyCheck {
  hex?: string;
  object?: KeyObject;
  trusted: boolean;
}

function checkPublicKey(value: unknown, pinned: unknown, problems: string[]): KeyCheck {
  let raw: Uint8Array;
  try {
    raw = hashFromHex(value as string, 'ledgerPublicKey'); // a raw Ed25519 key is 32 bytes, as a hash is
  } catch (error) {
    problems.push(`${messageOf(error)} (the raw Ed25519 public key)`);
    return { trusted: false };
  }
  const hex = value as string;
  const trusted = checkPinnedKey(raw, pinned, problems);
  try {
    return { hex, object: ed25519PublicKeyFromRaw(raw), trusted };
  } catch (error) {
    problems.push(`ledgerPublicKey is not a usable Ed25519 public key (${messageOf(error)})`);
    return { hex, trusted };
  }
}

function checkPinnedKey(raw: Uint8Array, pinned: unknown, problems: string[]): boolean {
  if (pinned === undefined) return false;
  if (!(pinned instanceof Uint8Array) || pinned.length !== 32) {
    problems.push('the pinned public key must be a raw 32-byte Ed25519 key');
    return false;
  }
  if (hashesEqual(raw, pinned)) return true;
  problems.push(`the bundle is signed for ledger key ${hashToHex(raw)}, not for the pinned key ${hashToHex(pinned)}`);
  return false;
}

const TREE_HEAD_FIELDS = ['treeSize', 'rootHash', 'timestamp', 'signature'] as const;
const SIGNATURE = /^[0-9a-f]{128}$/;

function checkTreeHead(value: unknown, problems: string[]): SignedTreeHead | undefined {
  if (!isPlainRecord(value)) {
    problems.push('treeHead must be an object with treeSize, rootHash, timestamp and signature');
    return undefined;
  }
  const before = problems.length;
  unknownFields(value, TREE_HEAD_FIELDS).forEach((key) => problems.push(`treeHead has an unknown field ${JSON.stringify(key)}`));
  try {
    treeHeadBytes(value as unknown as SignedTreeHead);
  } catch (error) {
    problems.push(`treeHead: ${messageOf(error)}`);
  }
  if (typeof value.signature !== 'string' || !SIGNATURE.test(value.signature)) {
    problems.push('treeHead: signature must be 128 lowercase hex digits (an Ed25519 signature)');
  }
  return problems.length === before ? (value as unknown as SignedTreeHead) : undefined;
}

function checkSignature(head: SignedTreeHead, key: KeyObject, problems: string[]): boolean {
  if (verifyTreeHead(head, key)) return true;
  problems.push("the tree head's signature does not verify with the bundle's ledger key");
  return false;
}

// The entries.

interface DecodedEntries {
  /** Each entry's bytes; undefined where the base64 is bad (then no root can be computed). */
  bytes: Array<Uint8Array | undefined>;
  /** Each entry, where its bytes are a canonical ledger entry. */
  entries: Array<LedgerEntry | undefined>;
  reports: EntryReport[];
}

function decodeEntries(value: unknown, caseId: string | undefined, problems: string[]): DecodedEntries {
  const decoded: DecodedEntries = { bytes: [], entries: [], reports: [] };
  if (!Array.isArray(value)) {
    problems.push('entries must be an array of base64 strings');
    return decoded;
  }
  for (let index = 0; index < value.length; index++) {
    const bytes = decodeBase64(value[index]);
    const entry = bytes === undefined ? undefined : decodeEntry(bytes, index, problems);
    if (bytes === undefined) problems.push(`entry ${index}: is not a standard base64 string`);
    const status = entry === undefined ? 'malformed' : entryStatus(entry, index, caseId, problems);
    decoded.bytes.push(bytes);
    decoded.entries.push(entry?.canonical ? entry.entry : undefined);
    decoded.reports.push({
      index,
      seq: entry?.entry.seq ?? null,
      type: entry?.entry.type ?? null,
      at: entry?.entry.at ?? null,
      actor: entry?.entry.actor ?? null,
      status,
    });
  }
  return decoded;
}

/** Strict: Buffer's decoder skips stray characters, so the text must be exactly what re-encoding gives. */
function decodeBase64(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.toString('base64') === value ? bytes : undefined;
}

interface DecodedEntry {
  entry: LedgerEntry;
  /** The bytes are exactly the entry's canonical form, the only form the ledger writes. */
  canonical: boolean;
}

function decodeEntry(bytes: Uint8Array, index: number, problems: string[]): DecodedEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    problems.push(`entry ${index}: its bytes are not UTF-8 JSON (${messageOf(error)})`);
    return undefined;
  }
  let canonical: Uint8Array;
  try {
    canonical = encodeLedgerEntry(value as LedgerEntry); // checks it is an entry, as assertLedgerEntry does
  } catch (error) {
    problems.push(`entry ${index}: is not a ledger entry (${messageOf(error)})`);
    return undefined;
  }
  const entry = value as LedgerEntry;
  if (Buffer.compare(canonical, bytes) === 0) return { entry, canonical: true };
  problems.push(`entry ${index}: its bytes are not the entry's canonical JSON (RFC 8785), the only form the ledger writes`);
  return { entry, canonical: false };
}

function entryStatus(decoded: DecodedEntry, index: number, caseId: string | undefined, problems: string[]): EntryStatus {
  const { entry, canonical } = decoded;
  let status: EntryStatus = canonical ? 'ok' : 'malformed';
  if (entry.seq !== index) {
    problems.push(`entry ${index}: has seq ${entry.seq}; the entry at position ${index} must have seq ${index} (an entry is missing, extra or out of order)`);
    if (status === 'ok') status = 'wrong-seq';
  }
  if (caseId !== undefined && entry.caseId !== caseId) {
    problems.push(`entry ${index}: belongs to case ${JSON.stringify(entry.caseId)}, not to this bundle's case ${JSON.stringify(caseId)}`);
    if (status === 'ok') status = 'wrong-case';
  }
  return status;
}

/** The root is computed over the exact stored bytes, well-formed or not: that is what was signed. */
function checkRoot(bytes: Array<Uint8Array | undefined>, head: SignedTreeHead, problems: string[]): boolean {
  if (bytes.some((b) => b === undefined)) {
    problems.push("the entries' Merkle root cannot be recomputed while an entry is not base64");
    return false;
  }
  const tree = new MerkleTree(new MemoryNodeStore());
  for (const entry of bytes) tree.append(entry!);
  const signedRoot = hashFromHex(head.rootHash);
  if (head.treeSize > tree.size) {
    problems.push(`the signed tree head covers ${head.treeSize} entries but the bundle has only ${tree.size}`);
    return false;
  }
  if (!hashesEqual(tree.rootAt(head.treeSize), signedRoot)) {
    problems.push(
      `the entries do not hash to the signed tree head's root (root mismatch): ` +
        'an entry was altered, added, removed or reordered after the head was signed',
    );
    if (head.treeSize !== tree.size) problems.push(`the signed tree head covers ${head.treeSize} entries but the bundle has ${tree.size}`);
    return false;
  }
  if (head.treeSize < tree.size) {
    problems.push(`entries ${head.treeSize} to ${tree.size - 1} are not covered by the signed tree head, which covers only the first ${head.treeSize}`);
    return false;
  }
  return true;
}

// The evidence.

const EVIDENCE_FIELDS = ['sha256', 'size', 'path'] as const;
const SHA256 = /^[0-9a-f]{64}$/;

async function checkEvidence(
  value: unknown,
  readEvidence: ReadBundleFile,
  entries: ReadonlyArray<LedgerEntry | undefined>,
  problems: string[],
): Promise<EvidenceReport[]> {
  if (!Array.isArray(value)) {
    problems.push('evidence must be an array of { sha256, size, path }');
    return [];
  }
  const seen = new Set<string>();
  const reports: EvidenceReport[] = [];
  for (let i = 0; i < value.length; i++) {
    const listing = checkListing(value[i], i, seen, problems);
    const sha256 = listing?.sha256 ?? (isPlainRecord(value[i]) && typeof value[i].sha256 === 'string' ? value[i].sha256 : null);
    const size = listing?.size ?? null;
    const status = listing === undefined ? 'malformed' : await checkEvidenceFile(listing, readEvidence, problems);
    reports.push({ sha256, size, status, namedBy: namingEntries(entries, sha256) });
  }
  return reports;
}

/** The listing, if it is exactly { sha256, size, path: evidence/<sha256> } and not a repeat. */
function checkListing(value: unknown, i: number, seen: Set<string>, problems: string[]): CaseBundleEvidence | undefined {
  const where = `evidence ${i}`;
  if (!isPlainRecord(value)) {
    problems.push(`${where}: must be an object { sha256, size, path }`);
    return undefined;
  }
  const before = problems.length;
  unknownFields(value, EVIDENCE_FIELDS).forEach((key) => problems.push(`${where}: has an unknown field ${JSON.stringify(key)}`));
  const { sha256, size, path } = value;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) problems.push(`${where}: sha256 must be 64 lowercase hex digits`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) problems.push(`${where}: size must be a non-negative integer`);
  if (typeof sha256 === 'string' && path !== evidencePath(sha256)) {
    // The verifier opens no other path, so a bundle cannot make it read outside its own folder.
    problems.push(`${where}: path must be exactly "${evidencePath(sha256)}", got ${describe(path)}; no other path is read`);
  }
  if (typeof sha256 === 'string' && seen.has(sha256)) problems.push(`${where}: ${sha256} is listed twice`);
  if (typeof sha256 === 'string') seen.add(sha256);
  return problems.length === before ? (value as unknown as CaseBundleEvidence) : undefined;
}

async function checkEvidenceFile(listing: CaseBundleEvidence, readEvidence: ReadBundleFile, problems: string[]): Promise<EvidenceStatus> {
  const where = `evidence ${listing.sha256}`;
  let data: Uint8Array | undefined;
  try {
    data = await readEvidence(listing.path);
  } catch (error) {
    problems.push(`${where}: could not be read (${messageOf(error)})`);
    return 'missing';
  }
  if (!(data instanceof Uint8Array)) {
    problems.push(`${where}: is listed in ${CASE_BUNDLE_MANIFEST} but the bundle has no file ${listing.path}`);
    return 'missing';
  }
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== listing.sha256) {
    problems.push(`${where}: the file's contents hash to ${actual}; it was altered or replaced`);
    return 'hash-mismatch';
  }
  if (data.length !== listing.size) {
    problems.push(`${where}: the file has ${data.length} bytes but ${CASE_BUNDLE_MANIFEST} says ${listing.size}`);
    return 'size-mismatch';
  }
  return 'ok';
}

function namingEntries(entries: ReadonlyArray<LedgerEntry | undefined>, sha256: string | null): number[] {
  if (sha256 === null) return [];
  const indexes: number[] = [];
  entries.forEach((entry, index) => {
    if (payloadSha256(entry) === sha256) indexes.push(index);
  });
  return indexes;
}

/** Every file an evidence.filed entry names must travel with the bundle, or the record is incomplete. */
function checkFiledEvidence(entries: ReadonlyArray<LedgerEntry | undefined>, evidence: readonly EvidenceReport[], problems: string[]): void {
  entries.forEach((entry, index) => {
    if (entry?.type !== EVIDENCE_FILED) return;
    const sha256 = payloadSha256(entry);
    if (sha256 === undefined || !SHA256.test(sha256)) {
      problems.push(`entry ${index}: an ${EVIDENCE_FILED} entry must name its file by payload.sha256 (64 lowercase hex digits)`);
    } else if (!evidence.some((file) => file.sha256 === sha256)) {
      problems.push(`entry ${index}: files evidence ${sha256}, which ${CASE_BUNDLE_MANIFEST} does not list`);
    }
    // A listed file that is missing or altered is already reported under its own name.
  });
}

function payloadSha256(entry: LedgerEntry | undefined): string | undefined {
  const payload: unknown = entry?.payload;
  return isPlainRecord(payload) && typeof payload.sha256 === 'string' ? payload.sha256 : undefined;
}

// Helpers.

function unknownFields(value: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !known.includes(key));
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
