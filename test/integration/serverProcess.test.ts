// The server as an operator runs it: a process started from the command line, probed over
// HTTP, stopped with SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignallingClient } from '../helpers/courtHarness.js';
import { ApiClient } from '../helpers/caseRecordClient.js';
import { addStaffWithCli, startServerProcess } from '../helpers/serverProcess.js';

// Each test starts processes (the production build, dist/): slow when the machine is busy.
const PROCESS_TEST_MS = 180_000;

let dataDir = '';

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-process-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function exitOf(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return startServerProcess(env).then(
    () => ({ code: -1, output: 'started' }),
    (error: Error) => ({ code: Number(/exited \((\d+)\)/.exec(error.message)?.[1]), output: error.message }),
  );
}

test('a started server answers /healthz and /readyz', async () => {
  const server = await startServerProcess({ DATA_DIR: dataDir });
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
}, PROCESS_TEST_MS);

test('a staff account the CLI adds while the server runs (another process on the same SQLite file) can sign in at once', async () => {
  await addStaffWithCli(dataDir, 'clerk-wu', 'clerk', 'Clerk Wu', 'a long enough password');
  const server = await startServerProcess({ DATA_DIR: dataDir });
  try {
    const api = new ApiClient(server.url);
    const signIn = (username: string) => api.post('/sessions', { username, password: 'a long enough password' });
    // The server has read the store since it started; an account unknown to it a moment ago is
    // found once the CLI has written it.
    expect((await signIn('clerk-wu')).status).toBe(201);
    expect((await signIn('judge-new')).status).toBe(401);
    await addStaffWithCli(dataDir, 'judge-new', 'judge', 'Judge New', 'a long enough password');
    expect((await signIn('judge-new')).status).toBe(201);
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}, PROCESS_TEST_MS);

test('on SIGTERM the server tells every client it is shutting down, closes its workers and exits 0', async () => {
  await addStaffWithCli(dataDir, 'judge-li', 'judge', 'Judge Li', 'a long enough password');
  const server = await startServerProcess({ DATA_DIR: dataDir });
  const api = new ApiClient(server.url);
  api.token = (await api.ok(api.post('/sessions', { username: 'judge-li', password: 'a long enough password' }))).accessToken;
  const courtCase = await api.ok(api.post('/cases', { title: 'Shutdown', languages: ['en'], locale: 'en', timeZone: 'UTC' }));
  const hearing = await api.ok(api.post(`/cases/${courtCase.id}/hearings`, { title: 'Final hearing', start: new Date().toISOString(), durationMinutes: 60, timeZone: 'UTC' }));
  const client = await SignallingClient.connect(server.url, api.token);
  await client.request('hearing:join', { hearingId: hearing.id });
  const told = client.next('server:shutdown');
  const disconnected = new Promise((r) => client.socket.once('disconnect', r));
  server.child.kill('SIGTERM');
  await expect(told).resolves.toMatchObject({ code: 'SERVER_SHUTTING_DOWN', reason: expect.stringContaining('SIGTERM') });
  await disconnected;
  await expect(server.exited).resolves.toBe(0);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
}, PROCESS_TEST_MS);

test('a bad environment variable stops the server at start with a message naming it', async () => {
  const { code, output } = await exitOf({ DATA_DIR: dataDir, PORT: 'eighty', MEDIA_WORKERS: 'many' });
  expect(code).toBe(78);
  expect(output).toContain('PORT="eighty"');
  expect(output).toContain('MEDIA_WORKERS="many"');
}, PROCESS_TEST_MS);
