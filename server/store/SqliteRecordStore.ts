// The embedded record store (rule 5): one SQLite database file in the data folder, written in
// WAL mode with synchronous=FULL so that a transaction is on disk when commit resolves (rule 4).
// Reads run here, on the main thread's connection. Writes go to a writer thread
// (sqliteWriter.js) with a connection of its own: better-sqlite3 is synchronous, and an fsync on
// the main thread would stop the event loop, and every hearing on the node, for its length.
// Commits are grouped: those asked for while the writer is busy (or during one turn of the event
// loop) go to it together and are written in one transaction (one fsync), each in a savepoint of
// its own, so that each stays atomic and a conflict fails only its own commit. A commit resolves
// once its group is on disk; a read after that sees it (WAL: each read sees the last commit).
// Records, ledger sizes and ledger nodes read or written here are remembered on the main thread
// for as long as no other writer touches the file (SqliteReadCache.ts).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { requireAppend, requireLogId, requireNodeAddresses, requireRange, type LedgerAppend } from './LedgerStore.js';
import { requireCommit, requireKey, requireName, type Commit, type LogItem, type RecordStore, type StoredRecord } from './RecordStore.js';
import { SqliteReadCache, type StoreClock } from './SqliteReadCache.js';
import { RecordConflictError, StoreConflictError, StoreRangeError } from './storeErrors.js';

