// Signed tree heads: the log's signed statement "after treeSize entries my root was rootHash".
// Ed25519 via node:crypto over the bytes treeHeadBytes.ts lays out. Keys are KeyObjects — load
// PEM with createPrivateKey/createPublicKey; the offline verifier, given a raw 32-byte public key,
// uses ed25519PublicKeyFromRaw. Where the log's private key is kept is not decided here.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { hashToHex, type Hash } from './hashing.js';
import { encodeTreeHead, type TreeHead } from './treeHeadBytes.js';
import { toUtcTimestamp } from './utcTimestamp.js';

export type { TreeHead } from './treeHeadBytes.js';

export interface SignedTreeHead extends TreeHead {
  /** Ed25519 signature over treeHeadBytes(head), 128 lowercase hex digits. */
  readonly signature: string;
}

const SIGNATURE = /^[0-9a-f]{128}$/;

export function createTreeHead(treeSize: number, rootHash: Hash, at: Date): TreeHead {
  const head = { treeSize, rootHash: hashToHex(rootHash), timestamp: toUtcTimestamp(at) };
  treeHeadBytes(head); // checks every field
  return head;
}

/** The bytes that are signed. Throws a TypeError naming the first malformed field. */
export function treeHeadBytes(head: TreeHead): Uint8Array {
  const encoded = encodeTreeHead(head);
  if ('problem' in encoded) throw new TypeError(encoded.problem);
  return encoded.bytes;
}

export function signTreeHead(head: TreeHead, privateKey: KeyObject): SignedTreeHead {
  requireEd25519(privateKey, 'private', 'privateKey');
  const signature = sign(null, treeHeadBytes(head), privateKey).toString('hex');
  return { treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, signature };
}

/**
 * Whether the head is well formed and signed by the holder of publicKey's private key. A
 * malformed head or signature is false; only a key that is not an Ed25519 public key throws.
 */
export function verifyTreeHead(head: SignedTreeHead, publicKey: KeyObject): boolean {
  requireEd25519(publicKey, 'public', 'publicKey');
  if (typeof head !== 'object' || head === null) return false;
  if (typeof head.signature !== 'string' || !SIGNATURE.test(head.signature)) return false;
  let bytes: Uint8Array;
  try {
    bytes = treeHeadBytes(head);
  } catch {
    return false;
  }
  return verify(null, bytes, publicKey, Buffer.from(head.signature, 'hex'));
}

/** An Ed25519 public key from its raw 32 bytes (RFC 8032 encoding). */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (!(raw instanceof Uint8Array) || raw.length !== 32) throw new TypeError('raw must be a 32-byte Ed25519 public key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** The raw 32 bytes of an Ed25519 public key, for publishing it to verifiers. */
export function rawEd25519PublicKey(publicKey: KeyObject): Uint8Array {
  requireEd25519(publicKey, 'public', 'publicKey');
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}

function requireEd25519(key: KeyObject, type: 'private' | 'public', name: string): void {
  if (typeof key !== 'object' || key === null || key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${name} must be an Ed25519 ${type} KeyObject`);
  }
}
