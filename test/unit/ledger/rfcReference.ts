// A deliberately naive RFC 9162 §2.1 reference, written straight from the recursive definitions
// and sharing no code with the ledger: the implementation under test must agree with it.
import { createHash } from 'node:crypto';

type Entries = readonly Uint8Array[];

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The largest power of two smaller than n (n > 1). */
function k(n: number): number {
  let power = 1;
  while (power * 2 < n) power *= 2;
  return power;
}

export function referenceLeafHash(entry: Uint8Array): Buffer {
  return sha256(Uint8Array.of(0), entry);
}

/** MTH(D[n]). */
export function referenceRoot(entries: Entries): Buffer {
  const n = entries.length;
  if (n === 0) return sha256();
  if (n === 1) return referenceLeafHash(entries[0]!);
  return sha256(Uint8Array.of(1), referenceRoot(entries.slice(0, k(n))), referenceRoot(entries.slice(k(n))));
}

/** PATH(m, D[n]). */
export function referencePath(m: number, entries: Entries): Buffer[] {
  const n = entries.length;
  if (n === 1) return [];
  const split = k(n);
  if (m < split) return [...referencePath(m, entries.slice(0, split)), referenceRoot(entries.slice(split))];
  return [...referencePath(m - split, entries.slice(split)), referenceRoot(entries.slice(0, split))];
}

/** PROOF(m, D[n]). */
export function referenceProof(m: number, entries: Entries): Buffer[] {
  return subproof(m, entries, true);
}

function subproof(m: number, entries: Entries, wholeOldTree: boolean): Buffer[] {
  const n = entries.length;
  if (m === n) return wholeOldTree ? [] : [referenceRoot(entries)];
  const split = k(n);
  if (m <= split) return [...subproof(m, entries.slice(0, split), wholeOldTree), referenceRoot(entries.slice(split))];
  return [...subproof(m - split, entries.slice(split), false), referenceRoot(entries.slice(0, split))];
}

/** Distinct entries of varying length, for building test logs. */
export function sampleEntries(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new TextEncoder().encode(`entry ${i}${'.'.repeat(i % 7)}`));
}

export const hex = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('hex'));

/** A copy of bytes with one bit flipped. */
export function flipBit(bytes: Uint8Array, bit = 0): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}