export const SQLITE_RECORD_FILE = 'crosscourt.sqlite';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ledger_entries (
    log_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    entry BLOB NOT NULL,
    PRIMARY KEY (log_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ledger_nodes (
    log_id TEXT NOT NULL,
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (log_id, level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS record_indexes (
    -- The rowid: rows are never deleted, so it only grows (no AUTOINCREMENT, which costs a page
    -- of sqlite_sequence on every commit).
    position INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    id TEXT NOT NULL,
    UNIQUE (kind, name, id)
  );
  CREATE TABLE IF NOT EXISTS logs (
    log TEXT NOT NULL,
    scope TEXT NOT NULL,
    seq INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (log, scope, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS store_clock (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    tick INTEGER NOT NULL,
    writer TEXT NOT NULL
  );
`;

/** What the main thread remembers: entries of each kind, and 64 M characters of records' JSON. */
const CACHE_LIMITS = { entries: 50_000, recordChars: 64 * 1024 * 1024 };

/** A commit as the writer takes it: values as their JSON text, written here once. */
interface WireCommit {
  puts?: Array<{ kind: string; id: string; expectedVersion: number; json: string; indexes?: string[] }>;
  logs?: Array<{ log: string; scope: string; json: string }>;
  checks?: Commit['checks'];
  ledger?: Commit['ledger'];
}

interface PendingCommit {
  commit: WireCommit;
  resolve: () => void;
  reject: (error: unknown) => void;
  /** When it was asked for (performance.now()). */
  askedAt: number;
}

/**
 * How long an unhurried commit (Commit.unhurried) may wait for others to be written with: in a
 * crowd's arrival every group wakes the writer thread and costs a transaction; this wait made a
 * burst of 1,000 joins' lines 37 transactions instead of ~300, and the node's CPU a tenth less.
 */
export const UNHURRIED_WAIT_MS = 50;

function wireCommit(commit: Commit): WireCommit {
  return {
    ...(commit.puts === undefined ? {} : { puts: commit.puts.map((put) => ({ kind: put.kind, id: put.id, expectedVersion: put.expectedVersion, json: JSON.stringify(put.value), ...(put.indexes === undefined ? {} : { indexes: put.indexes }) })) }),
    ...(commit.logs === undefined ? {} : { logs: commit.logs.map((item) => ({ log: item.log, scope: item.scope, json: JSON.stringify(item.value) })) }),
    ...(commit.checks === undefined ? {} : { checks: commit.checks }),
    ...(commit.ledger === undefined ? {} : { ledger: commit.ledger }),
  };
}

/** Why the writer refused one commit of a group (see sqliteWriter.js). */
type Refusal =
  | { kind: 'recordConflict'; recordKind: string; recordId: string; expectedVersion: number; actualVersion: number }
  | { kind: 'ledgerConflict'; logId: string; expectedIndex: number; actualSize: number }
  | { kind: 'error'; message: string };

type WriterReply = { type: 'written'; id: number; outcomes: Array<Refusal | null>; clock: StoreClock; external: boolean } | { type: 'failed'; id: number; message: string };

function refusalError(refusal: Refusal): Error {
  switch (refusal.kind) {
    case 'recordConflict':
      return new RecordConflictError(refusal.recordKind, refusal.recordId, refusal.expectedVersion, refusal.actualVersion);
    case 'ledgerConflict':
      return new StoreConflictError(refusal.logId, refusal.expectedIndex, refusal.actualSize);
    case 'error':
      return new Error(refusal.message);
  }
}

interface RecordRow {
  id: string;
  version: number;
  value: string;
}

export class SqliteRecordStore implements RecordStore {
  readonly backend = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #writer: Worker;
  readonly #size: Database.Statement<[string], { size: number }>;
  readonly #selectNode: Database.Statement<[string, number, number], { hash: Buffer }>;
  readonly #selectEntries: Database.Statement<[string, number, number], { entry: Buffer }>;
  readonly #selectRecord: Database.Statement<[string, string], RecordRow>;
  readonly #selectIndexed: Database.Statement<[string, string], RecordRow>;
  readonly #selectLog: Database.Statement<[string, string, number], { seq: number; value: string }>;
  readonly #dataVersion: Database.Statement<[], number>;
  readonly #selectClock: Database.Statement<[], StoreClock>;
  readonly #cache: SqliteReadCache;
  /** Commits waiting for the writer. */
  #pending: PendingCommit[] = [];
  /** How many of them someone waits for (not unhurried). */
  #hurried = 0;
  /** The send to come: in the next turn (someone waits), or when the oldest unhurried commit is due. */
  #sendSoon: NodeJS.Immediate | undefined;
  #sendDue: NodeJS.Timeout | undefined;
  /** The group the writer is writing. */
  #inFlight: { id: number; group: PendingCommit[] } | undefined;
  #groups = 0;
  /** Why the writer stopped, if it did: every later commit fails with it. */
  #writerGone: Error | undefined;
  #closed = false;
  #checkedThisTurn = false;

  readonly #unhurriedWaitMs: number;

  /**
   * Opens (creating if needed) the record database in dataDir. `unhurriedWaitMs`: how long an
   * unhurried commit may wait (UNHURRIED_WAIT_MS).
   */
  constructor(dataDir: string, { unhurriedWaitMs = UNHURRIED_WAIT_MS }: { unhurriedWaitMs?: number } = {}) {
    this.#unhurriedWaitMs = unhurriedWaitMs;
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, SQLITE_RECORD_FILE);
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000'); // waits for the writer (or another process) rather than fails
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    this.#size = db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM ledger_entries WHERE log_id = ?');
    this.#selectNode = db.prepare('SELECT hash FROM ledger_nodes WHERE log_id = ? AND level = ? AND idx = ?');
    this.#selectEntries = db.prepare('SELECT entry FROM ledger_entries WHERE log_id = ? AND idx >= ? AND idx < ? ORDER BY idx');
    this.#selectRecord = db.prepare('SELECT id, version, value FROM records WHERE kind = ? AND id = ?');
    this.#selectIndexed = db.prepare(
      'SELECT r.id, r.version, r.value FROM record_indexes i JOIN records r ON r.kind = i.kind AND r.id = i.id ' +
        'WHERE i.kind = ? AND i.name = ? ORDER BY i.position',
    );
    this.#selectLog = db.prepare('SELECT seq, value FROM logs WHERE log = ? AND scope = ? AND seq >= ? ORDER BY seq');
    this.#dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#selectClock = db.prepare('SELECT tick, writer FROM store_clock WHERE id = 0');
    const writerId = randomUUID();
    this.#cache = new SqliteReadCache(writerId, CACHE_LIMITS, this.#selectClock.get());
    this.#writer = new Worker(new URL('./sqliteWriter.js', import.meta.url), { workerData: { file, writerId } });
    // The writer keeps the process alive only while it has a group to write.
    this.#writer.unref();
    this.#writer.on('message', (reply: WriterReply) => this.#written(reply));
    this.#writer.on('error', (error) => this.#lostWriter(error));
    this.#writer.on('exit', (code) => this.#lostWriter(new Error(`the record store's writer thread ended (exit code ${code})`)));
  }

  static async open(dataDir: string, options: { unhurriedWaitMs?: number } = {}): Promise<SqliteRecordStore> {
    return new SqliteRecordStore(dataDir, options);
  }

  async ledgerSize(logId: string): Promise<number> {
    requireLogId(logId);
    this.#requireOpen();
    this.#fresh();
    const known = this.#cache.ledgerSize(logId);
    if (known !== undefined) return known;
    const size = this.#size.get(logId)!.size;
    this.#cache.rememberLedgerSize(logId, size);
    return size;
  }

  async appendLedger(logId: string, append: LedgerAppend): Promise<void> {
    requireLogId(logId);
    requireAppend(append);
    this.#requireOpen();
    return this.#enqueue({ ledger: { logId, append } });
  }

  async getRecord<T = unknown>(kind: string, id: string): Promise<StoredRecord<T> | undefined> {
    requireName('record kind', kind);
    requireKey('record id', id);
    this.#requireOpen();
    this.#fresh();
    return this.#record<T>(kind, id);
  }

  #record<T>(kind: string, id: string): StoredRecord<T> | undefined {
    const cached = this.#cache.record(kind, id);
    if (cached !== undefined) return { value: JSON.parse(cached.json) as T, version: cached.version };
    const row = this.#selectRecord.get(kind, id);
    if (row === undefined) return undefined;
    this.#cache.rememberRecord(kind, id, row.version, row.value);
    return { value: JSON.parse(row.value) as T, version: row.version };
  }

  async listRecords<T = unknown>(kind: string, index: string): Promise<Array<StoredRecord<T> & { id: string }>> {
    requireName('record kind', kind);
    requireKey('index', index);
    this.#requireOpen();
    this.#fresh();
    const ids = this.#cache.list(kind, index);
    if (ids !== undefined) return ids.map((id) => ({ id, ...this.#record<T>(kind, id)! }));
    const rows = this.#selectIndexed.all(kind, index);
    for (const row of rows) this.#cache.rememberRecord(kind, row.id, row.version, row.value);
    this.#cache.rememberList(kind, index, rows.map((row) => row.id));
    return rows.map((row) => ({ id: row.id, value: JSON.parse(row.value) as T, version: row.version }));
  }

  async readLog<T = unknown>(log: string, scope: string, from = 0): Promise<Array<LogItem<T>>> {
    requireName('log', log);
    requireKey('log scope', scope);
    this.#requireOpen();
    return this.#selectLog.all(log, scope, from).map((row) => ({ seq: row.seq, value: JSON.parse(row.value) as T }));
  }

  async commit(commit: Commit): Promise<void> {
    requireCommit(commit);
    this.#requireOpen();
    return this.#enqueue(wireCommit(commit), commit.unhurried === true);
  }

  /**
   * Forgets what the cache holds if another writer has written the file since: looked at once
   * per turn of the event loop (starting a read on a file another connection has changed costs
   * as much as the read), so another process's write is seen from the next turn on.
   */
  #fresh(): void {
    if (this.#checkedThisTurn) return;
    this.#checkedThisTurn = true;
    setImmediate(() => (this.#checkedThisTurn = false));
    this.#cache.check(this.#dataVersion.get()!, () => this.#selectClock.get(), this.#inFlight !== undefined);
  }

  #enqueue(commit: WireCommit, unhurried = false): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#writerGone !== undefined) {
        reject(this.#writerGone);
        return;
      }
      this.#pending.push({ commit, resolve, reject, askedAt: performance.now() });
      if (!unhurried) this.#hurried += 1;
      this.#schedule();
    });
  }

  /**
   * When the writer is free, the commits waiting go to it as one group: in the next turn of the
   * event loop if someone waits for one of them (whatever else this turn commits joins it), or
   * once the oldest unhurried one has waited UNHURRIED_WAIT_MS. Either way all of them, in order.
   */
  #schedule(): void {
    if (this.#inFlight !== undefined || this.#pending.length === 0 || this.#sendSoon !== undefined) return;
    if (this.#hurried > 0) {
      clearTimeout(this.#sendDue);
      this.#sendDue = undefined;
      this.#sendSoon = setImmediate(() => this.#send());
    } else if (this.#sendDue === undefined) {
      const wait = this.#pending[0]!.askedAt + this.#unhurriedWaitMs - performance.now();
      this.#sendDue = setTimeout(() => this.#send(), Math.max(0, wait));
    }
  }

  /** Forgets the send #schedule planned (it is being done now, or will never be). */
  #cancelSend(): void {
    clearImmediate(this.#sendSoon);
    clearTimeout(this.#sendDue);
    this.#sendSoon = undefined;
    this.#sendDue = undefined;
  }

  /** Hands the commits waiting to the writer, as one group, in the order they were asked for. */
  #send(): void {
    this.#cancelSend();
    if (this.#inFlight !== undefined || this.#pending.length === 0) return;
    const group = this.#pending;
    this.#pending = [];
    this.#hurried = 0;
    this.#groups += 1;
    this.#inFlight = { id: this.#groups, group };
    this.#writer.ref();
    this.#writer.postMessage({ type: 'group', id: this.#groups, commits: group.map((p) => p.commit) });
  }

  #written(reply: WriterReply): void {
    const flight = this.#inFlight;
    if (flight === undefined || flight.id !== reply.id) return;
    this.#inFlight = undefined;
    if (reply.type === 'failed') {
      // The whole group failed (the disk, the lock): nothing of it was written.
      this.#cache.groupFailed();
      const error = new Error(`the record store could not write: ${reply.message}`);
      for (const pending of flight.group) pending.reject(error);
    } else {
      const { remember } = this.#cache.groupWritten(reply.clock, reply.external);
      flight.group.forEach((pending, i) => {
        const refusal = reply.outcomes[i];
        const written = refusal === null || refusal === undefined;
        this.#learn(pending.commit, written && remember);
        if (written) pending.resolve();
        else pending.reject(refusalError(refusal));
      });
    }
    // Those that came while the writer was busy go together, with whatever this turn of the event
    // loop adds to them (or, if nobody waits for them, what comes until they are due).
    if (this.#pending.length > 0) this.#schedule();
    else this.#writer.unref();
    this.#idle?.();
  }

  /** What a written commit changed is remembered; what a refused one touched, forgotten. */
  #learn(commit: WireCommit, written: boolean): void {
    for (const put of commit.puts ?? []) {
      if (written) this.#cache.rememberRecord(put.kind, put.id, put.expectedVersion + 1, put.json);
      else this.#cache.forgetRecord(put.kind, put.id);
      // Joining an index (or not, if refused) changes its list: read it again next time.
      for (const index of put.indexes ?? []) this.#cache.forgetList(put.kind, index);
    }
    // A check refused is a record read stale here.
    if (!written) for (const check of commit.checks ?? []) this.#cache.forgetRecord(check.kind, check.id);
    const ledger = commit.ledger;
    if (ledger === undefined) return;
    if (!written) {
      this.#cache.forgetLedgerSize(ledger.logId);
      return;
    }
    this.#cache.rememberLedgerSize(ledger.logId, ledger.append.index + 1);
    for (const node of ledger.append.nodes) this.#cache.rememberNode(ledger.logId, node.level, node.index, node.hash.slice());
  }

  #lostWriter(error: Error): void {
    if (this.#writerGone !== undefined || this.#closed) return;
    this.#writerGone = error;
    const lost = [...(this.#inFlight?.group ?? []), ...this.#pending];
    this.#inFlight = undefined;
    this.#pending = [];
    this.#hurried = 0;
    this.#cancelSend();
    // Not known to be written: the caller must not take it as durable.
    for (const pending of lost) pending.reject(error);
    this.#idle?.();
  }

  /** Called when the writer has nothing left to do (close waits for it). */
  #idle: (() => void) | undefined;

  async ledgerEntries(logId: string, from: number, to: number): Promise<Uint8Array[]> {
    requireLogId(logId);
    requireRange(from, to);
    this.#requireOpen();
    const rows = this.#db.transaction(() => {
      const size = this.#size.get(logId)!.size;
      if (to > size) throw new StoreRangeError(logId, to, size);
      return this.#selectEntries.all(logId, from, to);
    })();
    return rows.map((row) => new Uint8Array(row.entry));
  }

  async ledgerNodes(logId: string, addresses: Array<{ level: number; index: number }>): Promise<Array<Uint8Array | undefined>> {
    requireLogId(logId);
    this.#requireOpen();
    requireNodeAddresses(addresses);
    this.#fresh();
    const known = addresses.map(({ level, index }) => this.#cache.node(logId, level, index));
    if (known.every((hash) => hash !== undefined)) return known;
    return this.#db.transaction(() =>
      addresses.map(({ level, index }, i) => {
        if (known[i] !== undefined) return known[i];
        const row = this.#selectNode.get(logId, level, index);
        if (row === undefined) return undefined;
        const hash = new Uint8Array(row.hash);
        this.#cache.rememberNode(logId, level, index, hash);
        return hash;
      }),
    )();
  }

  /** How many write transactions (so fsyncs) this store has run: grouping shows here. */
  get writeTransactions(): number {
    return this.#groups;
  }

  /**
   * The journal mode and synchronous level (2 = FULL), for checks and diagnostics: of this
   * connection, which the writer's opens with the same pragmas.
   */
  durabilitySettings(): { journalMode: string; synchronous: number } {
    this.#requireOpen();
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
    };
  }

  /** Writes what was asked for before the close, then closes both connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#writerGone === undefined) {
      this.#send();
      while (this.#inFlight !== undefined || this.#pending.length > 0) {
        await new Promise<void>((resolve) => (this.#idle = resolve));
        this.#send();
      }
      this.#idle = undefined;
      this.#writer.ref(); // until it has closed its connection and ended
      this.#writer.postMessage({ type: 'close' });
      await new Promise((resolve) => this.#writer.once('exit', resolve));
    }
    this.#db.close();
  }

  #requireOpen(): void {
    if (this.#closed) throw new Error('the record store is closed');
  }
}
