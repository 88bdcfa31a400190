// Record store benchmark (`npm run bench:store`): the latency of one durable commit() of each
// RecordStore implementation, beside the raw store underneath measured in the same run, which is
// the ceiling. The goal (the issue's): a store commit within 2× of the raw store's write.
//
// The commit is a realistic record change (storeBenchWorkload.ts): an exhibit filed = one record
// created with one index, one custody-log item, one ledger entry with its Merkle nodes. Commits
// run one at a time, each awaited before the next: this measures latency, not throughput.
//   - SQLite: SqliteRecordStore on a temporary data folder, against a plain better-sqlite3 loop
//     with the same pragmas (WAL, synchronous=FULL) inserting one row of the commit's total size
//     per transaction, on the same disk.
//   - Redis: RedisRecordStore on a real redis-server with appendonly yes, appendfsync always,
//     against redis-benchmark (one client, SETs of the commit's total size) on the same server,
//     and against SETs sent one at a time through the same `redis` npm client, which separates
//     the client's own cost from the store's Lua commit.
//
// Not a timed test and not part of `npm test`: machines are shared and noisy, so each series is
// measured in several rounds, interleaved (a burst of other work falls on store and raw alike),
// and every figure is the median of the round figures; a ratio is taken within each round.
// Temporary folders and the redis-server are removed at the end, on error and on Ctrl-C.
//
// Environment (all optional):
//   BENCH_ROUNDS=5            rounds; every series is measured once per round
//   BENCH_COMMITS=1000        commits (or raw writes) timed per series per round
//   BENCH_WARMUP=300          untimed writes per series before the first round
//   BENCH_ONLY=sqlite|redis   measure one backend only
//   BENCH_MAX_SECONDS=180     hard limit for the whole run
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import { RedisRecordStore } from '../../server/store/RedisRecordStore.js';
import { SqliteRecordStore } from '../../server/store/SqliteRecordStore.js';
import { REDIS_SERVER_BIN, startRedisServer } from '../helpers/redisServer.js';
import { fixed, machineInfo, markdownTable, median, percentile } from './benchMeasure.js';
import { redisBenchmarkSet, requireRedisBenchmark, type RedisBenchmarkFigures } from './storeBenchRedisTool.js';
import { CaseFiling, describeCommit } from './storeBenchWorkload.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const ONLY = process.env.BENCH_ONLY;
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 180);
const RUN_SQLITE = ONLY === undefined || ONLY === 'sqlite';
const RUN_REDIS = ONLY === undefined || ONLY === 'redis';

const startedAt = performance.now();
function withinBudget(): void {
  const seconds = (performance.now() - startedAt) / 1000;
  if (seconds > MAX_SECONDS) {
    throw new Error(`store bench: gave up after ${seconds.toFixed(0)} s (BENCH_MAX_SECONDS=${MAX_SECONDS}); the machine or its disk is too busy`);
  }
}

/** One series' figures in one round. */
type RoundFigures = RedisBenchmarkFigures;

interface Series {
  /** A word for the per-round progress line. */
  readonly short: string;
  readonly label: string;
  readonly rounds: RoundFigures[];
  /** Times `count` writes one after another (the warm-up too, whose figures are dropped). */
  measure(round: number, count: number): Promise<RoundFigures>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Wall time of each operation, awaited one at a time; the rate is 1 / mean latency. Before each
 * operation, untimed, the event loop gets a turn, as it would between two requests in the server:
 * better-sqlite3 resolves at once, and without the turn a whole series would hold the loop, and
 * with it Ctrl-C, which tsx turns into SIGKILL when it is not answered within 60 ms.
 */
async function timeEach(count: number, op: (i: number) => unknown): Promise<RoundFigures> {
  const latenciesMs: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) withinBudget();
    await nextTurn();
    const start = process.hrtime.bigint();
    await op(i);
    latenciesMs[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const totalMs = latenciesMs.reduce((sum, value) => sum + value, 0);
  return { p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99), perSecond: (count * 1000) / totalMs };
}

function series(short: string, label: string, measure: Series['measure']): Series {
  return { short, label, rounds: [], measure };
}

