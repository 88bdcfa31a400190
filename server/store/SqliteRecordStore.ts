// The embedded record store (rule 5): one SQLite database file in the data folder, written in
// WAL mode with synchronous=FULL so that a transaction is on disk when commit returns (rule 4).
// better-sqlite3 is synchronous: a transaction, fsync included, blocks the event loop. So commits
// are grouped: those asked for during one turn of the event loop are written at the end of it
// in one transaction (one fsync), each in a savepoint of its own, so that each stays atomic and a
// conflict in one fails that one only. A commit resolves once its group is on disk.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { requireAppend, requireLogId, requireNodeAddresses, requireRange, type LedgerAppend } from './LedgerStore.js';
import { requireCommit, requireKey, requireName, type Commit, type LogItem, type RecordStore, type StoredRecord } from './RecordStore.js';
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
`;

interface PendingCommit {
  commit: Commit;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface RecordRow {
  id: string;
  version: number;
  value: string;
}

export class SqliteRecordStore implements RecordStore {
  readonly backend = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #size: Database.Statement<[string], { size: number }>;
  readonly #insertEntry: Database.Statement<[string, number, Uint8Array]>;
  readonly #selectNode: Database.Statement<[string, number, number], { hash: Buffer }>;
  readonly #insertNode: Database.Statement<[string, number, number, Uint8Array]>;
  readonly #selectEntries: Database.Statement<[string, number, number], { entry: Buffer }>;
  readonly #appendInTransaction: (logId: string, append: LedgerAppend) => void;
  /** One commit, in a savepoint of the group's transaction. */
  readonly #commitOne: (commit: Commit) => void;
  /** Writes a group of commits in one durable transaction; each commit's outcome, in order. */
  readonly #commitGroup: (group: Commit[]) => Array<Error | undefined>;
  /** Commits waiting for the end of this turn of the event loop. */
  #pending: PendingCommit[] = [];
  #transactions = 0;
  readonly #selectRecord: Database.Statement<[string, string], RecordRow>;
  readonly #selectIndexed: Database.Statement<[string, string], RecordRow>;
  readonly #selectLog: Database.Statement<[string, string, number], { seq: number; value: string }>;
  #closed = false;

  /** Opens (creating if needed) the record database in dataDir. */
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, SQLITE_RECORD_FILE));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000'); // another process on the same folder waits rather than fails
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    // Entries are appended densely from 0, so the size is one past the largest index.
    this.#size = db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM ledger_entries WHERE log_id = ?');
    this.#insertEntry = db.prepare('INSERT INTO ledger_entries (log_id, idx, entry) VALUES (?, ?, ?)');
    this.#selectNode = db.prepare('SELECT hash FROM ledger_nodes WHERE log_id = ? AND level = ? AND idx = ?');
    this.#insertNode = db.prepare('INSERT INTO ledger_nodes (log_id, level, idx, hash) VALUES (?, ?, ?, ?)');
    this.#selectEntries = db.prepare('SELECT entry FROM ledger_entries WHERE log_id = ? AND idx >= ? AND idx < ? ORDER BY idx');
    this.#selectRecord = db.prepare('SELECT id, version, value FROM records WHERE kind = ? AND id = ?');
    this.#selectIndexed = db.prepare(
      'SELECT r.id, r.version, r.value FROM record_indexes i JOIN records r ON r.kind = i.kind AND r.id = i.id ' +
        'WHERE i.kind = ? AND i.name = ? ORDER BY i.position',
    );
    this.#selectLog = db.prepare('SELECT seq, value FROM logs WHERE log = ? AND scope = ? AND seq >= ? ORDER BY seq');
    const versionOf = db.prepare<[string, string], { version: number }>('SELECT version FROM records WHERE kind = ? AND id = ?');
    const upsertRecord = db.prepare<[string, string, number, string]>(
      'INSERT INTO records (kind, id, version, value) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, value = excluded.value',
    );
    const joinIndex = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO record_indexes (kind, name, id) VALUES (?, ?, ?)');
    const logSize = db.prepare<[string, string], { size: number }>('SELECT COALESCE(MAX(seq) + 1, 0) AS size FROM logs WHERE log = ? AND scope = ?');
    const appendLog = db.prepare<[string, string, number, string]>('INSERT INTO logs (log, scope, seq, value) VALUES (?, ?, ?, ?)');
    this.#appendInTransaction = (logId: string, { index, entry, nodes }: LedgerAppend) => {
      const size = this.#size.get(logId)!.size;
      if (index !== size) throw new StoreConflictError(logId, index, size);
      this.#insertEntry.run(logId, index, entry);
      for (const { level, index: at, hash } of nodes) {
        const existing = this.#selectNode.get(logId, level, at);
        if (existing === undefined) this.#insertNode.run(logId, level, at, hash);
        // A node is written once; the same hash again is a harmless replay, a different one a fork.
        else if (!Buffer.from(hash).equals(existing.hash)) {
          throw new Error(`ledger ${JSON.stringify(logId)} already holds a different hash at level ${level}, index ${at}`);
        }
      }
    };
    this.#commitOne = db.transaction((commit: Commit) => {
      for (const put of commit.puts ?? []) {
        const version = versionOf.get(put.kind, put.id)?.version ?? 0;
        if (version !== put.expectedVersion) throw new RecordConflictError(put.kind, put.id, put.expectedVersion, version);
      }
      if (commit.ledger !== undefined) this.#appendInTransaction(commit.ledger.logId, commit.ledger.append);
      for (const put of commit.puts ?? []) {
        upsertRecord.run(put.kind, put.id, put.expectedVersion + 1, JSON.stringify(put.value));
        for (const index of put.indexes ?? []) joinIndex.run(put.kind, index, put.id);
      }
      for (const item of commit.logs ?? []) {
        appendLog.run(item.log, item.scope, logSize.get(item.log, item.scope)!.size, JSON.stringify(item.value));
      }
    });
    // IMMEDIATE takes the write lock before the version and size checks, so two processes cannot
    // both pass them. Called inside it, #commitOne becomes a savepoint.
    this.#commitGroup = db.transaction((group: Commit[]) =>
      group.map((commit) => {
        try {
          this.#commitOne(commit);
          return undefined;
        } catch (error) {
          // Its savepoint is rolled back; the others carry on, unless SQLite ended the whole
          // transaction (a full disk, an I/O error): then none of the group was written.
          if (!db.inTransaction) throw error;
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    ).immediate;
  }

  static async open(dataDir: string): Promise<SqliteRecordStore> {
    return new SqliteRecordStore(dataDir);
  }

  async ledgerSize(logId: string): Promise<number> {
    requireLogId(logId);
    this.#requireOpen();
    return this.#size.get(logId)!.size;
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
    const row = this.#selectRecord.get(kind, id);
    return row === undefined ? undefined : { value: JSON.parse(row.value) as T, version: row.version };
  }

  async listRecords<T = unknown>(kind: string, index: string): Promise<Array<StoredRecord<T> & { id: string }>> {
    requireName('record kind', kind);
    requireKey('index', index);
    this.#requireOpen();
    return this.#selectIndexed.all(kind, index).map((row) => ({ id: row.id, value: JSON.parse(row.value) as T, version: row.version }));
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
    return this.#enqueue(commit);
  }

  #enqueue(commit: Commit): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#flush());
      this.#pending.push({ commit, resolve, reject });
    });
  }

  /** Writes the commits waiting, in the order they were asked for. */
  #flush(): void {
    const group = this.#pending;
    this.#pending = [];
    if (group.length === 0) return;
    let outcomes: Array<Error | undefined>;
    try {
      if (this.#closed) throw new Error('the record store is closed');
      this.#transactions += 1;
      outcomes = this.#commitGroup(group.map((p) => p.commit));
    } catch (error) {
      // The whole group failed (the disk, the lock): nothing of it was written.
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => (outcomes[i] === undefined ? pending.resolve() : pending.reject(outcomes[i])));
  }

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
    return this.#db.transaction(() =>
      addresses.map(({ level, index }) => {
        const row = this.#selectNode.get(logId, level, index);
        return row === undefined ? undefined : new Uint8Array(row.hash);
      }),
    )();
  }

  /** How many write transactions (so fsyncs) this store has run: grouping shows here. */
  get writeTransactions(): number {
    return this.#transactions;
  }

  /** The connection's journal mode and synchronous level (2 = FULL), for checks and diagnostics. */
  durabilitySettings(): { journalMode: string; synchronous: number } {
    this.#requireOpen();
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush(); // what was asked for before the close is written
    this.#closed = true;
    this.#db.close();
  }

  #requireOpen(): void {
    if (this.#closed) throw new Error('the record store is closed');
  }
}
