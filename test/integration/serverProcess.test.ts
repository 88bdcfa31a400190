// The server as an operator runs it: a process started from the command line, probed over
// HTTP, stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { SignallingClient } from '../helpers/courtHarness.js';

interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function startServerProcess(env: Record<string, string>): Promise<StartedProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
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

function exitOf(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return startServerProcess(env).then(
    () => ({ code: -1, output: 'started' }),
    (error: Error) => ({ code: Number(/exited \((\d+)\)/.exec(error.message)?.[1]), output: error.message }),
  );
}

test('a started server answers /healthz and /readyz', async () => {
  const server = await startServerProcess({});
  try {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const missing = await fetch(`${server.url}/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
});

test('on SIGTERM the server tells every client it is shutting down, closes its workers and exits 0', async () => {
  const server = await startServerProcess({});
  const client = await SignallingClient.connect(server.url, 'Judge Li');
  await client.request('hearing:join', { roomId: 'shutdown' });
  const told = client.next('server:shutdown');
  const disconnected = new Promise((r) => client.socket.once('disconnect', r));
  server.child.kill('SIGTERM');
  await expect(told).resolves.toMatchObject({ code: 'SERVER_SHUTTING_DOWN', reason: expect.stringContaining('SIGTERM') });
  await disconnected;
  await expect(server.exited).resolves.toBe(0);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
});

test('a bad environment variable stops the server at start with a message naming it', async () => {
  const { code, output } = await exitOf({ PORT: 'eighty', MEDIA_WORKERS: 'many' });
  expect(code).toBe(78);
  expect(output).toContain('PORT="eighty"');
  expect(output).toContain('MEDIA_WORKERS="many"');
});
