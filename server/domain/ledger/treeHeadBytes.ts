// The bytes a tree head's signature covers, written once for the court that signs them
// (treeHead.ts) and the verify page that checks the signature in the browser
// (client/src/record/ledgerVerification.ts). Nothing here needs node.
//
// Signed bytes (fixed length, 75 bytes):
//   "CrossCourt tree head v1" 0x00         24 bytes: this key's signatures over tree heads can
//                                          never be mistaken for signatures over anything else
//   timestamp  uint64 big-endian           ms since 1970-01-01T00:00:00.000Z
//   tree_size  uint64 big-endian
//   0x20 ‖ root_hash                       33 bytes
//   0x00 0x00                              no extensions
// After the context string this is RFC 9162 §4.10 TreeHeadDataV2 with an empty extension list.
import { HASH_LENGTH, hexToBytes } from './hashValues.js';
import { isUtcTimestamp } from './utcTimestamp.js';

export interface TreeHead {
  readonly treeSize: number;
  /** MTH of the first treeSize entries, 64 lowercase hex digits. */
  readonly rootHash: string;
  /** When the head was made, as `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly timestamp: string;
}

const CONTEXT = new TextEncoder().encode('CrossCourt tree head v1\0');
const ROOT_HEX = /^[0-9a-f]{64}$/;

/** The signed bytes of the head, or what is wrong with it (its first malformed field). */
export function encodeTreeHead(head: TreeHead): { bytes: Uint8Array } | { problem: string } {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) return { problem: 'treeSize must be a non-negative safe integer' };
  if (typeof head.rootHash !== 'string' || !ROOT_HEX.test(head.rootHash)) return { problem: 'rootHash must be 64 lowercase hex digits' };
  const ms = isUtcTimestamp(head.timestamp) ? Date.parse(head.timestamp) : -1;
  if (ms < 0) return { problem: 'timestamp must be a UTC timestamp from 1970 on, like 2025-03-14T09:26:53.589Z' };
  const bytes = new Uint8Array(CONTEXT.length + 8 + 8 + 1 + HASH_LENGTH + 2);
  const view = new DataView(bytes.buffer);
  bytes.set(CONTEXT, 0);
  view.setBigUint64(CONTEXT.length, BigInt(ms));
  view.setBigUint64(CONTEXT.length + 8, BigInt(head.treeSize));
  bytes[CONTEXT.length + 16] = HASH_LENGTH;
  bytes.set(hexToBytes(head.rootHash)!, CONTEXT.length + 17);
  return { bytes };
}
