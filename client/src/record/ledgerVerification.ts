// The ledger checks, done in the browser with WebCrypto so that a party need not take the
// server's word: RFC 9162 hashing (leaf SHA-256(0x00 ‖ entry), node SHA-256(0x01 ‖ left ‖ right)),
// inclusion proofs (§2.1.3.2) and the court's Ed25519 signature over a tree head.
//
// The proof check itself is the server's (server/domain/ledger/proofChecks.ts), run here on
// WebCrypto's SHA-256; the hashing and the signed bytes are ported from server/domain/ledger/
// {hashing,treeHead}.ts and must stay exactly as they are there. Everything here takes untrusted
// input: nothing throws on malformed data, it fails the check with a reason.
import { HASH_LENGTH } from '../../../server/domain/ledger/hashValues.js';
import { inclusionCheck, type InclusionClaim, type ProofCheck, type ProofFailure } from '../../../server/domain/ledger/proofChecks.js';

/** One ledger entry's outcome on the verify page. */
export interface EntryStatus {
  seq: number;
  status: 'pending' | 'verified' | 'failed';
  reason?: ProofFailure | 'LEAF_MISMATCH' | 'NOT_SIGNED' | 'MALFORMED_ENTRY' | 'FETCH_FAILED';
}

export interface TreeHead {
  readonly treeSize: number;
  /** 64 lowercase hex digits. */
  readonly rootHash: string;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly timestamp: string;
}

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Leaf hash: SHA-256(0x00 ‖ entry). */
export function hashLeaf(entry: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(1 + entry.length);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  return sha256(input);
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(1 + 2 * HASH_LENGTH);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + HASH_LENGTH);
  return sha256(input);
}

/** The server's check of an inclusion proof (proofChecks.ts), its hashes done by WebCrypto. */
export async function checkInclusionProof(claim: InclusionClaim): Promise<ProofCheck> {
  const check = inclusionCheck(claim);
  for (let step = check.next(); ; ) {
    if (step.done === true) return step.value;
    step = check.next(await hashChildren(...step.value));
  }
}

const CONTEXT = new TextEncoder().encode('CrossCourt tree head v1\0');
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The 75 signed bytes of a tree head (server/domain/ledger/treeHead.ts): the 24-byte context
 * "CrossCourt tree head v1\0", the timestamp in ms and the tree size as uint64 big-endian,
 * 0x20 ‖ root hash, and 0x00 0x00 (no extensions). Undefined for a malformed head.
 */
export function treeHeadBytes(head: TreeHead): Uint8Array | undefined {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) return undefined;
  if (typeof head.rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(head.rootHash)) return undefined;
  const root = hexToBytes(head.rootHash)!;
  if (typeof head.timestamp !== 'string' || !UTC_TIMESTAMP.test(head.timestamp)) return undefined;
  const ms = Date.parse(head.timestamp);
  if (!Number.isFinite(ms) || ms < 0 || new Date(ms).toISOString() !== head.timestamp) return undefined;
  const bytes = new Uint8Array(CONTEXT.length + 8 + 8 + 1 + HASH_LENGTH + 2);
  const view = new DataView(bytes.buffer);
  bytes.set(CONTEXT, 0);
  view.setBigUint64(CONTEXT.length, BigInt(ms));
  view.setBigUint64(CONTEXT.length + 8, BigInt(head.treeSize));
  bytes[CONTEXT.length + 16] = HASH_LENGTH;
  bytes.set(root, CONTEXT.length + 17);
  return bytes;
}

/** Whether `signatureHex` is the Ed25519 signature by `publicKeyHex` (raw 32 bytes) over the head. */
export async function verifyTreeHeadSignature(head: TreeHead, signatureHex: string, publicKeyHex: string): Promise<boolean> {
  const bytes = treeHeadBytes(head);
  const signature = hexToBytes(signatureHex);
  const rawKey = hexToBytes(publicKeyHex);
  if (bytes === undefined || signature?.length !== 64 || rawKey?.length !== 32) return false;
  try {
    const key = await crypto.subtle.importKey('raw', rawKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false; // a key WebCrypto will not import is no court key
  }
}

/** Lowercase or uppercase hex to bytes; undefined unless it is whole bytes of hex digits. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(base64: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
