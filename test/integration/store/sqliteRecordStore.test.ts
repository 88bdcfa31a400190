// The embedded (SQLite) ledger store against the shared contract, on a temporary data folder.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_RECORD_FILE, SqliteRecordStore } from '../../../server/store/SqliteRecordStore.js';
import { RecordConflictError, StoreConflictError } from '../../../server/store/storeErrors.js';
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

  test('an unhurried commit waits for others to be written with it; one someone waits for takes them all along at once, in order', async () => {
    // A wait far longer than the test, so that nothing here depends on the machine's speed.
    const store = await SqliteRecordStore.open(dataDir, { unhurriedWaitMs: 60_000 });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    try {
      const line = (n: number, unhurried: boolean) => store.commit({ logs: [{ log: 'hearingRecord', scope: 'unhurried', value: { n } }], ...(unhurried ? { unhurried } : {}) });
      const before = store.writeTransactions;
      const arrivals = [line(0, true)];
      for (const n of [1, 2]) {
        await nextTurn();
        arrivals.push(line(n, true));
      }
      await nextTurn();
      expect(store.writeTransactions - before).toBe(0); // held back, together
      const waitedFor = line(3, false);
      await nextTurn();
      expect(store.writeTransactions - before).toBe(1); // at once, with the three before it
      await Promise.all([...arrivals, waitedFor]);
      expect(store.writeTransactions - before).toBe(1);
      expect((await store.readLog('hearingRecord', 'unhurried')).map((item) => item.value)).toEqual([0, 1, 2, 3].map((n) => ({ n })));
    } finally {
      await store.close();
    }
  });

  test('an unhurried commit nobody else joins is written once its wait is over', async () => {
    const store = await SqliteRecordStore.open(dataDir, { unhurriedWaitMs: 20 });
    try {
      const before = store.writeTransactions;
      await store.commit({ logs: [{ log: 'hearingRecord', scope: 'alone', value: { n: 0 } }], unhurried: true });
      expect(store.writeTransactions - before).toBe(1);
      expect(await store.readLog('hearingRecord', 'alone')).toEqual([{ seq: 0, value: { n: 0 } }]);
    } finally {
      await store.close();
    }
  });

  test('closing the store writes the unhurried commits still waiting', async () => {
    const folder = join(dataDir, 'unhurried-close');
    const store = await SqliteRecordStore.open(folder, { unhurriedWaitMs: 60_000 });
    const written = store.commit({ logs: [{ log: 'hearingRecord', scope: 'closing', value: { n: 0 } }], unhurried: true });
    await store.close();
    await written;
    const reopened = await SqliteRecordStore.open(folder);
    expect(await reopened.readLog('hearingRecord', 'closing')).toEqual([{ seq: 0, value: { n: 0 } }]);
    await reopened.close();
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

  describe('what the main thread remembers of the file', () => {
    test('a record another store on the same folder changed after it was read here reads as changed', async () => {
      const folder = join(dataDir, 'two-writers-records');
      const [here, there] = [await SqliteRecordStore.open(folder), await SqliteRecordStore.open(folder)];
      try {
        await here.commit({ puts: [{ kind: 'case', id: 'c1', value: { title: 'first' }, expectedVersion: 0 }] });
        expect(await here.getRecord('case', 'c1')).toEqual({ value: { title: 'first' }, version: 1 });
        await there.commit({ puts: [{ kind: 'case', id: 'c1', value: { title: 'changed there' }, expectedVersion: 1 }] });
        expect(await here.getRecord('case', 'c1')).toEqual({ value: { title: 'changed there' }, version: 2 });
        // And this store's own writes after that are remembered as written.
        await here.commit({ puts: [{ kind: 'case', id: 'c1', value: { title: 'changed here' }, expectedVersion: 2 }] });
        expect(await here.getRecord('case', 'c1')).toEqual({ value: { title: 'changed here' }, version: 3 });
        expect(await there.getRecord('case', 'c1')).toEqual({ value: { title: 'changed here' }, version: 3 });
        // An index listed here, then joined by a record written there, lists it.
        await here.commit({ puts: [{ kind: 'participant', id: 'p1', value: { name: 'Zhang Wei' }, expectedVersion: 0, indexes: ['case:c1'] }] });
        expect((await here.listRecords('participant', 'case:c1')).map((r) => r.id)).toEqual(['p1']);
        await there.commit({ puts: [{ kind: 'participant', id: 'p2', value: { name: 'Ana Silva' }, expectedVersion: 0, indexes: ['case:c1'] }] });
        expect((await here.listRecords('participant', 'case:c1')).map((r) => r.value)).toEqual([{ name: 'Zhang Wei' }, { name: 'Ana Silva' }]);
      } finally {
        await here.close();
        await there.close();
      }
    });

    test("a ledger another store appended to after its size was read here has its new size, and a stale append is refused", async () => {
      const folder = join(dataDir, 'two-writers-ledger');
      const [here, there] = [await SqliteRecordStore.open(folder), await SqliteRecordStore.open(folder)];
      try {
        await here.appendLedger('case-l', { index: 0, entry: new Uint8Array([1]), nodes: [] });
        expect(await here.ledgerSize('case-l')).toBe(1);
        await there.appendLedger('case-l', { index: 1, entry: new Uint8Array([2]), nodes: [] });
        await expect(here.appendLedger('case-l', { index: 1, entry: new Uint8Array([3]), nodes: [] })).rejects.toThrow(StoreConflictError);
        expect(await here.ledgerSize('case-l')).toBe(2);
        expect((await here.ledgerEntries('case-l', 0, 2)).map((entry) => [...entry])).toEqual([[1], [2]]);
      } finally {
        await here.close();
        await there.close();
      }
    });

    test('a record changed by a plain SQLite connection (which does not move the store clock) is read as changed once this store next writes', async () => {
      const folder = join(dataDir, 'foreign-writer');
      const store = await SqliteRecordStore.open(folder);
      try {
        await store.commit({ puts: [{ kind: 'staff', id: 's1', value: { name: 'Clerk Wu' }, expectedVersion: 0 }] });
        expect((await store.getRecord('staff', 's1'))?.value).toEqual({ name: 'Clerk Wu' });
        const db = new Database(join(folder, SQLITE_RECORD_FILE));
        try {
          db.prepare("UPDATE records SET version = 2, value = ? WHERE kind = 'staff' AND id = 's1'").run(JSON.stringify({ name: 'Clerk Wu Li' }));
          // A writer that does not move the clock is still seen by the next group of this store's writer.
          await store.commit({ logs: [{ log: 'audit', scope: 'foreign', value: { note: 'after the foreign write' } }] });
        } finally {
          db.close();
        }
        expect(await store.getRecord('staff', 's1')).toEqual({ value: { name: 'Clerk Wu Li' }, version: 2 });
      } finally {
        await store.close();
      }
    });

    test('a write refused as stale is forgotten, so the retry reads the current version', async () => {
      const folder = join(dataDir, 'stale-retry');
      const [here, there] = [await SqliteRecordStore.open(folder), await SqliteRecordStore.open(folder)];
      try {
        await here.commit({ puts: [{ kind: 'round', id: 'r1', value: { n: 1 }, expectedVersion: 0 }] });
        await here.getRecord('round', 'r1');
        await there.commit({ puts: [{ kind: 'round', id: 'r1', value: { n: 2 }, expectedVersion: 1 }] });
        await expect(here.commit({ puts: [{ kind: 'round', id: 'r1', value: { n: 'stale' }, expectedVersion: 1 }] })).rejects.toThrow(RecordConflictError);
        const current = await here.getRecord<{ n: number }>('round', 'r1');
        expect(current).toEqual({ value: { n: 2 }, version: 2 });
        await here.commit({ puts: [{ kind: 'round', id: 'r1', value: { n: 3 }, expectedVersion: current!.version }] });
        expect(await there.getRecord('round', 'r1')).toEqual({ value: { n: 3 }, version: 3 });
      } finally {
        await here.close();
        await there.close();
      }
    });
  });

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
