// What a ledger hash is, apart from computing one: 32 bytes of SHA-256 output, compared byte by
// byte, written as hex. Nothing here needs node, so the browser's checks (client/src/record) use it too;
// hashing.ts computes the hashes with node:crypto.

/** A SHA-256 output: 32 bytes. Node's Buffers are Uint8Arrays, so either may be passed. */
export type Hash = Uint8Array;

export const HASH_LENGTH = 32;

export function isHash(value: unknown): value is Hash {
  return value instanceof Uint8Array && value.length === HASH_LENGTH;
}

export function hashesEqual(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lowercase or uppercase hex to bytes; undefined unless it is whole bytes of hex digits. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
