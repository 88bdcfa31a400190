// The ledger checks, done in the browser with WebCrypto so that a party need not take the
// server's word: RFC 9162 hashing (leaf SHA-256(0x00 ‖ entry), node SHA-256(0x01 ‖ left ‖ right)),
// inclusion proofs (§2.1.3.2) and the court's Ed25519 signature over a tree head.
//
// The proof check and the signed bytes of a tree head are the server's own (server/domain/ledger/
// proofChecks.ts, treeHeadBytes.ts), run here on WebCrypto; the hashing is ported from
// server/domain/ledger/hashing.ts and must stay exactly as it is there. Everything here takes
// untrusted input: nothing throws on malformed data, it fails the check with a reason.
import { HASH_LENGTH, hexToBytes } from '../../../server/domain/ledger/hashValues.js';
import { inclusionCheck, type InclusionClaim, type ProofCheck, type ProofFailure } from '../../../server/domain/ledger/proofChecks.js';
import { encodeTreeHead, type TreeHead } from '../../../server/domain/ledger/treeHeadBytes.js';

/** One ledger entry's outcome on the verify page. */
export interface EntryStatus {
  seq: number;
  status: 'pending' | 'verified' | 'failed';
  reason?: ProofFailure | 'LEAF_MISMATCH' | 'NOT_SIGNED' | 'MALFORMED_ENTRY' | 'FETCH_FAILED';
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

/** Whether `signatureHex` is the Ed25519 signature by `publicKeyHex` (raw 32 bytes) over the head. */
export async function verifyTreeHeadSignature(head: TreeHead, signatureHex: string, publicKeyHex: string): Promise<boolean> {
  // The bytes the court signed (treeHeadBytes.ts); a malformed head has none.
  const encoded = encodeTreeHead(head);
  const signature = hexToBytes(signatureHex);
  const rawKey = hexToBytes(publicKeyHex);
  if (!('bytes' in encoded) || signature?.length !== 64 || rawKey?.length !== 32) return false;
  const { bytes } = encoded;
  try {
    const key = await crypto.subtle.importKey('raw', rawKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false; // a key WebCrypto will not import is no court key
  }
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
