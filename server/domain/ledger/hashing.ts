// RFC 9162 §2.1 hashing with SHA-256. The one-byte prefixes keep a leaf from ever being
// mistaken for an interior node (second-preimage protection), so never hash without them.
import { createHash } from 'node:crypto';
import { HASH_LENGTH, type Hash } from './hashValues.js';

// What a hash is (node-free, shared with the browser), for those who hash.
export { HASH_LENGTH, hashesEqual, isHash, type Hash } from './hashValues.js';

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// Reused for node hashes: one update() of 65 bytes is faster than three. Safe because hashing
// is synchronous.
const nodeInput = Buffer.alloc(1 + 2 * HASH_LENGTH);

/** Leaf hash: SHA-256(0x00 ‖ entry). */
export function hashLeaf(entry: Uint8Array): Hash {
  return createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(entry).digest();
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_LENGTH || right.length !== HASH_LENGTH) {
    throw new TypeError(`left and right must be ${HASH_LENGTH}-byte hashes`);
  }
  nodeInput[0] = NODE_PREFIX;
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_LENGTH);
  return createHash('sha256').update(nodeInput).digest();
}

/** MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1). A fresh copy each call. */
export function emptyTreeRoot(): Hash {
  return createHash('sha256').digest();
}

/** Lowercase hex, the form hashes take in tree heads and exported bundles. */
export function hashToHex(hash: Hash): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

/** Parses exactly 64 lowercase hex digits; anything else is a TypeError naming `name`. */
export function hashFromHex(hex: string, name = 'hash'): Hash {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new TypeError(`${name} must be 64 lowercase hex digits`);
  }
  return Buffer.from(hex, 'hex');
}
