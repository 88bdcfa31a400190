// Cross-examination of evidence over the real REST API and socket.io: the opposing side states its
// view of authenticity, legality and relevance with reasons, the filing side replies, the court
// puts questions that the side asked answers — each post durable, on the ledger and on the item's
// chain of custody — and every refusal (wrong side, another case's or an unknown item, sealed or
// withdrawn evidence, bad bodies, no consent) leaves nothing stored.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { fileEvidence, type ApiClient, type SeededCase } from '../../helpers/caseRecordClient.js';
import { openRound, PushLog, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;
const logs: Record<string, PushLog> = {};

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server);
  for (const role of ['claimant', 'judge', 'witness'] as const) logs[role] = await PushLog.connect(server, s.as[role], s.participantIds[role]);
});

afterAll(async () => {
  for (const log of Object.values(logs)) log.close();
  await server?.close();
});

function problem(response: { status: number; body: any }) {
  return { status: response.status, code: response.body.code, detail: response.body.detail };
}

async function file(as: ApiClient, caseId = s.caseId): Promise<string> {
  const filed = await fileEvidence(as, caseId, Buffer.from(`exhibit ${randomUUID()}`), { title: 'Bill of lading' });
  if (filed.status !== 201) throw new Error(`set-up: filing failed: ${filed.status} ${JSON.stringify(filed.body)}`);
  return filed.body.id;
}

const OPINION = {
  kind: 'opinion',
  language: 'en',
  opinion: {
    authenticity: { stance: 'accept', reasons: 'The carrier’s stamp matches its register.' },
    legality: { stance: 'accept', reasons: 'It was obtained from the carrier.' },
    relevance: { stance: 'dispute', reasons: 'It concerns shipment 17, not shipment 18 in dispute.' },
  },
};

const path = (evidenceId: string, caseId = s.caseId) => `/cases/${caseId}/evidence/${evidenceId}/cross-examination`;
const post = (as: ApiClient, evidenceId: string, body: unknown) => as.post(path(evidenceId), body);
const ledgerEntries = async () => (await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/ledger/entries`))).entries.map((e: any) => e.entry);

test('the opposing side states its view of authenticity, legality and relevance with reasons: durable, on the ledger and on the chain of custody as cross-examined', async () => {
  const evidenceId = await file(s.as.claimant);
  const thread = await s.as.respondent.ok(post(s.as.respondent, evidenceId, OPINION));
  expect(thread).toMatchObject({ evidenceId, filingSide: 'claimant', withdrawn: false });
  expect(thread.posts).toEqual([expect.objectContaining({ kind: 'opinion', side: 'respondent', byName: 'Ana Silva', opinion: OPINION.opinion })]);
  expect(thread.summary).toEqual({ opinions: [expect.objectContaining({ side: 'respondent', postId: thread.posts[0].id })], disputed: ['relevance'], awaiting: [] });

  const entry = (await ledgerEntries()).find((e: any) => e.type === 'evidence.crossExamined' && e.payload.postId === thread.posts[0].id);
  expect(entry).toMatchObject({ seq: thread.posts[0].ledgerSeq, payload: { evidenceId, kind: 'opinion', side: 'respondent', opinion: OPINION.opinion } });
  const { lines } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/evidence/${evidenceId}/custody`));
  expect(lines.map((l: any) => l.event)).toEqual(['filed', 'crossExamined']);
  expect(lines[1]).toMatchObject({ ledgerSeq: entry.seq, actorName: 'Ana Silva', detail: 'opinion of the respondent: authenticity accepted, legality accepted, relevance disputed' });

  // Everyone who reads the thread is told; a witness, who does not, is not.
  expect((await logs.claimant!.next('evidence:crossExamined', (e) => e.crossExamination.evidenceId === evidenceId)).crossExamination.posts).toHaveLength(1);
  await logs.judge!.next('evidence:crossExamined', (e) => e.crossExamination.evidenceId === evidenceId);
  expect(logs.witness!.events.some((e) => e.event === 'evidence:crossExamined')).toBe(false);
  expect(await s.as.claimant.ok(s.as.claimant.get(path(evidenceId)))).toEqual(thread);
});

