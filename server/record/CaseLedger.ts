// Each case's ledger: one append-only Merkle log per case (logId = case id), so a case bundle
// verifies on its own without disclosing other cases. Appends go through here so that the entry,
// the record changes it witnesses and the audit line land in one atomic commit.
//
// Appends to one case are serialised on this node; if another node appended first, the store
// refuses the stale index (StoreConflictError) and the append is prepared again on the new size.
import type { KeyObject } from 'node:crypto';
import { CourtError } from '../domain/CourtError.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import { hashToHex, type Hash } from '../domain/ledger/hashing.js';
import { encodeLedgerEntry, type LedgerEntry } from '../domain/ledger/ledgerEntry.js';
import { MerkleTree } from '../domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../domain/ledger/NodeStore.js';
import { consistencyPlan, inclusionPlan, planNodes, resolvePlan } from '../domain/ledger/proofPlans.js';
import { composeSubtree, subtreeNodes, type NodeAddress } from '../domain/ledger/subtrees.js';
import { createTreeHead, signTreeHead, type SignedTreeHead } from '../domain/ledger/treeHead.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { LedgerNode } from '../store/LedgerStore.js';
import type { Commit, RecordStore } from '../store/RecordStore.js';
import { StoreConflictError } from '../store/storeErrors.js';
import { KeyedQueue } from './KeyedQueue.js';

export interface LedgerEvent {
  type: string;
  actor: string;
  payload: JsonValue;
}

const MAX_ATTEMPTS = 8;

export class CaseLedger {
  readonly #store: RecordStore;
  readonly #signingKey: KeyObject;
  readonly #now: () => Date;
  /** Appends to one case's ledger, one after another (each needs the size the last one left). */
  readonly #appends = new KeyedQueue();

  constructor(store: RecordStore, signingKey: KeyObject, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#signingKey = signingKey;
    this.#now = now;
  }

  /**
   * Appends the event to the case's ledger together with `changes` (built from the entry, so
   * they can name its seq and time), in one durable commit. Resolves with the entry once it is
   * on disk.
   */
  append(caseId: string, event: LedgerEvent, changes: (entry: LedgerEntry) => Omit<Commit, 'ledger'> = () => ({})): Promise<LedgerEntry> {
    return this.#appends.run(caseId, async () => {
      for (let attempt = 1; ; attempt++) {
        const size = await this.#store.ledgerSize(caseId);
        const entry: LedgerEntry = { seq: size, caseId, type: event.type, at: toUtcTimestamp(this.#now()), actor: event.actor, payload: event.payload };
        const bytes = encodeLedgerEntry(entry);
        const nodes = await this.#nodesOfAppend(caseId, size, bytes);
        try {
          await this.#store.commit({ ...changes(entry), ledger: { logId: caseId, append: { index: size, entry: bytes, nodes } } });
          return entry;
        } catch (error) {
          if (!(error instanceof StoreConflictError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  async size(caseId: string): Promise<number> {
    return this.#store.ledgerSize(caseId);
  }

  /** The entries [from, to) as stored: their exact bytes (what the leaves hash). */
  async entryBytes(caseId: string, from: number, to: number): Promise<Uint8Array[]> {
    return this.#store.ledgerEntries(caseId, from, to);
  }

  async entries(caseId: string, from = 0, to?: number): Promise<LedgerEntry[]> {
    const end = to ?? (await this.size(caseId));
    return (await this.entryBytes(caseId, from, end)).map((bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as LedgerEntry);
  }

  /** A freshly signed tree head over the first `treeSize` entries (default: the whole log now). */
  async treeHead(caseId: string, treeSize?: number): Promise<SignedTreeHead> {
    const size = treeSize ?? (await this.size(caseId));
    const root = size === 0 ? undefined : await this.#rootAt(caseId, size);
    const head = createTreeHead(size, root ?? new MerkleTree(new MemoryNodeStore()).root(), this.#now());
    return signTreeHead(head, this.#signingKey);
  }

  async inclusionProof(caseId: string, index: number, treeSize: number): Promise<string[]> {
    await this.#requireSize(caseId, treeSize);
    if (index >= treeSize) throw new CourtError('PROOF_OUT_OF_RANGE', `index ${index} is not in a tree of ${treeSize} entries; ask for an index below treeSize`);
    const plan = inclusionPlan(index, treeSize);
    return this.#resolve(caseId, plan);
  }

  async consistencyProof(caseId: string, oldSize: number, newSize: number): Promise<string[]> {
    await this.#requireSize(caseId, newSize);
    if (oldSize < 1 || oldSize > newSize) {
      throw new CourtError('PROOF_OUT_OF_RANGE', `a consistency proof needs 1 ≤ from ≤ to; got from ${oldSize}, to ${newSize}`);
    }
    return this.#resolve(caseId, consistencyPlan(oldSize, newSize));
  }

  async #requireSize(caseId: string, treeSize: number): Promise<void> {
    const size = await this.size(caseId);
    if (treeSize < 1 || treeSize > size) {
      throw new CourtError('PROOF_OUT_OF_RANGE', `the ledger of this case has ${size} entries; ask for a tree size from 1 to ${size}`);
    }
  }

  async #resolve(caseId: string, plan: ReturnType<typeof inclusionPlan>): Promise<string[]> {
    const lookup = await this.#fetchNodes(caseId, planNodes(plan));
    return resolvePlan(plan, lookup).map(hashToHex);
  }

  async #rootAt(caseId: string, size: number): Promise<Hash> {
    const nodes = subtreeNodes(0, size);
    const lookup = await this.#fetchNodes(caseId, nodes);
    return composeSubtree(nodes.map(lookup));
  }

  /** The nodes an append writes, computed over the log's right edge (O(log n) reads). */
  async #nodesOfAppend(caseId: string, size: number, entry: Uint8Array): Promise<LedgerNode[]> {
    const frontier = size === 0 ? [] : subtreeNodes(0, size);
    const lookup = await this.#fetchNodes(caseId, frontier);
    const written: LedgerNode[] = [];
    // Sparse: the frontier's O(log n) nodes sit far apart (a dense MemoryNodeStore would allocate
    // room for every index below them, on every append).
    const nodes = new Map<string, Hash>();
    for (const node of frontier) nodes.set(`${node.level}:${node.index}`, lookup(node));
    const tree = new MerkleTree(
      {
        get: (level, index) => nodes.get(`${level}:${index}`),
        put: (level, index, hash) => {
          nodes.set(`${level}:${index}`, hash);
          written.push({ level, index, hash: Uint8Array.from(hash) });
        },
      },
      size,
    );
    tree.append(entry);
    return written;
  }

  async #fetchNodes(caseId: string, addresses: NodeAddress[]): Promise<(node: NodeAddress) => Hash> {
    const hashes = await this.#store.ledgerNodes(caseId, addresses);
    const found = new Map<string, Hash>();
    addresses.forEach((address, i) => {
      const hash = hashes[i];
      if (hash === undefined) throw new Error(`the ledger of case ${caseId} is missing node ${address.level}:${address.index}; the store is damaged`);
      found.set(`${address.level}:${address.index}`, hash);
    });
    return (node) => found.get(`${node.level}:${node.index}`)!;
  }

}