/** Undo steps, run newest first, once, whatever ends the run. */
class Cleanup {
  readonly #steps: Array<() => Promise<unknown> | unknown> = [];
  #running: Promise<void> | undefined;

  add(step: () => Promise<unknown> | unknown): void {
    this.#steps.push(step);
  }

  /** Every caller gets the same promise, so none exits before the last step is done. */
  run(): Promise<void> {
    this.#running ??= this.#runSteps();
    return this.#running;
  }

  async #runSteps(): Promise<void> {
    for (const step of this.#steps.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`store bench: clean-up step failed: ${(error as Error).message}`);
      }
    }
  }
}

async function sqliteSeries(dir: string, cleanup: Cleanup, rawBytes: number): Promise<{ store: Series; raw: Series; settings: string }> {
  const store = new SqliteRecordStore(join(dir, 'store'));
  cleanup.add(() => store.close());
  const settings = store.durabilitySettings();

  const db = new Database(join(dir, 'raw.sqlite'));
  cleanup.add(() => db.close());
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY, value BLOB NOT NULL)');
  const insert = db.prepare<[Buffer]>('INSERT INTO raw (value) VALUES (?)');
  const row = Buffer.alloc(rawBytes, 'x');

  return {
    store: series('sqlite-store', 'SqliteRecordStore.commit()', async (round, count) => {
      const commits = new CaseFiling(`HZ-2026-S${round}`).next(count);
      return timeEach(count, (i) => store.commit(commits[i]!.commit));
    }),
    // Autocommit: each INSERT is its own transaction, so each is one WAL append and fsync.
    raw: series('sqlite-raw', `better-sqlite3 INSERT of ${rawBytes} B, one per transaction`, async (_round, count) => timeEach(count, () => insert.run(row))),
    settings: `journal_mode=${settings.journalMode}, synchronous=${settings.synchronous} (2 = FULL) for both`,
  };
}

async function redisSeries(cleanup: Cleanup, rawBytes: number): Promise<{ store: Series; raw: Series; rawClient: Series; settings: string }> {
  const server = await startRedisServer({ appendonly: true, appendfsync: 'always' });
  cleanup.add(() => server.dispose());
  const store = await RedisRecordStore.open(server.url);
  cleanup.add(() => store.close());
  const client = createClient({ url: server.url });
  client.on('error', () => {});
  await client.connect();
  cleanup.add(() => client.close());
  const value = 'x'.repeat(rawBytes);

  return {
    store: series('redis-store', 'RedisRecordStore.commit()', async (round, count) => {
      const commits = new CaseFiling(`HZ-2026-R${round}`).next(count);
      return timeEach(count, (i) => store.commit(commits[i]!.commit));
    }),
    raw: series('redis-benchmark', `redis-benchmark SET of ${rawBytes} B, -c 1`, async (_round, count) => {
      withinBudget();
      return redisBenchmarkSet(server.port, count, rawBytes);
    }),
    rawClient: series('redis-client-set', `redis npm client SET of ${rawBytes} B`, async (round, count) =>
      timeEach(count, (i) => client.sendCommand(['SET', `raw:${round}:${i}`, value])),
    ),
    settings: `appendonly yes, appendfsync always; the store found durability "${store.durability}"`,
  };
}

/** Median over rounds of store/raw, each ratio taken within one round. */
function ratio(store: Series, raw: Series, pick: (f: RoundFigures) => number): number {
  return median(store.rounds.map((figures, round) => pick(figures) / pick(raw.rounds[round]!)));
}

const medianOf = (s: Series, pick: (f: RoundFigures) => number): number => median(s.rounds.map(pick));
const ms = (value: number): string => fixed(value, value < 1 ? 3 : 2);

