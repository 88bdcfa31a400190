// The embedded (SQLite) ledger store against the shared contract, on a temporary data folder.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_RECORD_FILE, SqliteRecordStore } from '../../../server/store/SqliteRecordStore.js';
import { ledgerStoreContract } from './ledgerStoreContract.js';
import { recordStoreContract } from './recordStoreContract.js';

let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crosscourt-sqlite-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

ledgerStoreContract('SqliteRecordStore', () => ({ open: () => SqliteRecordStore.open(dataDir) }));
recordStoreContract('SqliteRecordStore', () => ({ open: () => SqliteRecordStore.open(dataDir) }));

describe('SqliteRecordStore', () => {
  test('writes in WAL mode with synchronous=FULL (durable before acknowledged)', async () => {
    const store = await SqliteRecordStore.open(dataDir);
    try {
      const db = new Database(join(dataDir, SQLITE_RECORD_FILE), { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        db.close();
      }
      expect(store.durabilitySettings()).toEqual({ journalMode: 'wal', synchronous: 2 }); // 2 = FULL
    } finally {
      await store.close();
    }
  });

  test('commits asked for in one turn of the event loop are written in one transaction (one fsync)', async () => {
    const store = await SqliteRecordStore.open(dataDir);
    try {
      const before = store.writeTransactions;
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.commit({ logs: [{ log: 'hearingRecord', scope: 'grouped', value: { arrived: i } }] })));
      expect(store.writeTransactions - before).toBe(1);
      await store.commit({ logs: [{ log: 'hearingRecord', scope: 'grouped', value: { arrived: 50 } }] });
      expect(store.writeTransactions - before).toBe(2);
      expect((await store.readLog('hearingRecord', 'grouped')).map((item) => item.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i));
    } finally {
      await store.close();
    }
  });

  test('a program that commits and then closes the store ends normally, with everything written', async () => {
    // The writer thread keeps the process alive only while it has work: closing is work too.
    const folder = join(dataDir, 'program');
    const script = join(dataDir, 'commitThenClose.mts');
    const storeModule = new URL('../../../server/store/SqliteRecordStore.ts', import.meta.url).pathname;
    writeFileSync(
      script,
      `const { SqliteRecordStore } = await import(${JSON.stringify(storeModule)});\n` +
        `const store = new SqliteRecordStore(${JSON.stringify(folder)});\n` +
        `for (let i = 0; i < 20; i++) await store.commit({ logs: [{ log: 'audit', scope: 'program', value: { i } }] });\n` +
        `await store.close();\nconsole.log('closed');\n`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'closed' });
    const reopened = await SqliteRecordStore.open(folder);
    expect(await reopened.readLog('audit', 'program')).toHaveLength(20);
    await reopened.close();
  }, 90_000);

  test('creates its data folder when it does not exist', async () => {
    const nested = join(dataDir, 'not', 'yet');
    const store = await SqliteRecordStore.open(nested);
    await store.appendLedger('case-x', { index: 0, entry: new Uint8Array([1]), nodes: [] });
    await store.close();
    const again = await SqliteRecordStore.open(nested);
    expect(await again.ledgerSize('case-x')).toBe(1);
    await again.close();
  });
});
