// The distributed record store (rule 5): the case record lives in Redis, shared by every node.
//
// Keys: crosscourt:ledger:{<logId>}:entries  a LIST, ledger entry i at position i (size = LLEN)
//       crosscourt:ledger:{<logId>}:nodes    a HASH, field "<level>:<index>" → 32-byte hash
//       crosscourt:record:<kind>:<id>        a HASH {v: version, j: JSON value}
//       crosscourt:index:<kind>:<name>       a ZSET of record ids, scored by joining order
//       crosscourt:log:<log>:<scope>         a LIST of JSON items
// Kinds and log names hold no ':' (requireName), so the prefixes cannot collide. A commit spans
// keys of several cases, so this store expects one Redis (or a primary with replicas), not a
// Redis Cluster.
//
// Atomicity: a commit is one Lua script (EVAL), which Redis runs without interleaving and writes
// to the AOF as one MULTI/EXEC block: after a crash all of it is there, or none.
//
// Durability (rule 4), decided once in open():
//   - appendonly no                → refused with UnpersistedRedisError unless allowUnpersisted.
//   - appendfsync always           → nothing extra: Redis fsyncs the AOF before it sends the
//                                    script's reply, so a resolved append is on disk.
//   - appendfsync everysec / no    → after each commit, WAITAOF 1 0 0 (Redis ≥ 7.2) blocks until
//                                    the local AOF is fsynced. A server without WAITAOF would
//                                    acknowledge up to a second of writes it can lose, so it is
//                                    refused like appendonly no unless allowUnpersisted.
// `durability` records which of these applies. (The settings are read once; an operator who
// turns AOF off at run time afterwards is not noticed.)
import { createHash } from 'node:crypto';
import { createClient, RESP_TYPES, type RedisClientType } from 'redis';
import { requireAppend, requireLogId, requireNodeAddresses, requireRange, type LedgerAppend } from './LedgerStore.js';
import { requireCommit, requireKey, requireName, type Commit, type LogItem, type RecordStore, type StoredRecord } from './RecordStore.js';
import { RecordConflictError, StoreConflictError, StoreRangeError, UnpersistedRedisError } from './storeErrors.js';

export type RedisDurability =
  /** appendfsync always: the reply comes after the fsync. */
  | 'aof-always'
  /** WAITAOF after each append. */
  | 'aof-waitaof'
  /** Allowed by allowUnpersisted: acknowledged appends may be lost if Redis restarts. */
  | 'unpersisted';

export interface RedisRecordStoreOptions {
  /** Accept a Redis that cannot make appends durable before acknowledging them (tests, demos). */
  allowUnpersisted?: boolean;
}

const BINARY = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

// ARGV[1]: the commit as JSON {p: puts [{k, id, e: expected version, j: JSON text, i: index keys}],
// c: checks [{k, e}], l: log appends [{k, j}], g?: ledger {e: entries key, n: nodes key, x: index}};
// ARGV[2]: the ledger entry; ARGV[3..]: node field/hash pairs. Every key is also passed in KEYS.
// Returns {1}, or on a conflict {0, 'record', put number (1-based), version} / {0, 'check', check
// number, version} / {0, 'ledger', size}, having written nothing; an error reply if a ledger node
// would change (a fork).
const COMMIT_SCRIPT = `
local spec = cjson.decode(ARGV[1])
for n, p in ipairs(spec.p) do
  local version = tonumber(redis.call('HGET', p.k, 'v') or '0')
  if version ~= p.e then return {0, 'record', n, version} end
end
for n, c in ipairs(spec.c) do
  local version = tonumber(redis.call('HGET', c.k, 'v') or '0')
  if version ~= c.e then return {0, 'check', n, version} end
end
if spec.g then
  local size = redis.call('LLEN', spec.g.e)
  if size ~= spec.g.x then return {0, 'ledger', size} end
  for i = 3, #ARGV, 2 do
    local existing = redis.call('HGET', spec.g.n, ARGV[i])
    if existing and existing ~= ARGV[i + 1] then
      return redis.error_reply('CROSSCOURT_FORK the log already holds a different hash at node ' .. ARGV[i])
    end
  end
end
for _, p in ipairs(spec.p) do
  redis.call('HSET', p.k, 'v', p.e + 1, 'j', p.j)
  for _, index in ipairs(p.i) do
    if not redis.call('ZSCORE', index, p.id) then
      redis.call('ZADD', index, redis.call('INCR', 'crosscourt:index-position'), p.id)
    end
  end
end
for _, item in ipairs(spec.l) do redis.call('RPUSH', item.k, item.j) end
if spec.g then
  redis.call('RPUSH', spec.g.e, ARGV[2])
  if #ARGV > 2 then redis.call('HSET', spec.g.n, unpack(ARGV, 3)) end
end
return {1}
`;

