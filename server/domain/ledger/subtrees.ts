// Addressing of complete subtrees, and how any subtree of an RFC 9162 tree is made of them.
//
// A complete subtree holds 2^level leaves starting at leaf index·2^level; its hash never changes
// once its last leaf is appended, which is why a store can keep it. Every node of the tree of
// size n — and so every hash a proof needs — covers leaves [start, end) with start a multiple
// of a power of two ≥ end − start. Such a range is the complete subtrees given by the binary
// digits of end − start, largest first, and its MTH folds their hashes from the right: the
// RFC's split point k (the largest power of two < width) is exactly the first of them.
import { hashChildren, type Hash } from './hashing.js';

/** The complete subtree of 2^level leaves starting at leaf index·2^level. Level 0 is a leaf. */
export interface NodeAddress {
  readonly level: number;
  readonly index: number;
}

/** Throws a TypeError naming `name` unless value is an integer in 0..2^53−1. */
export function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** The largest power of two strictly less than n (n ≥ 2): the RFC's split point k. */
export function splitPoint(n: number): number {
  // Multiplication instead of bit shifts: shifts would truncate sizes above 2^31.
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The complete subtrees that make up leaves [start, end), left to right. */
export function subtreeNodes(start: number, end: number): NodeAddress[] {
  const width = end - start;
  let size = 1;
  let level = 0;
  while (size * 2 <= width) {
    size *= 2;
    level++;
  }
  if (width < 1 || start % (size === width ? size : size * 2) !== 0) {
    throw new RangeError(`leaves [${start}, ${end}) are not a subtree of any Merkle tree`);
  }
  const nodes: NodeAddress[] = [];
  let position = start;
  for (; size >= 1; size /= 2, level--) {
    if (position + size <= end) {
      nodes.push({ level, index: position / size });
      position += size;
    }
  }
  return nodes;
}

/** MTH of a subtree from the hashes of its complete subtrees (as listed by subtreeNodes). */
export function composeSubtree(hashes: readonly Hash[]): Hash {
  let hash = hashes[hashes.length - 1];
  if (hash === undefined) throw new RangeError('hashes must not be empty');
  for (let i = hashes.length - 2; i >= 0; i--) hash = hashChildren(hashes[i]!, hash);
  return hash;
}
