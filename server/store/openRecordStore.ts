// Opens the record store the configuration names: SQLite in the data folder by default, Redis
// when REDIS_URL is set (rule 5).
import type { StorageConfig } from '../config.js';
import type { RecordStore } from './RecordStore.js';
import { RedisRecordStore } from './RedisRecordStore.js';
import { SqliteRecordStore } from './SqliteRecordStore.js';

export async function openRecordStore(storage: StorageConfig): Promise<RecordStore> {
  return storage.kind === 'redis' ? RedisRecordStore.open(storage.url, { allowUnpersisted: storage.allowUnpersisted }) : SqliteRecordStore.open(storage.dataDir);
}