test('the filing side replies, and the court puts a question in the thread that only the side it is put to answers', async () => {
  const evidenceId = await file(s.as.counsel);
  const opinion = (await s.as.respondent.ok(post(s.as.respondent, evidenceId, OPINION))).posts[0];
  const reply = await s.as.claimant.ok(post(s.as.claimant, evidenceId, { kind: 'reply', text: 'Shipment 17 and 18 sailed on one bill of lading.', language: 'en', inReplyTo: opinion.id }));
  expect(reply.posts[1]).toMatchObject({ kind: 'reply', side: 'claimant', inReplyTo: opinion.id });
  const asked = await s.as.judge.ok(post(s.as.judge, evidenceId, { kind: 'question', text: 'Who holds the original bill?', language: 'en', to: 'respondent' }));
  const question = asked.posts[2];
  expect(question).toMatchObject({ kind: 'question', to: 'respondent', role: 'judge' });
  expect(question.side).toBeUndefined();
  expect(problem(await post(s.as.claimant, evidenceId, { kind: 'answer', text: 'We do.', language: 'en', inReplyTo: question.id }))).toMatchObject({ status: 403, code: 'NOT_ADDRESSED_TO_YOU' });
  const answered = await s.as.respondent.ok(post(s.as.respondent, evidenceId, { kind: 'answer', text: 'The carrier holds it in Santos.', language: 'pt-BR', inReplyTo: question.id }));
  expect(answered.posts.map((p: any) => [p.kind, p.side ?? 'court'])).toEqual([
    ['opinion', 'respondent'],
    ['reply', 'claimant'],
    ['question', 'court'],
    ['answer', 'respondent'],
  ]);
  const { lines } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/evidence/${evidenceId}/custody`));
  expect(lines.filter((l: any) => l.event === 'crossExamined').map((l: any) => l.detail)).toEqual([
    'opinion of the respondent: authenticity accepted, legality accepted, relevance disputed',
    'reply of the claimant',
    'question of the court to the respondent',
    'answer of the respondent to a question of the court',
  ]);
  const { items } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/cross-examinations`));
  expect(items.find((i: any) => i.evidenceId === evidenceId).summary.disputed).toEqual(['relevance']);
});

