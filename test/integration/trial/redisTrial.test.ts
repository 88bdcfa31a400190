// The asynchronous trial on the distributed store: a real redis-server (append-only file, fsync
// always) holds the consents, rounds, answers, versions and reads, and sealing holds there as it
// does on SQLite — including across a restart of the node on the same Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { ApiClient } from '../../helpers/caseRecordClient.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';
import { answer, openRound, seedTrialCase, startTrialCourt, TestClock } from '../../helpers/trialCase.js';

let redis: RunningRedisServer;
let server: RunningCourtServer | undefined;
let dataDir: string;

beforeAll(async () => {
  redis = await startRedisServer();
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-trial-redis-'));
});

afterAll(async () => {
  await server?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

test('on Redis, a sealed answer stays sealed (also after the node restarts) until the round reveals it', async () => {
  const clock = new TestClock(Date.parse('2026-03-02T00:00:00.000Z'));
  const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
  ({ server } = await startTrialCourt(env, clock));
  expect(server.court.store.backend).toBe('redis');
  const s = await seedTrialCase(server);
  const round = await openRound(s, clock, { exchange: 'sealed' });
  const secret = `REDIS-SEALED-${Date.now()}`;
  const first = await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, `${secret} draft`));
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, secret, { basedOnVersion: 1 }));
  await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${round.id}`));

  await server.close();
  ({ server } = await startTrialCourt(env, clock));
  // Sessions live in the store too: the same tokens carry on with the restarted node (on a new port).
  for (const role of ['judge', 'claimant', 'respondent'] as const) s.as[role] = new ApiClient(server.url, s.as[role].token);
  for (const path of [`/rounds/${round.id}`, '/timeline', '/ledger/entries']) {
    expect(JSON.stringify((await s.as.respondent.get(`/cases/${s.caseId}${path}`)).body)).not.toContain(secret);
  }
  expect((await s.as.respondent.get(`/cases/${s.caseId}/answers/${first.id}`)).body.code).toBe('ANSWER_NOT_FOUND');
  const judgeView = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
  expect(judgeView.required.map((r: any) => r.firstOpenedAt === undefined)).toEqual([true, false]);
  expect(judgeView.threads[0].answers[0]).toMatchObject({ text: secret, version: 2 });

  await s.as.respondent.ok(answer(s.as.respondent, s.caseId, round, 'the respondent’s answer'));
  const revealed = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${round.id}`));
  expect(revealed.sealed).toBe(false);
  expect(revealed.threads[0].answers.map((a: any) => a.text).sort()).toEqual([secret, 'the respondent’s answer'].sort());
  const { versions } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/answers/${first.id}/versions`));
  expect(versions.map((v: any) => v.text)).toEqual([`${secret} draft`, secret]);
  const { publicKey } = await s.as.judge.ok(s.as.judge.get('/ledger/public-key'));
  expect((await verifyExport(await exportCase(s.as.respondent, s.caseId), publicKey)).ok).toBe(true);
});
