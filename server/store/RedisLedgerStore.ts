// The distributed ledger store (rule 5): the logs live in Redis, shared by every node.
//
// Keys, per log: crosscourt:ledger:{<logId>}:entries  a LIST, entry i at position i (size = LLEN)
//                crosscourt:ledger:{<logId>}:nodes    a HASH, field "<level>:<index>" → 32-byte hash
// The logId is URI-encoded (so it holds no ':' '{' '}') and wrapped in a hash tag, so a Redis
// Cluster keeps both keys of a log in one slot and the append script may touch both.
//
// Atomicity: an append is one Lua script (EVAL), which Redis runs without interleaving and writes
// to the AOF as one MULTI/EXEC block: after a crash the entry and its nodes are there, or neither.
//
// Durability (rule 4), decided once in open():
//   - appendonly no                → refused with UnpersistedRedisError unless allowUnpersisted.
//   - appendfsync always           → nothing extra: Redis fsyncs the AOF before it sends the
//                                    script's reply, so a resolved append is on disk.
//   - appendfsync everysec / no    → after each append, WAITAOF 1 0 0 (Redis ≥ 7.2) blocks until
//                                    the local AOF is fsynced. A server without WAITAOF would
//                                    acknowledge up to a second of writes it can lose, so it is
//                                    refused like appendonly no unless allowUnpersisted.
// `durability` records which of these applies. (The settings are read once; an operator who
// turns AOF off at run time afterwards is not noticed.)
import { createClient, RESP_TYPES, type RedisClientType } from 'redis';
import { requireAppend, requireLogId, requireNodeAddresses, requireRange, type LedgerAppend, type LedgerStore } from './LedgerStore.js';
import { StoreConflictError, StoreRangeError, UnpersistedRedisError } from './storeErrors.js';

export type RedisDurability =
  /** appendfsync always: the reply comes after the fsync. */
  | 'aof-always'
  /** WAITAOF after each append. */
  | 'aof-waitaof'
  /** Allowed by allowUnpersisted: acknowledged appends may be lost if Redis restarts. */
  | 'unpersisted';

export interface RedisLedgerStoreOptions {
  /** Accept a Redis that cannot make appends durable before acknowledging them (tests, demos). */
  allowUnpersisted?: boolean;
}

const BINARY = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

// KEYS: entries, nodes. ARGV: index, entry, then field/hash pairs.
// Returns {1, newSize} on success, {0, size} on a conflict; an error reply if a node would change.
const APPEND_SCRIPT = `
local size = redis.call('LLEN', KEYS[1])
if size ~= tonumber(ARGV[1]) then return {0, size} end
for i = 3, #ARGV, 2 do
  local existing = redis.call('HGET', KEYS[2], ARGV[i])
  if existing and existing ~= ARGV[i + 1] then
    return redis.error_reply('CROSSCOURT_FORK the log already holds a different hash at node ' .. ARGV[i])
  end
end
redis.call('RPUSH', KEYS[1], ARGV[2])
if #ARGV > 2 then redis.call('HSET', KEYS[2], unpack(ARGV, 3)) end
return {1, size + 1}
`;

// KEYS: entries. ARGV: from, to (exclusive, to > from). Returns {size} or {size, entries}.
const RANGE_SCRIPT = `
local size = redis.call('LLEN', KEYS[1])
if tonumber(ARGV[2]) > size then return {size} end
return {size, redis.call('LRANGE', KEYS[1], ARGV[1], tonumber(ARGV[2]) - 1)}
`;

type Client = RedisClientType;

export class RedisLedgerStore implements LedgerStore {
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
  static async open(url: string, options: RedisLedgerStoreOptions = {}): Promise<RedisLedgerStore> {
    const client: Client = createClient({ url });
    // Without a listener, a dropped connection is an uncaught 'error' event; the pending command
    // rejects anyway, and the client reconnects on its own.
    client.on('error', () => {});
    await client.connect();
    try {
      const durability = await RedisLedgerStore.#durability(client, url, options.allowUnpersisted === true);
      return new RedisLedgerStore(client, durability);
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
    this.#requireOpen();
    const args: Array<string | Buffer> = [String(append.index), asBuffer(append.entry)];
    for (const { level, index, hash } of append.nodes) args.push(nodeField(level, index), asBuffer(hash));
    const reply = (await this.#client.sendCommand(['EVAL', APPEND_SCRIPT, '2', entriesKey(logId), nodesKey(logId), ...args])) as [
      number,
      number,
    ];
    const [ok, size] = reply.map(Number) as [number, number];
    if (ok !== 1) throw new StoreConflictError(logId, append.index, size);
    if (this.durability === 'aof-waitaof') {
      const [local] = ((await this.#client.sendCommand(['WAITAOF', '1', '0', '0'])) as unknown[]).map(Number);
      if (local === undefined || local < 1) throw new Error('Redis did not confirm that the append reached its append-only file');
    }
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
    const reply = (await this.#client.sendCommand(['EVAL', RANGE_SCRIPT, '1', entriesKey(logId), String(from), String(to)], {
      typeMapping: BINARY,
    })) as [number, Buffer[]?];
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close();
  }

  #requireOpen(): void {
    if (this.#closed) throw new Error('the ledger store is closed');
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
