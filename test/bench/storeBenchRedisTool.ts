// redis-benchmark (Debian's redis-tools, installed beside redis-server) as the raw ceiling of the
// Redis store: one client, sequential SETs of a given size, against the benchmark's own server.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';

export const REDIS_BENCHMARK_BIN = process.env.REDIS_BENCHMARK_BIN ?? '/usr/bin/redis-benchmark';

/** Throws a message that says what to install when the tool is missing. */
export function requireRedisBenchmark(): void {
  try {
    accessSync(REDIS_BENCHMARK_BIN, constants.X_OK);
  } catch {
    throw new Error(
      `redis-benchmark was not found at ${REDIS_BENCHMARK_BIN}; it is the raw ceiling of the Redis store. ` +
        'Install Debian\'s redis-tools (apt-get install redis-tools, which also brings redis-server) or set REDIS_BENCHMARK_BIN.',
    );
  }
}

export interface RedisBenchmarkFigures {
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

/**
 * `count` SETs of `valueBytes` bytes by one client (-c 1, no pipelining), so each waits for the
 * previous reply: with appendfsync always, each is one AOF write and fsync.
 */
export async function redisBenchmarkSet(port: number, count: number, valueBytes: number): Promise<RedisBenchmarkFigures> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-c', '1', '-P', '1', '-n', String(count), '-d', String(valueBytes), '-r', '1000000', '-t', 'set', '--csv'];
  const { stdout } = await promisify(execFile)(REDIS_BENCHMARK_BIN, args, { timeout: 120_000 });
  return parseCsv(stdout);
}

// "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
// "SET","2066.12","0.471","0.232","0.351","0.871","3.143","4.295"
function parseCsv(stdout: string): RedisBenchmarkFigures {
  const rows = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('"'))
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
  const header = rows.find((row) => row[0] === 'test');
  const set = rows.find((row) => row[0] === 'SET');
  const column = (name: string): number => {
    const at = header?.indexOf(name) ?? -1;
    const value = at >= 0 ? Number(set?.[at]) : NaN;
    if (!Number.isFinite(value)) throw new Error(`could not read ${name} from redis-benchmark's CSV output:\n${stdout}`);
    return value;
  };
  return { p50Ms: column('p50_latency_ms'), p99Ms: column('p99_latency_ms'), perSecond: column('rps') };
}
