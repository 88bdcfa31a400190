// Cross-examination, claims and timed answer windows on the distributed store: a real redis-server
// (append-only file, fsync always) holds the threads, the claims and answers, and the openings of
// timed questions, and the court reads them back — the analysis too — after the node restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { ApiClient, fileEvidence } from '../../helpers/caseRecordClient.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';
import { answer, openRound, seedTrialCase, startTrialCourt, TestClock } from '../../helpers/trialCase.js';

let redis: RunningRedisServer;
let server: RunningCourtServer | undefined;
let dataDir: string;

beforeAll(async () => {
  redis = await startRedisServer();
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-claims-redis-'));
});

afterAll(async () => {
  await server?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

test('on Redis, cross-examination, claims with their analysis, and timed windows are kept, and hold after the node restarts', async () => {
  const clock = new TestClock(Date.parse('2026-03-02T00:00:00.000Z'));
  const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
  ({ server } = await startTrialCourt(env, clock));
  expect(server.court.store.backend).toBe('redis');
  const s = await seedTrialCase(server);

  const filed = await fileEvidence(s.as.claimant, s.caseId, Buffer.from(`invoice ${randomUUID()}`), { title: 'Invoice 18' });
  const evidenceId = filed.body.id;
  const opinion = {
    kind: 'opinion',
    language: 'en',
    opinion: { authenticity: { stance: 'dispute', reasons: 'unsigned' }, legality: { stance: 'accept', reasons: 'ordinary invoice' }, relevance: { stance: 'accept', reasons: 'the shipment in dispute' } },
  };
  await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/evidence/${evidenceId}/cross-examination`, opinion));
  const { claims } = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/claims`, { claims: [{ text: 'Invoice 18 is unpaid.', language: 'en' }, { text: 'The goods arrived.', language: 'en' }] }));
  await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/claims/${claims[0].id}/answers`, { position: 'deny', reasons: 'Paid in April.', language: 'en' }));
  await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/claims/${claims[1].id}/answers`, { position: 'admit', language: 'en' }));
  const round = await openRound(s, clock, { exchange: 'sealed', required: [s.participantIds.witness], questions: [{ text: 'Who paid?', language: 'en', answerWindowMinutes: 15 }] });
  const opened = await s.as.witness.ok(s.as.witness.post(`/cases/${s.caseId}/rounds/${round.id}/threads/${round.threads[0].id}/window`, {}));

  await server.close();
  ({ server } = await startTrialCourt(env, clock));
  for (const role of ['judge', 'claimant', 'respondent', 'witness'] as const) s.as[role] = new ApiClient(server.url, s.as[role].token);

  const thread = await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/evidence/${evidenceId}/cross-examination`));
  expect(thread.summary).toMatchObject({ disputed: ['authenticity'], awaiting: [] });
  const analysis = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/claims/analysis`));
  expect(analysis.issuesInDispute.map((i: any) => [i.number, i.kind])).toEqual([[1, 'denied']]);
  expect(analysis.undisputedFacts.map((f: any) => f.text)).toEqual(['The goods arrived.']);
  // The window opened before the restart still runs from that opening.
  clock.advance(5 * 60_000);
  const given = await s.as.witness.ok(answer(s.as.witness, s.caseId, round, 'The buyer’s bank.'));
  expect(given.window).toMatchObject({ openedAt: opened.answerWindow.yours.openedAt, outside: false });
});
