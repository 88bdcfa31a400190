// The one repository interface of the case record (rule 5: SQLite embedded, Redis distributed).
// It is deliberately small — versioned JSON records with secondary indexes, append-only logs,
// and the ledger — so that both implementations stay simple and pass one contract suite; the
// court's repositories (cases, participants, evidence, invitations…) are written once on top.
//
// A commit is atomic and durable: its record writes, log appends and ledger append are all on
// disk before it resolves, or none is (rule 4). Each record write names the version it expects
// (0: must not exist yet), so two writers racing on one record cannot both win.
import type { LedgerAppend, LedgerStore } from './LedgerStore.js';
import { requireAppend, requireLogId } from './LedgerStore.js';

export interface StoredRecord<T = unknown> {
  readonly value: T;
  /** 1 after the first write, +1 per write. */
  readonly version: number;
}

export interface RecordPut {
  /** What the record is, e.g. 'case', 'participant'. */
  kind: string;
  id: string;
  /** Any JSON value. */
  value: unknown;
  /** The version the writer read: 0 to create, or the current version to replace. */
  expectedVersion: number;
  /** Indexes the record joins (once; joining again is a no-op), e.g. 'case:<id>'. */
  indexes?: string[];
}

export interface LogAppend {
  /** Which log, e.g. 'audit', 'custody'. */
  log: string;
  /** Whose log, e.g. a case id. */
  scope: string;
  value: unknown;
}

/** A record the commit was decided on, which it does not change: it must still be at this version. */
export interface RecordCheck {
  kind: string;
  id: string;
  version: number;
}

export interface Commit {
  puts?: RecordPut[];
  /**
   * Records read and relied on but not written (e.g. a round an answer is given in): the commit is
   * refused like a stale put if one has changed since, and their versions stay as they are.
   */
  checks?: RecordCheck[];
  logs?: LogAppend[];
  ledger?: { logId: string; append: LedgerAppend };
  /**
   * Nobody's answer waits for this commit (a hearing record line written behind the answer it
   * goes with): a store may hold it back a little (SqliteRecordStore: UNHURRIED_WAIT_MS) to write
   * it with others. Commits are still written in the order they were asked for.
   */
  unhurried?: boolean;
}

export interface LogItem<T = unknown> {
  /** Position in its log, from 0. */
  readonly seq: number;
  readonly value: T;
}

export interface RecordStore extends LedgerStore {
  /** 'sqlite' or 'redis', for health reports and logs. */
  readonly backend: 'sqlite' | 'redis';
  getRecord<T = unknown>(kind: string, id: string): Promise<StoredRecord<T> | undefined>;
  /** The records of a kind in an index, in the order they joined it. */
  listRecords<T = unknown>(kind: string, index: string): Promise<Array<StoredRecord<T> & { id: string }>>;
  /** A log's items from `from` on, in order. */
  readLog<T = unknown>(log: string, scope: string, from?: number): Promise<Array<LogItem<T>>>;
  /**
   * Applies the commit atomically and durably. Rejects with RecordConflictError when a record's
   * version is not the expected one (put or check), StoreConflictError when the ledger index is not the log's
   * size; nothing is written then.
   */
  commit(commit: Commit): Promise<void>;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/;

/** Argument checks shared by the implementations, so both refuse the same inputs the same way. */
export function requireName(what: string, value: string): void {
  if (typeof value !== 'string' || !NAME.test(value)) throw new TypeError(`${what} must be a short name of letters, digits, _ . -`);
}

export function requireKey(what: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) throw new TypeError(`${what} must be a non-empty string of at most 512 characters`);
}

export function requireCommit(commit: Commit): void {
  for (const put of commit.puts ?? []) {
    requireName('record kind', put.kind);
    requireKey('record id', put.id);
    if (!Number.isSafeInteger(put.expectedVersion) || put.expectedVersion < 0) throw new RangeError('expectedVersion must be a non-negative integer');
    if (put.value === undefined) throw new TypeError('a record value must be JSON (not undefined)');
    for (const index of put.indexes ?? []) requireKey('index', index);
  }
  for (const item of commit.logs ?? []) {
    requireName('log', item.log);
    requireKey('log scope', item.scope);
    if (item.value === undefined) throw new TypeError('a log item must be JSON (not undefined)');
  }
  for (const check of commit.checks ?? []) {
    requireName('record kind', check.kind);
    requireKey('record id', check.id);
    if (!Number.isSafeInteger(check.version) || check.version < 0) throw new RangeError('a check names a non-negative integer version');
  }
  if (commit.ledger !== undefined) {
    requireLogId(commit.ledger.logId);
    requireAppend(commit.ledger.append);
  }
  if (commit.puts === undefined && commit.checks === undefined) return;
  const ids = (commit.puts ?? []).map((put) => `${put.kind}\u0000${put.id}`);
  if (new Set(ids).size !== ids.length) throw new TypeError('a commit may write each record only once');
  const checked = (commit.checks ?? []).map((check) => `${check.kind}\u0000${check.id}`);
  if (new Set([...ids, ...checked]).size !== ids.length + checked.length) throw new TypeError('a commit checks each record once, and only records it does not write');
}
