// The append-only Merkle tree of the ledger over a pluggable NodeStore. Appending writes the
// leaf hash and every complete subtree the leaf completes (amortised O(1), at most log n);
// roots and proofs read O(log n) stored nodes, so a log of millions of entries is never rehashed.
//
// One MerkleTree per log appends; others may read the same store at any size up to the last
// size the appender reported (complete subtrees never change).
import { hashChildren, hashLeaf, emptyTreeRoot, isHash, type Hash } from './hashing.js';
import { MissingNodeError } from './ledgerErrors.js';
import type { NodeStore } from './NodeStore.js';
import { consistencyPlan, inclusionPlan, resolvePlan } from './proofPlans.js';
import { composeSubtree, requireCount, subtreeNodes, type NodeAddress } from './subtrees.js';

interface StoredNode extends NodeAddress {
  readonly hash: Hash;
}

export class MerkleTree {
  readonly #store: NodeStore;
  #size: number;
  /** The complete subtrees along the right edge, largest first: the tree's "compact range". */
  #frontier: StoredNode[];
  #root: Hash | undefined;

  /**
   * Opens the log of `size` leaves whose nodes are already in `store` (0, the default, for a
   * new log). Reads the O(log size) nodes of the right edge.
   */
  constructor(store: NodeStore, size = 0) {
    requireCount('size', size);
    this.#store = store;
    this.#size = size;
    this.#frontier = size === 0 ? [] : subtreeNodes(0, size).map((node) => ({ ...node, hash: this.#node(node) }));
  }

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Appends an entry (its canonical bytes) and returns its leaf index. */
  append(entry: Uint8Array): number {
    return this.appendLeafHash(hashLeaf(entry));
  }

  /** Appends an already computed leaf hash (see hashLeaf) and returns its leaf index. */
  appendLeafHash(leafHash: Hash): number {
    if (!isHash(leafHash)) throw new TypeError('leafHash must be a 32-byte Uint8Array');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('the log is full');
    const index = this.#size;
    const frontier = [...this.#frontier];
    let node: StoredNode = { level: 0, index, hash: Uint8Array.from(leafHash) };
    const written = [node];
    // A leaf completes one subtree per level at which the right edge already has a left sibling.
    while (frontier.length > 0 && frontier[frontier.length - 1]!.level === node.level) {
      const left = frontier.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: hashChildren(left.hash, node.hash) };
      written.push(node);
    }
    // Write before changing state: if the store throws, this tree is as it was, and a replay
    // writes the same hashes again.
    for (const { level, index: at, hash } of written) this.#store.put(level, at, hash);
    frontier.push(node);
    this.#frontier = frontier;
    this.#size = index + 1;
    this.#root = undefined;
    return index;
  }

  /** MTH of the whole log; the empty-tree hash for an empty log. */
  root(): Hash {
    this.#root ??= this.#size === 0 ? emptyTreeRoot() : composeSubtree(this.#frontier.map((n) => n.hash));
    return Uint8Array.from(this.#root); // not Buffer#slice, which would share memory
  }

  /** MTH of the first treeSize leaves, as a tree head of that size showed it. */
  rootAt(treeSize: number): Hash {
    this.#requireSize('treeSize', treeSize);
    if (treeSize === this.#size) return this.root();
    if (treeSize === 0) return emptyTreeRoot();
    return composeSubtree(subtreeNodes(0, treeSize).map((node) => this.#node(node)));
  }

  leafHash(index: number): Hash {
    requireCount('index', index);
    if (index >= this.#size) throw new RangeError(`index must be less than the log size (${this.#size}), got ${index}`);
    return this.#node({ level: 0, index });
  }

  /** RFC 9162 inclusion proof of leaf `index` in the tree of treeSize leaves (default: now). */
  inclusionProof(index: number, treeSize = this.#size): Hash[] {
    this.#requireSize('treeSize', treeSize);
    return resolvePlan(inclusionPlan(index, treeSize), (node) => this.#node(node));
  }

  /** RFC 9162 consistency proof from the tree of oldSize leaves to that of newSize (default: now). */
  consistencyProof(oldSize: number, newSize = this.#size): Hash[] {
    this.#requireSize('newSize', newSize);
    return resolvePlan(consistencyPlan(oldSize, newSize), (node) => this.#node(node));
  }

  #requireSize(name: string, treeSize: number): void {
    requireCount(name, treeSize);
    if (treeSize > this.#size) throw new RangeError(`${name} must not exceed the log size (${this.#size}), got ${treeSize}`);
  }

  #node({ level, index }: NodeAddress): Hash {
    const hash = this.#store.get(level, index);
    if (hash === undefined) throw new MissingNodeError(level, index);
    return hash;
  }
}
