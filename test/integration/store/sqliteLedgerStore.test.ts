// The embedded (SQLite) ledger store against the shared contract, on a temporary data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_LEDGER_FILE, SqliteLedgerStore } from '../../../server/store/SqliteLedgerStore.js';
import { ledgerStoreContract } from './ledgerStoreContract.js';

let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crosscourt-sqlite-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

ledgerStoreContract('SqliteLedgerStore', () => ({ open: () => SqliteLedgerStore.open(dataDir) }));

describe('SqliteLedgerStore', () => {
  test('writes in WAL mode with synchronous=FULL (durable before acknowledged)', async () => {
    const store = await SqliteLedgerStore.open(dataDir);
    try {
      const db = new Database(join(dataDir, SQLITE_LEDGER_FILE), { readonly: true });
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

  test('creates its data folder when it does not exist', async () => {
    const nested = join(dataDir, 'not', 'yet');
    const store = await SqliteLedgerStore.open(nested);
    await store.appendLedger('case-x', { index: 0, entry: new Uint8Array([1]), nodes: [] });
    await store.close();
    const again = await SqliteLedgerStore.open(nested);
    expect(await again.ledgerSize('case-x')).toBe(1);
    await again.close();
  });
});
