// The Redis ledger store against the shared contract, on a real redis-server with AOF
// (appendfsync always) started for this file, plus the persistence checks of open().
import { randomUUID } from 'node:crypto';
import { RedisRecordStore } from '../../../server/store/RedisRecordStore.js';
import { UnpersistedRedisError } from '../../../server/store/storeErrors.js';
import { startRedisServer, startRedisServerIn, type RunningRedisServer } from '../../helpers/redisServer.js';
import { ledgerStoreContract } from './ledgerStoreContract.js';
import { recordStoreContract } from './recordStoreContract.js';

let redis: RunningRedisServer;

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
});

afterAll(async () => {
  await redis?.dispose();
});

ledgerStoreContract('RedisRecordStore', () => ({ open: () => RedisRecordStore.open(redis.url) }));
recordStoreContract('RedisRecordStore', () => ({ open: () => RedisRecordStore.open(redis.url) }));

describe('RedisRecordStore', () => {
  test('with appendfsync always it relies on the fsync before the reply', async () => {
    const store = await RedisRecordStore.open(redis.url);
    expect(store.durability).toBe('aof-always');
    await store.close();
  });

  test('opening against a Redis without AOF is refused with UnpersistedRedisError unless allowUnpersisted', async () => {
    const bare = await startRedisServer({ appendonly: false });
    try {
      const refused = RedisRecordStore.open(bare.url);
      await expect(refused).rejects.toBeInstanceOf(UnpersistedRedisError);
      await expect(refused).rejects.toThrow(/appendonly yes.*CROSSCOURT_ALLOW_UNPERSISTED_REDIS/s);
      const allowed = await RedisRecordStore.open(bare.url, { allowUnpersisted: true });
      expect(allowed.durability).toBe('unpersisted');
      await allowed.appendLedger('case-demo', { index: 0, entry: new Uint8Array([7]), nodes: [] });
      expect(await allowed.ledgerSize('case-demo')).toBe(1);
      await allowed.close();
    } finally {
      await bare.dispose();
    }
  });

  test('a Redis that fsyncs every second is used only if it can wait for the fsync (WAITAOF)', async () => {
    const lazy = await startRedisServer({ appendonly: true, appendfsync: 'everysec' });
    try {
      const store = await RedisRecordStore.open(lazy.url).catch((error: unknown) => error);
      if (store instanceof RedisRecordStore) {
        expect(store.durability).toBe('aof-waitaof');
        await store.appendLedger('case-lazy', { index: 0, entry: new Uint8Array([1]), nodes: [] });
        await store.close();
      } else {
        expect(store).toBeInstanceOf(UnpersistedRedisError); // Redis < 7.2 has no WAITAOF
        expect(String(store)).toMatch(/everysec/);
      }
    } finally {
      await lazy.dispose();
    }
  });

  test('appends acknowledged before redis-server is killed are there after it restarts', async () => {
    const server = await startRedisServer({ appendonly: true, appendfsync: 'always' });
    let restarted: RunningRedisServer | undefined;
    try {
      const logId = `case-${randomUUID()}`;
      const store = await RedisRecordStore.open(server.url);
      for (let i = 0; i < 20; i++) {
        await store.appendLedger(logId, { index: i, entry: new TextEncoder().encode(`filing ${i}`), nodes: [] });
      }
      await server.stop('SIGKILL'); // a crash: no shutdown rewrite, only what was fsynced
      store.close().catch(() => {});
      restarted = await startRedisServerIn(server.dir, { appendonly: true, appendfsync: 'always' });
      const reopened = await RedisRecordStore.open(restarted.url);
      expect(await reopened.ledgerSize(logId)).toBe(20);
      expect(Buffer.from((await reopened.ledgerEntries(logId, 19, 20))[0]!).toString()).toBe('filing 19');
      await reopened.close();
    } finally {
      await restarted?.stop();
      await server.dispose();
    }
  });
});
