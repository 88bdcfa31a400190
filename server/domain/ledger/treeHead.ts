// Signed tree heads: the log's signed statement "after treeSize entries my root was rootHash".
// Ed25519 via node:crypto. Keys are KeyObjects — load PEM with createPrivateKey/createPublicKey;
// the offline verifier, given a raw 32-byte public key, uses ed25519PublicKeyFromRaw. Where the
// log's private key is kept is not decided here.
//
// Signed bytes (fixed length, 75 bytes):
//   "CrossCourt tree head v1" 0x00         24 bytes: this key's signatures over tree heads can
//                                          never be mistaken for signatures over anything else
//   timestamp  uint64 big-endian           ms since 1970-01-01T00:00:00.000Z
//   tree_size  uint64 big-endian
//   0x20 ‖ root_hash                       33 bytes
//   0x00 0x00                              no extensions
// After the context string this is RFC 9162 §4.10 TreeHeadDataV2 with an empty extension list.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { HASH_LENGTH, hashFromHex, hashToHex, type Hash } from './hashing.js';
import { isUtcTimestamp, toUtcTimestamp } from './utcTimestamp.js';

export interface TreeHead {
  readonly treeSize: number;
  /** MTH of the first treeSize entries, 64 lowercase hex digits. */
  readonly rootHash: string;
  /** When the head was made, as `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly timestamp: string;
}

export interface SignedTreeHead extends TreeHead {
  /** Ed25519 signature over treeHeadBytes(head), 128 lowercase hex digits. */
  readonly signature: string;
}

const CONTEXT = new TextEncoder().encode('CrossCourt tree head v1\0');
const SIGNATURE = /^[0-9a-f]{128}$/;

export function createTreeHead(treeSize: number, rootHash: Hash, at: Date): TreeHead {
  const head = { treeSize, rootHash: hashToHex(rootHash), timestamp: toUtcTimestamp(at) };
  treeHeadBytes(head); // checks every field
  return head;
}

/** The bytes that are signed. Throws a TypeError naming the first malformed field. */
export function treeHeadBytes(head: TreeHead): Uint8Array {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) throw new TypeError('treeSize must be a non-negative safe integer');
  const root = hashFromHex(head.rootHash, 'rootHash');
  const ms = isUtcTimestamp(head.timestamp) ? Date.parse(head.timestamp) : -1;
  if (ms < 0) throw new TypeError('timestamp must be a UTC timestamp from 1970 on, like 2025-03-14T09:26:53.589Z');
  const bytes = new Uint8Array(CONTEXT.length + 8 + 8 + 1 + HASH_LENGTH + 2);
  const view = new DataView(bytes.buffer);
  bytes.set(CONTEXT, 0);
  view.setBigUint64(CONTEXT.length, BigInt(ms));
  view.setBigUint64(CONTEXT.length + 8, BigInt(head.treeSize));
  bytes[CONTEXT.length + 16] = HASH_LENGTH;
  bytes.set(root, CONTEXT.length + 17);
  return bytes;
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