test('the filing side cannot give the opposing view, the opposing side cannot reply, only the presiding role asks, and nothing refused is stored', async () => {
  const evidenceId = await file(s.as.claimant);
  const sizeBefore = (await ledgerEntries()).length;
  expect(problem(await post(s.as.claimant, evidenceId, OPINION))).toMatchObject({ status: 403, code: 'NOT_OPPOSING_PARTY' });
  expect(problem(await post(s.as.counsel, evidenceId, OPINION))).toMatchObject({ status: 403, code: 'NOT_OPPOSING_PARTY' });
  expect(problem(await post(s.as.respondent, evidenceId, { kind: 'reply', text: 'no', language: 'en' }))).toMatchObject({ status: 403, code: 'NOT_FILING_PARTY' });
  expect(problem(await post(s.as.respondent, evidenceId, { kind: 'answer', text: 'no', language: 'en', inReplyTo: randomUUID() }))).toMatchObject({ status: 404, code: 'POST_NOT_FOUND' });
  expect(problem(await post(s.as.witness, evidenceId, OPINION))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await post(s.as.respondent, evidenceId, { kind: 'question', text: 'why?', language: 'en' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  // In trial the judge presides, not the arbitrator.
  expect(problem(await post(s.as.arbitrator, evidenceId, { kind: 'question', text: 'why?', language: 'en' }))).toMatchObject({ status: 403, code: 'NOT_PRESIDING' });
  expect(problem(await s.as.witness.get(path(evidenceId)))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect((await s.as.judge.ok(s.as.judge.get(path(evidenceId)))).posts).toEqual([]);
  expect((await ledgerEntries()).length).toBe(sizeBefore);
  const { lines } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/evidence/${evidenceId}/custody`));
  expect(lines.map((l: any) => l.event)).not.toContain('crossExamined');
});

test("another case's evidence and unknown ids are not found; withdrawn evidence is not examined; the other side's sealed evidence does not exist", async () => {
  const other = await seedTrialCase(server);
  const foreign = await file(other.as.claimant, other.caseId);
  expect(problem(await post(s.as.respondent, foreign, OPINION))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await s.as.respondent.get(path(foreign)))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await post(s.as.respondent, randomUUID(), OPINION))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await post(s.as.respondent, 'exhibit-1', OPINION))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining('path.evidenceId') });
  expect((await other.as.judge.ok(other.as.judge.get(path(foreign, other.caseId)))).posts).toEqual([]);

  const withdrawn = await file(s.as.claimant);
  await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/evidence/${withdrawn}/withdrawal`, { reason: 'filed in error' }));
  expect(problem(await post(s.as.respondent, withdrawn, OPINION))).toMatchObject({ status: 409, code: 'EVIDENCE_ALREADY_WITHDRAWN' });

  const round = await openRound(s, clock, { exchange: 'sealed' });
  const query = new URLSearchParams({ title: 'sealed statement', language: 'en', fileName: 'statement.txt' });
  const sealed = await fetch(`${server.url}/api/cases/${s.caseId}/rounds/${round.id}/evidence?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.as.claimant.token}`, 'content-type': 'text/plain' },
    body: Buffer.from(`sealed ${randomUUID()}`),
  }).then(async (r) => (await r.json()) as any);
  expect(problem(await post(s.as.respondent, sealed.id, OPINION))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await s.as.respondent.get(path(sealed.id)))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await post(s.as.judge, sealed.id, { kind: 'question', text: 'What is it?', language: 'en' }))).toMatchObject({ status: 409, code: 'EVIDENCE_SEALED' });
  const { items } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/cross-examinations`));
  expect(items.map((i: any) => i.evidenceId)).not.toContain(sealed.id);
});

describe('bad bodies are refused with a stable code and a message naming the field', () => {
  let evidenceId: string;
  beforeAll(async () => {
    evidenceId = await file(s.as.claimant);
  });
  const withPoint = (point: string, value: unknown) => ({ ...OPINION, opinion: { ...OPINION.opinion, [point]: value } });

  test.each([
    ['no kind', { language: 'en', text: 'x' }, "body.kind: kind is 'opinion', 'reply', 'question' or 'answer'"],
    ['an empty reason', withPoint('legality', { stance: 'dispute', reasons: '  ' }), 'body.opinion.legality.reasons: the reasons for legality is required'],
    ['a point left out', withPoint('relevance', undefined), 'body.opinion.relevance'],
    ['a stance that is not one', withPoint('authenticity', { stance: 'maybe', reasons: 'x' }), "body.opinion.authenticity.stance: authenticity.stance is 'accept' or 'dispute'"],
    ['oversized reasons', withPoint('authenticity', { stance: 'accept', reasons: 'x'.repeat(8001) }), 'at most 8000 characters'],
    ['an answer to nothing', { kind: 'answer', text: 'x', language: 'en' }, 'body.inReplyTo'],
    ['an unknown field', { ...OPINION, verdict: 'guilty' }, 'Unrecognized key: "verdict"'],
  ])('a post with %s', async (_what, body, detail) => {
    expect(problem(await post(s.as.respondent, evidenceId, body))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining(detail) });
  });

  test('a body over 64 kB is refused with PAYLOAD_TOO_LARGE, and nothing is stored', async () => {
    const huge = JSON.stringify(withPoint('relevance', { stance: 'dispute', reasons: '字'.repeat(30_000) }));
    expect(problem(await s.as.respondent.call('POST', path(evidenceId), huge))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect((await s.as.judge.ok(s.as.judge.get(path(evidenceId)))).posts).toEqual([]);
  });
});

test('cross-examination through the platform needs every party’s consent to the asynchronous trial', async () => {
  const live = await seedTrialCase(server, 'trial', false);
  const evidenceId = await file(live.as.claimant, live.caseId);
  expect(problem(await live.as.respondent.post(path(evidenceId, live.caseId), OPINION))).toMatchObject({ status: 409, code: 'CONSENT_REQUIRED' });
  expect((await live.as.judge.ok(live.as.judge.get(path(evidenceId, live.caseId)))).posts).toEqual([]);
});