function report(comparisons: Array<{ backend: string; store: Series; raw: Series }>, all: Series[]): void {
  console.log(`\nDurable commit latency, medians of ${ROUNDS} rounds × ${COMMITS} sequential commits (warm-up ${WARMUP}).\n`);
  console.log(
    markdownTable(
      ['implementation', 'p50 ms', 'p99 ms', 'raw p50', 'raw p99', 'ratio p50 (store/raw)', 'ratio p99', 'commits/s', 'raw ceiling'],
      comparisons.map(({ backend, store, raw }) => [
        backend,
        ms(medianOf(store, (f) => f.p50Ms)),
        ms(medianOf(store, (f) => f.p99Ms)),
        ms(medianOf(raw, (f) => f.p50Ms)),
        ms(medianOf(raw, (f) => f.p99Ms)),
        `×${fixed(ratio(store, raw, (f) => f.p50Ms), 2)}`,
        `×${fixed(ratio(store, raw, (f) => f.p99Ms), 2)}`,
        fixed(medianOf(store, (f) => f.perSecond)),
        raw.label,
      ]),
    ),
  );
  console.log('\nEvery series (medians of the rounds; in brackets, the lowest and highest round p50):\n');
  console.log(
    markdownTable(
      ['series', 'p50 ms', 'p99 ms', 'writes/s', 'round p50s'],
      all.map((s) => {
        const p50s = s.rounds.map((f) => f.p50Ms);
        return [s.label, ms(medianOf(s, (f) => f.p50Ms)), ms(medianOf(s, (f) => f.p99Ms)), fixed(medianOf(s, (f) => f.perSecond)), `${ms(Math.min(...p50s))}–${ms(Math.max(...p50s))}`];
      }),
    ),
  );
}

let interrupted = false;

async function main(): Promise<void> {
  if (RUN_REDIS) {
    requireRedisBenchmark();
    if (!existsSync(REDIS_SERVER_BIN)) throw new Error(`redis-server was not found at ${REDIS_SERVER_BIN}; install Debian's redis-server or set REDIS_SERVER_BIN`);
  }
  const cleanup = new Cleanup();
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\nstore bench: ${signal}, cleaning up`);
    void cleanup.run().finally(() => process.exit(130));
  };
  // `on`, not `once`: tsx relays a signal to this process again when it is slow to acknowledge
  // the first, and with no listener left tsx's own handler would exit before the clean-up ends.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const dir = await mkdtemp(join(tmpdir(), 'crosscourt-store-bench-'));
    cleanup.add(() => rm(dir, { recursive: true, force: true }));

    const sample = new CaseFiling('HZ-2026-SIZE').next(256);
    const rawBytes = Math.round(sample.reduce((sum, c) => sum + c.payloadBytes, 0) / sample.length);
    const machine = machineInfo();
    console.log(`# Record store benchmark — ${machine.cpuModel}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, ${machine.date}`);
    console.log(`One commit: ${describeCommit(sample[0]!)} + Merkle nodes; ${rawBytes} B of data on average, so every raw write is ${rawBytes} B.`);
    console.log(`Temporary data in ${dir}`);

    const comparisons: Array<{ backend: string; store: Series; raw: Series }> = [];
    // Each group is measured in turn, its series in an order rotated every round.
    const groups: Series[][] = [];
    if (RUN_SQLITE) {
      const sqlite = await sqliteSeries(dir, cleanup, rawBytes);
      console.log(`SQLite: ${sqlite.settings}`);
      comparisons.push({ backend: 'SQLite', store: sqlite.store, raw: sqlite.raw });
      groups.push([sqlite.store, sqlite.raw]);
    }
    if (RUN_REDIS) {
      const redis = await redisSeries(cleanup, rawBytes);
      console.log(`Redis: ${redis.settings}`);
      comparisons.push({ backend: 'Redis', store: redis.store, raw: redis.raw });
      comparisons.push({ backend: 'Redis (vs same client)', store: redis.store, raw: redis.rawClient });
      groups.push([redis.store, redis.raw, redis.rawClient]);
    }

    for (const group of groups) for (const s of group) await s.measure(-1, WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      for (const group of groups) {
        for (let k = 0; k < group.length; k++) {
          const s = group[(k + round) % group.length]!;
          s.rounds.push(await s.measure(round, COMMITS));
        }
      }
      const line = groups.flat().map((s) => `${s.short} ${ms(s.rounds[round]!.p50Ms)}`);
      console.log(`round ${round + 1}/${ROUNDS}: p50 ms ${line.join(', ')}`);
    }
    report(comparisons, groups.flat());
    console.log(`\nThe run took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`);
  } catch (error) {
    // After Ctrl-C the loop in flight fails on a closed store; that is not worth reporting.
    if (!interrupted) throw error;
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(interrupted ? 130 : 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
