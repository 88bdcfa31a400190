// Durable before acknowledged: the server process is killed (SIGKILL, no shutdown of any kind)
// right after writes it acknowledged, then started again on the same record. Every acknowledged
// change is there, and the ledger still verifies — with the embedded store and with Redis.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { ApiClient, fileEvidence } from '../../helpers/caseRecordClient.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';
import { acrossKillAndRestart, addStaffWithCli, type StartedProcess } from '../../helpers/serverProcess.js';

const PASSWORD = 'a long enough password';

interface Acknowledged {
  caseId: string;
  participants: string[];
  evidence: Array<{ id: string; sha256: string; bytes: Buffer }>;
  treeSize: number;
}

async function signIn(url: string): Promise<ApiClient> {
  const api = new ApiClient(url);
  api.token = (await api.ok(api.post('/sessions', { username: 'judge-crash', password: PASSWORD }))).accessToken;
  return api;
}

/** Writes as fast as acknowledgements come back, then is killed without warning. */
async function writeThenKill(server: StartedProcess): Promise<Acknowledged> {
  const judge = await signIn(server.url);
  const courtCase = await judge.ok(judge.post('/cases', { title: 'Crash test', languages: ['en', 'zh'], locale: 'en', timeZone: 'Asia/Shanghai' }));
  const acknowledged: Acknowledged = { caseId: courtCase.id, participants: [], evidence: [], treeSize: 0 };
  const claimantId = (await judge.ok(judge.post(`/cases/${courtCase.id}/participants`, { role: 'claimant', displayName: 'Zhang Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai' }))).id;
  acknowledged.participants.push(claimantId);
  const { token } = await judge.ok(judge.post(`/cases/${courtCase.id}/participants/${claimantId}/invitations`, {}));
  const claimant = new ApiClient(server.url);
  claimant.token = (await claimant.ok(claimant.post('/invitations/redeem', { token }))).accessToken;
  for (let i = 0; i < 8; i++) {
    const added = await judge.ok(
      judge.post(`/cases/${courtCase.id}/participants`, { role: 'witness', displayName: `Witness ${i}`, locale: 'en', timeZone: 'Europe/London' }),
    );
    acknowledged.participants.push(added.id);
    const bytes = Buffer.from(`%PDF-1.4 exhibit ${i} ${Date.now()}`);
    const filed = await claimant.ok(fileEvidence(claimant, courtCase.id, bytes, { title: `Exhibit ${i}`, contentType: 'application/pdf', fileName: `exhibit-${i}.pdf` }));
    acknowledged.evidence.push({ id: filed.id, sha256: filed.sha256, bytes });
  }
  acknowledged.treeSize = (await judge.ok(judge.get(`/cases/${courtCase.id}/ledger/tree-head`))).treeSize;
  server.child.kill('SIGKILL');
  await server.exited;
  return acknowledged;
}

async function expectAllThere(url: string, acknowledged: Acknowledged): Promise<void> {
  const judge = await signIn(url);
  const { participants } = await judge.ok(judge.get(`/cases/${acknowledged.caseId}/participants`));
  expect(participants.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(acknowledged.participants));
  const { evidence } = await judge.ok(judge.get(`/cases/${acknowledged.caseId}/evidence`));
  expect(evidence.map((e: { id: string }) => e.id)).toEqual(acknowledged.evidence.map((e) => e.id));
  for (const item of acknowledged.evidence) {
    const download = await judge.get(`/cases/${acknowledged.caseId}/evidence/${item.id}/content`);
    expect(createHash('sha256').update(download.body as Uint8Array).digest('hex')).toBe(item.sha256);
  }
  const head = await judge.ok(judge.get(`/cases/${acknowledged.caseId}/ledger/tree-head`));
  expect(head.treeSize).toBe(acknowledged.treeSize);
  const { publicKey } = await judge.ok(judge.get('/ledger/public-key'));
  const report = await verifyExport(await exportCase(judge, acknowledged.caseId), publicKey);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

let dataDir = '';

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-durability-'));
  await addStaffWithCli(dataDir, 'judge-crash', 'judge', 'Judge Crash', PASSWORD);
}, 120_000); // the staff CLI starts a process (tsx): slow on a busy machine

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('with the embedded store, everything acknowledged before a SIGKILL is there after a restart and the ledger verifies', async () => {
  await acrossKillAndRestart({ DATA_DIR: dataDir }, writeThenKill, expectAllThere);
}, 180_000);

describe('with Redis', () => {
  let redis: RunningRedisServer;

  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
  });

  afterAll(async () => {
    await redis?.dispose();
  });

  test('everything acknowledged before a SIGKILL is there after a restart and the ledger verifies', async () => {
    const env = { REDIS_URL: redis.url, EVIDENCE_DIR: join(dataDir, 'evidence'), DATA_DIR: dataDir };
    // beforeEach made the account in the data folder's SQLite; this node keeps its record in Redis.
    await addStaffWithCli(env, 'judge-crash', 'judge', 'Judge Crash', PASSWORD);
    await acrossKillAndRestart(env, writeThenKill, expectAllThere);
  }, 180_000);
});
