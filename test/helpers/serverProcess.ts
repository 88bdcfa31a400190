// The server as an operator runs it: the production build (`npm run build:server`, which `npm
// test` runs first) in its own process, and the staff CLI against the same data folder. For tests
// of start-up, shutdown and crashes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** The production build's entry point (package.json's `start`). */
const SERVER_MAIN = 'dist/server/main.js';

export function startServerProcess(env: Record<string, string>): Promise<StartedProcess> {
  if (!existsSync(SERVER_MAIN)) return Promise.reject(new Error(`${SERVER_MAIN} is missing: run "npm run build:server" (npm test does) before these tests`));
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_MAIN], {
    env: { ...process.env, PORT: '0', MEDIA_PORT: '0', MEDIA_WORKERS: '1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open (http:\/\/\S+) in a browser/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
}

/**
 * Runs `npm run staff -- add …` against a record store (a data folder, or the environment the
 * server gets: REDIS_URL…); throws with its output if it fails. Asynchronous, so that the test's
 * own connections to a running server keep being served meanwhile.
 */
export async function addStaffWithCli(store: string | Record<string, string>, username: string, role: string, name: string, password: string): Promise<void> {
  const storeEnv = typeof store === 'string' ? { DATA_DIR: store } : store;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/staffAccounts.ts', 'add', '--username', username, '--role', role, '--name', name], {
    env: { ...process.env, ...storeEnv, CROSSCOURT_STAFF_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (status !== 0) throw new Error(`staff CLI failed (${status}): ${output}`);
}

/**
 * A crash and a restart on the same storage: `writeThenKill` works against a server process and
 * SIGKILLs it; a new process starts with the same environment and `check` looks at what it has.
 */
export async function acrossKillAndRestart<T>(env: Record<string, string>, writeThenKill: (server: StartedProcess) => Promise<T>, check: (url: string, written: T) => Promise<void>): Promise<void> {
  const written = await writeThenKill(await startServerProcess(env));
  const restarted = await startServerProcess(env);
  try {
    await check(restarted.url, written);
  } finally {
    restarted.child.kill('SIGKILL');
    await restarted.exited;
  }
}
