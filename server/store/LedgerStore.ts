// Persistence of the ledger: one append-only Merkle log per case (logId = case id). The domain's
// MerkleTree computes which complete-subtree hashes an append writes; a store keeps the entries
// and those node hashes, durably, behind this one interface (SQLite embedded, Redis distributed).

/** The hash of the complete subtree of 2^level leaves starting at leaf index·2^level. */
export interface LedgerNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

export interface LedgerAppend {
  /** The leaf index of the entry: must equal the log's current size. */
  index: number;
  /** The entry's canonical bytes. */
  entry: Uint8Array;
  /** The node hashes the append completes (MerkleTree writes them through NodeStore.put). */
  nodes: LedgerNode[];
}

export interface LedgerStore {
  /** Number of entries in the log (0 for a log never written). */
  ledgerSize(logId: string): Promise<number>;
  /**
   * Durable and atomic: the entry and its nodes are all on disk before this resolves, or none is.
   * Rejects with StoreConflictError when `index` is not the log's current size (another writer won).
   */
  appendLedger(logId: string, append: LedgerAppend): Promise<void>;
  /** The entries [from, to), in order. `to` must not exceed the log size. */
  ledgerEntries(logId: string, from: number, to: number): Promise<Uint8Array[]>;
  /** The node hashes at these addresses, in order; undefined where none is stored. */
  ledgerNodes(logId: string, addresses: Array<{ level: number; index: number }>): Promise<Array<Uint8Array | undefined>>;
  close(): Promise<void>;
}

/** Argument checks shared by the implementations, so both refuse the same inputs the same way. */
export function requireLogId(logId: string): void {
  if (typeof logId !== 'string' || logId.length === 0) throw new TypeError('logId must be a non-empty string');
}

export function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

export function requireAppend(append: LedgerAppend): void {
  requireCount('index', append.index);
  if (!(append.entry instanceof Uint8Array)) throw new TypeError('entry must be a Uint8Array');
  for (const node of append.nodes) {
    if (!Number.isSafeInteger(node.level) || node.level < 0 || node.level > 63) throw new RangeError('node level must be an integer in 0..63');
    requireCount('node index', node.index);
    if (!(node.hash instanceof Uint8Array) || node.hash.length !== 32) throw new TypeError('node hash must be 32 bytes');
  }
}

export function requireNodeAddresses(addresses: ReadonlyArray<{ level: number; index: number }>): void {
  for (const { level, index } of addresses) {
    requireCount('level', level);
    requireCount('index', index);
  }
}

export function requireRange(from: number, to: number): void {
  requireCount('from', from);
  requireCount('to', to);
  if (from > to) throw new RangeError(`from (${from}) must not exceed to (${to})`);
}