// KEYS: the index. ARGV: the record key prefix. Returns id, version, JSON triples in index order.
const LIST_SCRIPT = `
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local record = redis.call('HMGET', ARGV[1] .. id, 'v', 'j')
  if record[1] then
    out[#out + 1] = id
    out[#out + 1] = record[1]
    out[#out + 1] = record[2]
  end
end
return out
`;

// KEYS: entries. ARGV: from, to (exclusive, to > from). Returns {size} or {size, entries}.
const RANGE_SCRIPT = `
local size = redis.call('LLEN', KEYS[1])
if tonumber(ARGV[2]) > size then return {size} end
return {size, redis.call('LRANGE', KEYS[1], ARGV[1], tonumber(ARGV[2]) - 1)}
`;

type Client = RedisClientType;

export class RedisRecordStore implements RecordStore {
  readonly backend = 'redis' as const;
  readonly #client: Client;
  readonly durability: RedisDurability;
  #closed = false;

  private constructor(client: Client, durability: RedisDurability) {
    this.#client = client;
    this.durability = durability;
  }

  /**
   * Connects to the Redis at `url` and checks that it persists what it acknowledges; rejects with
   * UnpersistedRedisError when it does not, unless options.allowUnpersisted.
   */
  static async open(url: string, options: RedisRecordStoreOptions = {}): Promise<RedisRecordStore> {
    let connected = false;
    const client: Client = createClient({
      url,
      socket: {
        connectTimeout: 5000,
        // At start, a Redis that cannot be reached is a configuration error worth stopping for;
        // once connected, keep reconnecting (commands meanwhile reject).
        reconnectStrategy: (retries) => (!connected && retries >= 3 ? new Error("could not connect to Redis (REDIS_URL); check that it runs and the address is right") : Math.min(100 * 2 ** retries, 2000)),
      },
    });
    // Without a listener, a dropped connection is an uncaught 'error' event; the pending command
    // rejects anyway, and the client reconnects on its own.
    client.on('error', () => {});
    await client.connect();
    connected = true;
    try {
      const durability = await RedisRecordStore.#durability(client, url, options.allowUnpersisted === true);
      return new RedisRecordStore(client, durability);
    } catch (error) {
      client.destroy();
      throw error;
    }
  }

