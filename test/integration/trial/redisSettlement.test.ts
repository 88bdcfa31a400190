// Stages of dispute resolution on the distributed store: on a real redis-server, a mediator's
// caucus stays private to its side, offers and a counter-offer are exchanged, and the accepted
// offer settles the case — closed as settled, the caucus closed with it — and all of that holds
// after the node restarts on the same Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { ApiClient } from '../../helpers/caseRecordClient.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';
import { answer, roundBody, seedTrialCase, startTrialCourt, TestClock } from '../../helpers/trialCase.js';

let redis: RunningRedisServer;
let server: RunningCourtServer | undefined;
let dataDir: string;

beforeAll(async () => {
  redis = await startRedisServer();
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-settlement-redis-'));
});

afterAll(async () => {
  await server?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

test('on Redis, a caucus stays with its side and an accepted counter-offer settles the case, also after the node restarts', async () => {
  const clock = new TestClock(Date.parse('2026-03-02T00:00:00.000Z'));
  const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
  ({ server } = await startTrialCourt(env, clock));
  expect(server.court.store.backend).toBe('redis');
  const s = await seedTrialCase(server, 'mediation');
  const secret = `REDIS-CAUCUS-${randomUUID()}`;
  const caucus = await s.as.mediator.ok(
    s.as.mediator.post(`/cases/${s.caseId}/rounds`, { ...roundBody(s, clock, { exchange: 'sequential', required: [s.participantIds.respondent] }), privateTo: 'respondent' }),
  );
  await s.as.respondent.ok(answer(s.as.respondent, s.caseId, caucus, secret));
  const offered = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/offers`, { text: 'Pay 100,000 CNY', language: 'en', amount: '100000', currency: 'CNY' }));
  const countered = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/offers/${offered.open}/counter`, { text: 'Pay 80,000 CNY', language: 'en', amount: '80000', currency: 'CNY' }));
  const settled = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/offers/${countered.open}/accept`, {}));
  expect(settled.settlement).toMatchObject({ stage: 'mediation', offerId: countered.open });

  await server.close();
  ({ server } = await startTrialCourt(env, clock));
  for (const role of ['mediator', 'claimant', 'respondent', 'judge'] as const) s.as[role] = new ApiClient(server.url, s.as[role].token);
  expect((await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}`))).case.settlement).toEqual(settled.settlement);
  expect((await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/offers`))).offers.map((o: any) => o.status)).toEqual(['countered', 'accepted']);
  expect((await s.as.claimant.get(`/cases/${s.caseId}/rounds/${caucus.id}`)).body.code).toBe('ROUND_NOT_FOUND');
  for (const path of ['/rounds', '/timeline', '/ledger/entries']) expect(JSON.stringify((await s.as.claimant.get(`/cases/${s.caseId}${path}`)).body)).not.toContain(secret);
  const own = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${caucus.id}`));
  expect(own).toMatchObject({ status: 'closed', closedBecause: 'settled', threads: [{ answers: [{ text: secret }] }] });
  const again = await s.as.respondent.post(`/cases/${s.caseId}/offers`, { text: 'one more', language: 'en' });
  expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CASE_SETTLED' });
  // Two nodes started in turn and a case seeded in every role: longer than one request's test.
}, 120_000);
