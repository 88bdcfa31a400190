// The ledger checks, done in the browser with WebCrypto so that a party need not take the
// server's word: RFC 9162 hashing (leaf SHA-256(0x00 ‖ entry), node SHA-256(0x01 ‖ left ‖ right)),
// inclusion proofs (§2.1.3.2) and the court's Ed25519 signature over a tree head.
//
// Ported from server/domain/ledger/{hashing,proofVerification,treeHead}.ts; the algorithm and
// the signed bytes must stay exactly as they are there. Everything here takes untrusted input:
// nothing throws on malformed data, it fails the check with a reason.

export const HASH_LENGTH = 32;

export type ProofFailure =
  /** A field has the wrong type: a size that is not a non-negative safe integer, a hash that is not 32 bytes. */
  | 'MALFORMED_INPUT'
  /** The sizes admit no proof: index ≥ tree size. */
  | 'SIZE_OUT_OF_RANGE'
  /** The proof has more or fewer hashes than a proof for these sizes has. */
  | 'WRONG_PROOF_LENGTH'
  /** The proof does not lead to the root hash claimed. */
  | 'ROOT_MISMATCH';

export type ProofCheck = { readonly valid: true } | { readonly valid: false; readonly reason: ProofFailure; readonly message: string };

/** One ledger entry's outcome on the verify page. */
export interface EntryStatus {
  seq: number;
  status: 'pending' | 'verified' | 'failed';
  reason?: ProofFailure | 'LEAF_MISMATCH' | 'NOT_SIGNED' | 'MALFORMED_ENTRY' | 'FETCH_FAILED';
}

/** "The leaf with this hash is at `index` in the tree of treeSize leaves whose root is rootHash." */
export interface InclusionClaim {
  readonly leafHash: Uint8Array;
  readonly index: number;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
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
const VALID: ProofCheck = { valid: true };

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

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_LENGTH;
}

export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function failure(reason: ProofFailure, message: string): ProofCheck {
  return { valid: false, reason, message };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isProof(value: unknown): value is readonly Uint8Array[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!isHash(value[i])) return false;
  return true;
}

// Halving instead of >>: sizes may exceed 2^31.
const half = (n: number): number => Math.floor(n / 2);
const isOdd = (n: number): boolean => n % 2 === 1;

/** RFC 9162 §2.1.3.2, as checkInclusionProof in server/domain/ledger/proofVerification.ts. */
export async function checkInclusionProof(claim: InclusionClaim): Promise<ProofCheck> {
  if (typeof claim !== 'object' || claim === null) return failure('MALFORMED_INPUT', 'the claim must be an object');
  const { leafHash, index, treeSize, rootHash, proof } = claim;
  if (!isCount(index) || !isCount(treeSize)) return failure('MALFORMED_INPUT', 'index and treeSize must be non-negative safe integers');
  if (!isHash(leafHash) || !isHash(rootHash)) return failure('MALFORMED_INPUT', 'leafHash and rootHash must be 32 bytes');
  if (!isProof(proof)) return failure('MALFORMED_INPUT', 'the proof must be an array of 32-byte hashes');
  if (index >= treeSize) return failure('SIZE_OUT_OF_RANGE', `index ${index} is not below treeSize ${treeSize}`);

  // fn walks the leaf's path up, sn the right edge; each hash is a sibling on the left or
  // right, and the walk must end at the root just as the hashes run out.
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return failure('WRONG_PROOF_LENGTH', `the proof has more than the hashes for leaf ${index} of ${treeSize}`);
    if (isOdd(fn) || fn === sn) {
      r = await hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return failure('WRONG_PROOF_LENGTH', `the proof has too few hashes for leaf ${index} of ${treeSize}`);
  if (!hashesEqual(r, rootHash)) return failure('ROOT_MISMATCH', 'the proof does not lead to the root hash');
  return VALID;
}

const CONTEXT = new TextEncoder().encode('CrossCourt tree head v1\0');
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The 75 signed bytes of a tree head (server/domain/ledger/treeHead.ts): the 24-byte context
 * "CrossCourt tree head v1\0", the timestamp in ms and the tree size as uint64 big-endian,
 * 0x20 ‖ root hash, and 0x00 0x00 (no extensions). Undefined for a malformed head.
 */
export function treeHeadBytes(head: TreeHead): Uint8Array | undefined {
  if (!isCount(head.treeSize)) return undefined;
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