  static async #durability(client: Client, url: string, allowUnpersisted: boolean): Promise<RedisDurability> {
    let appendonly: string | undefined;
    let appendfsync: string | undefined;
    try {
      appendonly = await configGet(client, 'appendonly');
      appendfsync = await configGet(client, 'appendfsync');
    } catch (error) {
      if (allowUnpersisted) return 'unpersisted';
      throw new UnpersistedRedisError(url, `its persistence settings could not be read (CONFIG GET: ${(error as Error).message})`);
    }
    if (appendonly !== 'yes') {
      if (allowUnpersisted) return 'unpersisted';
      throw new UnpersistedRedisError(url, 'its append-only file is off (appendonly is not "yes")');
    }
    if (appendfsync === 'always') return 'aof-always';
    if (await hasCommand(client, 'waitaof')) return 'aof-waitaof';
    if (allowUnpersisted) return 'unpersisted';
    throw new UnpersistedRedisError(
      url,
      `its append-only file is fsynced "${appendfsync ?? 'unknown'}", not "always", and it has no WAITAOF (Redis 7.2+) to wait for the fsync`,
    );
  }

  async ledgerSize(logId: string): Promise<number> {
    requireLogId(logId);
    this.#requireOpen();
    return Number(await this.#client.sendCommand(['LLEN', entriesKey(logId)]));
  }

  async appendLedger(logId: string, append: LedgerAppend): Promise<void> {
    requireLogId(logId);
    requireAppend(append);
    await this.commit({ ledger: { logId, append } });
  }

  async commit(commit: Commit): Promise<void> {
    requireCommit(commit);
    this.#requireOpen();
    const puts = (commit.puts ?? []).map((put) => ({
      k: recordKey(put.kind, put.id),
      id: put.id,
      e: put.expectedVersion,
      j: JSON.stringify(put.value),
      i: (put.indexes ?? []).map((index) => indexKey(put.kind, index)),
    }));
    const logs = (commit.logs ?? []).map((item) => ({ k: logKey(item.log, item.scope), j: JSON.stringify(item.value) }));
    const checks = (commit.checks ?? []).map((check) => ({ k: recordKey(check.kind, check.id), e: check.version }));
    const keys = [...puts.flatMap((put) => [put.k, ...put.i]), ...checks.map((check) => check.k), ...logs.map((item) => item.k)];
    const args: Array<string | Buffer> = [];
    let ledger: { e: string; n: string; x: number } | undefined;
    if (commit.ledger !== undefined) {
      const { logId, append } = commit.ledger;
      ledger = { e: entriesKey(logId), n: nodesKey(logId), x: append.index };
      keys.push(ledger.e, ledger.n);
      args.push(asBuffer(append.entry));
      for (const { level, index, hash } of append.nodes) args.push(nodeField(level, index), asBuffer(hash));
    } else {
      args.push('');
    }
    const spec = JSON.stringify({ p: puts, c: checks, l: logs, ...(ledger === undefined ? {} : { g: ledger }) });
    const reply = (await this.#evaluate(COMMIT_SCRIPT, keys, [spec, ...args])) as unknown[];
    if (Number(reply[0]) !== 1) {
      if (reply[1] === 'ledger') throw new StoreConflictError(commit.ledger!.logId, commit.ledger!.append.index, Number(reply[2]));
      if (reply[1] === 'check') {
        const check = commit.checks![Number(reply[2]) - 1]!;
        throw new RecordConflictError(check.kind, check.id, check.version, Number(reply[3]));
      }
      const put = commit.puts![Number(reply[2]) - 1]!;
      throw new RecordConflictError(put.kind, put.id, put.expectedVersion, Number(reply[3]));
    }
    if (this.durability === 'aof-waitaof') {
      const [local] = ((await this.#client.sendCommand(['WAITAOF', '1', '0', '0'])) as unknown[]).map(Number);
      if (local === undefined || local < 1) throw new Error('Redis did not confirm that the commit reached its append-only file');
    }
  }

  async getRecord<T = unknown>(kind: string, id: string): Promise<StoredRecord<T> | undefined> {
    requireName('record kind', kind);
    requireKey('record id', id);
    this.#requireOpen();
    const [version, json] = (await this.#client.sendCommand(['HMGET', recordKey(kind, id), 'v', 'j'])) as Array<string | null>;
    if (version === null || version === undefined || json === null || json === undefined) return undefined;
    return { value: JSON.parse(json) as T, version: Number(version) };
  }

  async listRecords<T = unknown>(kind: string, index: string): Promise<Array<StoredRecord<T> & { id: string }>> {
    requireName('record kind', kind);
    requireKey('index', index);
    this.#requireOpen();
    const flat = (await this.#evaluate(LIST_SCRIPT, [indexKey(kind, index)], [recordKey(kind, '')])) as string[];
    const records: Array<StoredRecord<T> & { id: string }> = [];
    for (let i = 0; i < flat.length; i += 3) {
      records.push({ id: flat[i]!, version: Number(flat[i + 1]), value: JSON.parse(flat[i + 2]!) as T });
    }
    return records;
  }

  async readLog<T = unknown>(log: string, scope: string, from = 0): Promise<Array<LogItem<T>>> {
    requireName('log', log);
    requireKey('log scope', scope);
    this.#requireOpen();
    const items = (await this.#client.sendCommand(['LRANGE', logKey(log, scope), String(from), '-1'])) as string[];
    return items.map((json, i) => ({ seq: from + i, value: JSON.parse(json) as T }));
  }

  async ledgerEntries(logId: string, from: number, to: number): Promise<Uint8Array[]> {
    requireLogId(logId);
    requireRange(from, to);
    this.#requireOpen();
    if (from === to) {
      const size = await this.ledgerSize(logId);
      if (to > size) throw new StoreRangeError(logId, to, size);
      return [];
    }
    const reply = (await this.#evaluate(RANGE_SCRIPT, [entriesKey(logId)], [String(from), String(to)], { typeMapping: BINARY })) as [number, Buffer[]?];
    const [size, entries] = reply;
    if (entries === undefined) throw new StoreRangeError(logId, to, Number(size));
    return entries.map((entry) => new Uint8Array(entry));
  }

  async ledgerNodes(logId: string, addresses: Array<{ level: number; index: number }>): Promise<Array<Uint8Array | undefined>> {
    requireLogId(logId);
    this.#requireOpen();
    requireNodeAddresses(addresses);
    if (addresses.length === 0) return [];
    const fields = addresses.map(({ level, index }) => nodeField(level, index));
    const reply = (await this.#client.sendCommand(['HMGET', nodesKey(logId), ...fields], { typeMapping: BINARY })) as Array<Buffer | null>;
    return reply.map((hash) => (hash === null ? undefined : new Uint8Array(hash)));
  }

  /**
   * Runs a script by its SHA-1 (EVALSHA), so its text is not sent with every command; a Redis
   * that does not have it yet (restarted, flushed) gets it once through EVAL.
   */
  async #evaluate(script: string, keys: string[], args: Array<string | Buffer>, options?: { typeMapping: typeof BINARY }): Promise<unknown> {
    const sha = scriptSha(script);
    try {
      return await this.#client.sendCommand(['EVALSHA', sha, String(keys.length), ...keys, ...args], options);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.#client.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args], options);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close();
  }

  #requireOpen(): void {
    if (this.#closed) throw new Error('the record store is closed');
  }
}

function logTag(logId: string): string {
  return `crosscourt:ledger:{${encodeURIComponent(logId)}}`;
}

export function entriesKey(logId: string): string {
  return `${logTag(logId)}:entries`;
}

export function nodesKey(logId: string): string {
  return `${logTag(logId)}:nodes`;
}

const shas = new Map<string, string>();

function scriptSha(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
  return sha;
}

function recordKey(kind: string, id: string): string {
  return `crosscourt:record:${kind}:${id}`;
}

function indexKey(kind: string, name: string): string {
  return `crosscourt:index:${kind}:${name}`;
}

function logKey(log: string, scope: string): string {
  return `crosscourt:log:${log}:${scope}`;
}

function nodeField(level: number, index: number): string {
  return `${level}:${index}`;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function configGet(client: Client, name: string): Promise<string | undefined> {
  // RESP2 answers [name, value], RESP3 a map; handle both.
  const reply = (await client.sendCommand(['CONFIG', 'GET', name])) as unknown;
  if (Array.isArray(reply)) return reply[1] === undefined ? undefined : String(reply[1]);
  if (reply instanceof Map) return reply.has(name) ? String(reply.get(name)) : undefined;
  if (typeof reply === 'object' && reply !== null) {
    const value = (reply as Record<string, unknown>)[name];
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

async function hasCommand(client: Client, name: string): Promise<boolean> {
  const reply = (await client.sendCommand(['COMMAND', 'INFO', name])) as unknown[];
  return Array.isArray(reply) && reply[0] !== null && reply[0] !== undefined;
}
