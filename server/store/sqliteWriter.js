// The SQLite record store's writer (SqliteRecordStore): a worker thread with its own connection
// that writes groups of commits, each group one durable transaction (synchronous=FULL: one fsync)
// and each commit in it a savepoint of its own, so that a conflict fails only its own commit.
// better-sqlite3 is synchronous: on the main thread every fsync would stop the event loop (and
// so every hearing on the node) for its whole length; here it stops nothing but this thread.
//
// Plain JavaScript because a worker thread loads its file without the TypeScript loader that
// runs the rest of the server (tsx) or the tests (jest). The protocol, both ways:
//   → { type: 'group', id, commits: WireCommit[] }   (Commit as in RecordStore.ts, with each
//                                                      record and log value as its JSON text)
//   ← { type: 'written', id, outcomes: Array<null | Refusal>, clock: { tick, writer }, external }
//   ← { type: 'failed', id, message }                  (nothing of the group was written)
//   → { type: 'close' }                                (closes the connection; the thread ends)
// A Refusal names what refused one commit: { kind: 'recordConflict', recordKind, recordId,
// expectedVersion, actualVersion }, { kind: 'ledgerConflict', logId, expectedIndex, actualSize },
// or { kind: 'error', message }.
//
// Every group also moves the store clock (one row: the last write transaction's tick and its
// writer's id, SqliteReadCache.ts), and says whether another connection has committed to the file
// since this writer's last group (`external`: this connection's data_version moved; the main
// thread's connection never writes).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000'); // another process on the same folder waits rather than fails
// Measured with bench:rounds: checkpointing every 1,000 pages (the default) copied each group's
// pages back into the file as soon as they were written; at 16,384 pages (64 MB of WAL) a page
// written by many groups is copied once. A 128 MB page cache keeps the B-trees' inner pages and
// the busy leaves here, rather than read back from the file for every commit.
db.pragma('wal_autocheckpoint = 16384');
db.pragma('cache_size = -131072');

const versionOf = db.prepare('SELECT version FROM records WHERE kind = ? AND id = ?');
const upsertRecord = db.prepare(
  'INSERT INTO records (kind, id, version, value) VALUES (?, ?, ?, ?) ' +
    'ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, value = excluded.value',
);
const joinIndex = db.prepare('INSERT OR IGNORE INTO record_indexes (kind, name, id) VALUES (?, ?, ?)');
const logSize = db.prepare('SELECT COALESCE(MAX(seq) + 1, 0) AS size FROM logs WHERE log = ? AND scope = ?');
const appendLog = db.prepare('INSERT INTO logs (log, scope, seq, value) VALUES (?, ?, ?, ?)');
// Entries are appended densely from 0, so the size is one past the largest index.
const ledgerSize = db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM ledger_entries WHERE log_id = ?');
const insertEntry = db.prepare('INSERT INTO ledger_entries (log_id, idx, entry) VALUES (?, ?, ?)');
const selectNode = db.prepare('SELECT hash FROM ledger_nodes WHERE log_id = ? AND level = ? AND idx = ?');
const insertNode = db.prepare('INSERT INTO ledger_nodes (log_id, level, idx, hash) VALUES (?, ?, ?, ?)');
const readClock = db.prepare('SELECT tick, writer FROM store_clock WHERE id = 0');
const writeClock = db.prepare('INSERT INTO store_clock (id, tick, writer) VALUES (0, ?, ?) ON CONFLICT (id) DO UPDATE SET tick = excluded.tick, writer = excluded.writer');
const dataVersion = db.prepare('PRAGMA data_version').pluck();
/** This connection's data_version at its last group: it moves only when another connection commits. */
let lastDataVersion = dataVersion.get();

/** Thrown inside a commit's savepoint to roll it back and refuse it. */
class Refused extends Error {
  constructor(refusal) {
    super(refusal.kind);
    this.refusal = refusal;
  }
}

function appendLedger(logId, { index, entry, nodes }) {
  const size = ledgerSize.get(logId).size;
  if (index !== size) throw new Refused({ kind: 'ledgerConflict', logId, expectedIndex: index, actualSize: size });
  insertEntry.run(logId, index, entry);
  for (const { level, index: at, hash } of nodes) {
    const existing = selectNode.get(logId, level, at);
    if (existing === undefined) insertNode.run(logId, level, at, hash);
    // A node is written once; the same hash again is a harmless replay, a different one a fork.
    else if (!Buffer.from(hash).equals(existing.hash)) {
      throw new Refused({ kind: 'error', message: `ledger ${JSON.stringify(logId)} already holds a different hash at level ${level}, index ${at}` });
    }
  }
}

/** One commit; called inside the group's transaction it runs in a savepoint. */
const commitOne = db.transaction((commit) => {
  const expected = [...(commit.puts ?? []), ...(commit.checks ?? []).map((check) => ({ kind: check.kind, id: check.id, expectedVersion: check.version }))];
  for (const put of expected) {
    const version = versionOf.get(put.kind, put.id)?.version ?? 0;
    if (version !== put.expectedVersion) {
      throw new Refused({ kind: 'recordConflict', recordKind: put.kind, recordId: put.id, expectedVersion: put.expectedVersion, actualVersion: version });
    }
  }
  if (commit.ledger !== undefined) appendLedger(commit.ledger.logId, commit.ledger.append);
  for (const put of commit.puts ?? []) {
    upsertRecord.run(put.kind, put.id, put.expectedVersion + 1, put.json);
    for (const index of put.indexes ?? []) joinIndex.run(put.kind, index, put.id);
  }
  for (const item of commit.logs ?? []) {
    appendLog.run(item.log, item.scope, logSize.get(item.log, item.scope).size, item.json);
  }
});

// IMMEDIATE takes the write lock before the version and size checks, so two processes cannot
// both pass them.
const commitGroup = db.transaction((commits) => {
  const seen = dataVersion.get();
  const external = seen !== lastDataVersion;
  lastDataVersion = seen;
  const clock = { tick: (readClock.get()?.tick ?? 0) + 1, writer: workerData.writerId };
  writeClock.run(clock.tick, clock.writer);
  const outcomes = commits.map((commit) => {
    try {
      commitOne(commit);
      return null;
    } catch (error) {
      // Its savepoint is rolled back; the others carry on, unless SQLite ended the whole
      // transaction (a full disk, an I/O error): then none of the group was written.
      if (!db.inTransaction) throw error;
      return error instanceof Refused ? error.refusal : { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  });
  return { outcomes, clock, external };
}).immediate;

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ type: 'written', id: message.id, ...commitGroup(message.commits) });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});
