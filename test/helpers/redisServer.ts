// Starts a real redis-server (rule 6) on a free loopback port in a temporary folder, for
// beforeAll/afterAll. Nothing is shared with any other Redis on the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface RedisServerOptions {
  /** The append-only file (default true), fsynced per appendfsync (default 'always'). */
  appendonly?: boolean;
  appendfsync?: 'always' | 'everysec' | 'no';
}

export interface RunningRedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /**
   * Stops the server (SIGTERM, then SIGKILL after 5 s; or SIGKILL at once, as a crash) and keeps
   * the folder, so a server can be started on it again with startRedisServerIn.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscourt-redis-'));
  try {
    return await startRedisServerIn(dir, options);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts a redis-server in an existing folder (to restart on the data a stopped one left). */
export async function startRedisServerIn(dir: string, options: RedisServerOptions = {}): Promise<RunningRedisServer> {
  // A port may be taken between choosing and binding it; try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      REDIS_SERVER_BIN,
      [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--dir', dir,
        '--appendonly', options.appendonly === false ? 'no' : 'yes',
        '--appendfsync', options.appendfsync ?? 'always',
        '--save', '',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitForPing(url, child, () => output);
    } catch (error) {
      lastError = error;
      await stopProcess(child);
      continue;
    }
    const stop = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => stopProcess(child, signal);
    return {
      url,
      port,
      dir,
      stop,
      dispose: async () => {
        await stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  throw lastError;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}) before answering PING:\n${output()}`);
    }
    const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => {});
    try {
      await client.connect();
      const pong = await client.ping();
      client.destroy();
      if (pong === 'PONG') return;
    } catch {
      client.destroy();
    }
    if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer PING within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopProcess(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
