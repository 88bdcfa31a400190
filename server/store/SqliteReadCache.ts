// What the SQLite store's main thread remembers of what it read and wrote, so that a record or a
// ledger fact read again is not looked up again: with a writer thread committing all the time,
// SQLite starts every read on the main connection with an empty page cache (another connection
// changed the file), and a lookup costs tens of microseconds — an answer to a round reads a dozen.
//
// Correct only while nothing but this store's own writer changes the file, so the file says who
// wrote it last: every write transaction of a SqliteRecordStore (this process's or another's on
// the same folder) bumps a one-row clock with its writer's id (sqliteWriter.js). The cache holds
// for one clock state:
// - our writer's groups move it on, and their writes are applied here when the group is written;
// - a group in flight may have committed before its reply: its own writes are not visible here
//   until then, as if the read had come a moment earlier;
// - any other clock state means another store wrote: everything is forgotten at the next read.
// The main connection's `data_version` says when the clock can have moved, so an unchanged file
// costs one pragma per read. Our writer also reports any other connection's commit (its own
// data_version moved), which catches a plain SQLite connection that does not move the clock: that
// one is seen when our writer next writes. What a commit was refused for (a stale version, a stale
// ledger index) is forgotten too, so a retry reads the file.

/** The store clock's row: the last write transaction and whose it was. */
export interface StoreClock {
  readonly tick: number;
  readonly writer: string;
}

interface CachedRecord {
  readonly version: number;
  readonly json: string;
}

const sameClock = (a: StoreClock | undefined, b: StoreClock | undefined) => a?.tick === b?.tick && a?.writer === b?.writer;

/** How much the cache may hold: entries of each kind, and characters of records' JSON in all. */
export interface CacheLimits {
  readonly entries: number;
  readonly recordChars: number;
}

export class SqliteReadCache {
  readonly #writerId: string;
  readonly #limit: number;
  /** A record larger than this share of the budget is not kept (a document's snapshot, say). */
  readonly #recordChars: number;
  readonly #records = new Map<string, CachedRecord>();
  #heldChars = 0;
  /** The ids of an index's records, in its order (their values are records above). */
  readonly #lists = new Map<string, readonly string[]>();
  readonly #ledgerSizes = new Map<string, number>();
  /** Ledger nodes never change once written: kept for as long as there is room. */
  readonly #nodes = new Map<string, Uint8Array>();
  /** The clock state the cache agrees with (undefined: the file has never been written). */
  #accepted: StoreClock | undefined;
  /** The main connection's data_version when the clock was last looked at. */
  #seenDataVersion: number | undefined;
  /** Forgotten while a group was in flight (another writer was seen). */
  #clearedInFlight = false;

  constructor(writerId: string, limits: CacheLimits, clock: StoreClock | undefined) {
    this.#writerId = writerId;
    this.#limit = limits.entries;
    this.#recordChars = limits.recordChars;
    this.#accepted = clock;
  }

  /**
   * Called before every read: forgets everything if another writer has written since the cache
   * last agreed with the file. `dataVersion` is cheap; `clock` reads the clock row.
   */
  check(dataVersion: number, clock: () => StoreClock | undefined, groupInFlight: boolean): void {
    if (dataVersion === this.#seenDataVersion) return;
    this.#seenDataVersion = dataVersion;
    const now = clock();
    if (sameClock(now, this.#accepted)) return;
    const ourGroupCommitted = groupInFlight && now?.writer === this.#writerId && now.tick === (this.#accepted?.tick ?? 0) + 1;
    if (ourGroupCommitted) return;
    this.#clear();
    this.#accepted = now;
    if (groupInFlight) this.#clearedInFlight = true;
  }

  /**
   * Our group is written: `external` when its writer found another writer's tick before it.
   * Its commits' writes are remembered, unless the cache was forgotten meanwhile.
   */
  groupWritten(after: StoreClock, external: boolean): { remember: boolean } {
    const clearedInFlight = this.#clearedInFlight;
    this.#clearedInFlight = false;
    if (external) {
      this.#clear();
      this.#accepted = after;
      this.#seenDataVersion = undefined;
      return { remember: false };
    }
    if (clearedInFlight) {
      // Another writer wrote after our group: what was read since is newer than our writes.
      this.#seenDataVersion = undefined;
      return { remember: false };
    }
    this.#accepted = after;
    return { remember: true };
  }

  /** The group failed as a whole: nothing is known of the file any more. */
  groupFailed(): void {
    this.#clearedInFlight = false;
    this.#clear();
    this.#accepted = undefined;
    this.#seenDataVersion = undefined;
  }

  record(kind: string, id: string): CachedRecord | undefined {
    return this.#records.get(recordKey(kind, id));
  }

  rememberRecord(kind: string, id: string, version: number, json: string): void {
    const key = recordKey(kind, id);
    this.forgetRecord(kind, id);
    if (json.length > this.#recordChars / 16) return;
    while (this.#records.size > 0 && (this.#records.size >= this.#limit || this.#heldChars + json.length > this.#recordChars)) {
      const [oldest, entry] = this.#records.entries().next().value!;
      this.#records.delete(oldest);
      this.#heldChars -= entry.json.length;
    }
    this.#records.set(key, { version, json });
    this.#heldChars += json.length;
  }

  forgetRecord(kind: string, id: string): void {
    const key = recordKey(kind, id);
    const entry = this.#records.get(key);
    if (entry === undefined) return;
    this.#records.delete(key);
    this.#heldChars -= entry.json.length;
  }

  list(kind: string, index: string): readonly string[] | undefined {
    return this.#lists.get(recordKey(kind, index));
  }

  rememberList(kind: string, index: string, ids: readonly string[]): void {
    remember(this.#lists, recordKey(kind, index), ids, this.#limit);
  }

  forgetList(kind: string, index: string): void {
    this.#lists.delete(recordKey(kind, index));
  }

  ledgerSize(logId: string): number | undefined {
    return this.#ledgerSizes.get(logId);
  }

  rememberLedgerSize(logId: string, size: number): void {
    remember(this.#ledgerSizes, logId, size, this.#limit);
  }

  forgetLedgerSize(logId: string): void {
    this.#ledgerSizes.delete(logId);
  }

  node(logId: string, level: number, index: number): Uint8Array | undefined {
    return this.#nodes.get(nodeKey(logId, level, index));
  }

  rememberNode(logId: string, level: number, index: number, hash: Uint8Array): void {
    remember(this.#nodes, nodeKey(logId, level, index), hash, this.#limit);
  }

  #clear(): void {
    this.#records.clear();
    this.#heldChars = 0;
    this.#lists.clear();
    this.#ledgerSizes.clear();
    this.#nodes.clear();
  }
}

const recordKey = (kind: string, id: string) => `${kind}\u0000${id}`;
const nodeKey = (logId: string, level: number, index: number) => `${logId}\u0000${level}\u0000${index}`;

/** Sets a key, dropping the oldest entry when full (insertion order: a cheap FIFO). */
function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  if (map.size >= limit) map.delete(map.keys().next().value!);
  map.set(key, value);
}
