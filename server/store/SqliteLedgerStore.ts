// The embedded ledger store (rule 5): one SQLite database file in the data folder, written in
// WAL mode with synchronous=FULL so that a transaction is on disk when commit returns (rule 4).
// better-sqlite3 is synchronous; each method runs one statement or one transaction and
// resolves afterwards, so an append is acknowledged only once it is durable.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { requireAppend, requireLogId, requireNodeAddresses, requireRange, type LedgerAppend, type LedgerStore } from './LedgerStore.js';
import { StoreConflictError, StoreRangeError } from './storeErrors.js';

export const SQLITE_LEDGER_FILE = 'crosscourt.sqlite';

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
`;

export class SqliteLedgerStore implements LedgerStore {
  readonly #db: Database.Database;
  readonly #size: Database.Statement<[string], { size: number }>;
  readonly #insertEntry: Database.Statement<[string, number, Uint8Array]>;
  readonly #selectNode: Database.Statement<[string, number, number], { hash: Buffer }>;
  readonly #insertNode: Database.Statement<[string, number, number, Uint8Array]>;
  readonly #selectEntries: Database.Statement<[string, number, number], { entry: Buffer }>;
  readonly #append: (logId: string, append: LedgerAppend) => void;
  #closed = false;

  /** Opens (creating if needed) the ledger database in dataDir. */
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, SQLITE_LEDGER_FILE));
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
    // IMMEDIATE takes the write lock before the size check, so two processes cannot both pass it.
    this.#append = db.transaction((logId: string, { index, entry, nodes }: LedgerAppend) => {
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
    }).immediate;
  }

  static async open(dataDir: string): Promise<SqliteLedgerStore> {
    return new SqliteLedgerStore(dataDir);
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
    this.#append(logId, append);
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
    this.#closed = true;
    this.#db.close();
  }

  #requireOpen(): void {
    if (this.#closed) throw new Error('the ledger store is closed');
  }
}
