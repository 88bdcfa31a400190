// Answers over the real REST API: durable and on the ledger before acknowledged, every version
// kept, late ones refused or flagged by the round's rule, attachments of the answer's own side
// only, two tabs at once, and every kind of bad input answered with a stable code and a message
// naming the field.
import { createHash, randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { canonicalJson } from '../../../server/domain/ledger/canonicalJson.js';
import { fileEvidence, type ApiClient, type SeededCase } from '../../helpers/caseRecordClient.js';
import { answer, DAY, HOUR, openRound, roundBody, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server);
});

afterAll(async () => {
  await server?.close();
});

const ledgerEntries = async () => (await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/ledger/entries`))).entries.map((e: any) => e.entry);

function problem(response: { status: number; body: any }) {
  return { status: response.status, code: response.body.code, detail: response.body.detail };
}

test('an answer is on the ledger when acknowledged, every version is kept, and each version can be checked against its commitment', async () => {
  const round = await openRound(s, clock, { exchange: 'sequential' });
  const first = await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, '合同于2025年3月3日在杭州签订。', { language: 'zh-CN' }));
  expect(first).toMatchObject({ version: 1, language: 'zh-CN', late: false, sealed: false, forName: 'Zhang Wei', submittedByName: 'Zhang Wei' });
  clock.advance(HOUR);
  const second = await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'Signed on 3 March 2025 in Hangzhou, at the seller’s office.', { basedOnVersion: 1 }));
  expect(second).toMatchObject({ id: first.id, version: 2, firstSubmittedAt: first.submittedAt });

  const entries = (await ledgerEntries()).filter((e: any) => e.type === 'answer.submitted' && e.payload.answerId === first.id);
  expect(entries.map((e: any) => [e.seq, e.payload.version, e.payload.text])).toEqual([
    [first.ledgerSeq, 1, '合同于2025年3月3日在杭州签订。'],
    [second.ledgerSeq, 2, 'Signed on 3 March 2025 in Hangzhou, at the seller’s office.'],
  ]);
  const { versions } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/answers/${first.id}/versions`));
  expect(versions.map((v: any) => [v.version, v.text])).toEqual(entries.map((e: any) => [e.payload.version, e.payload.text]));
  for (const v of versions) {
    const content = { answerId: first.id, threadId: round.threads[0].id, for: s.participantIds.claimant, version: v.version, text: v.text, language: v.language, attachments: v.attachments };
    expect(createHash('sha256').update(canonicalJson({ ...content, nonce: v.nonce })).digest('hex')).toBe(v.commitment);
  }
  // Sequential: the other side sees it as soon as it is given.
  const thread = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${round.id}/threads/${round.threads[0].id}`));
  expect(thread.answers.map((a: any) => a.text)).toEqual([second.text]);
});

test('answers for someone else, from someone the round does not ask, to a closed round or after the deadline are refused', async () => {
  const round = await openRound(s, clock, { exchange: 'sequential', deadline: { at: new Date(clock.now().getTime() + DAY).toISOString(), timeZone: 'UTC' } });
  expect(problem(await answer(s.as.claimant, s.caseId, round, 'for her', { for: s.participantIds.respondent }))).toMatchObject({ status: 403, code: 'NOT_YOUR_ANSWER' });
  // Counsel is not asked in person, but answers for its own side's party.
  expect(problem(await answer(s.as.counsel, s.caseId, round, 'as counsel'))).toMatchObject({ status: 403, code: 'NOT_REQUIRED_IN_ROUND' });
  expect(problem(await answer(s.as.counsel, s.caseId, round, 'for the respondent', { for: s.participantIds.respondent }))).toMatchObject({ status: 403, code: 'NOT_YOUR_ANSWER' });
  const byCounsel = await s.as.counsel.ok(answer(s.as.counsel, s.caseId, round, 'On behalf of Zhang Wei: yes.', { for: s.participantIds.claimant }));
  expect(byCounsel).toMatchObject({ for: s.participantIds.claimant, forName: 'Zhang Wei', submittedByName: 'Li Na (for the claimant)' });
  expect(problem(await answer(s.as.judge, s.caseId, round, 'the court'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await s.as.claimant.post(`/cases/${s.caseId}/rounds/${round.id}/threads/${round.id}/answers`, { text: 'x', language: 'en' }))).toMatchObject({ status: 404, code: 'THREAD_NOT_FOUND' });

  clock.advance(DAY);
  expect(problem(await answer(s.as.respondent, s.caseId, round, 'late'))).toMatchObject({ status: 409, code: 'DEADLINE_PASSED', detail: expect.stringContaining('refuses late answers') });
  expect(problem(await answer(s.as.claimant, s.caseId, round, 'changed after the deadline', { basedOnVersion: 1 }))).toMatchObject({ status: 409, code: 'DEADLINE_PASSED' });
  clock.advance(-DAY);
});

test('a round that accepts late answers takes them, flagged, until its late window ends; a late answer cannot be changed', async () => {
  const round = await openRound(s, clock, { exchange: 'sequential', late: { rule: 'acceptFlagged', windowHours: 12 }, deadline: { at: new Date(clock.now().getTime() + DAY).toISOString(), timeZone: 'UTC' } });
  expect(round.late).toEqual({ rule: 'acceptFlagged', windowMinutes: 720 });
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'on time'));
  clock.advance(DAY + HOUR);
  const late = await s.as.respondent.ok(answer(s.as.respondent, s.caseId, round, 'sorry, late'));
  expect(late).toMatchObject({ late: true, version: 1 });
  const entry = (await ledgerEntries()).find((e: any) => e.payload?.answerId === late.id);
  expect(entry.payload).toMatchObject({ late: true, text: 'sorry, late' });
  expect(problem(await answer(s.as.respondent, s.caseId, round, 'fixed', { basedOnVersion: 1 }))).toMatchObject({ status: 409, code: 'DEADLINE_PASSED' });
  const judgeView = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
  expect(judgeView.threads[0].answers.map((a: any) => [a.forName, a.late])).toEqual([
    ['Zhang Wei', false],
    ['Ana Silva', true],
  ]);
  clock.advance(12 * HOUR);
  expect((await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`))).status).toBe('closed');
  clock.advance(-(DAY + 13 * HOUR));
});

test('answers racing the court closing the round: each acknowledged answer is on the ledger before the close, each after it is refused ROUND_CLOSED', async () => {
  const round = await openRound(s, clock, { exchange: 'sequential' });
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'first'));
  const edits = Array.from({ length: 12 }, (_, i) => answer(s.as.claimant, s.caseId, round, `edit ${i}`));
  const close = s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/close`, { reason: 'enough has been said' }));
  const [outcomes] = await Promise.all([Promise.all(edits), close]);
  const entries = await ledgerEntries();
  const closedAt = entries.find((e: any) => e.type === 'round.closed' && e.payload.roundId === round.id).seq;
  const given = entries.filter((e: any) => e.type === 'answer.submitted' && e.payload.roundId === round.id);
  for (const outcome of outcomes) {
    if (outcome.status === 201) expect(outcome.body.ledgerSeq).toBeLessThan(closedAt);
    else expect(problem(outcome)).toMatchObject({ status: 409, code: 'ROUND_CLOSED' });
  }
  // Nothing half-written: every acknowledged edit is a version, and no entry follows the close.
  expect(given.map((e: any) => e.seq).every((seq: number) => seq < closedAt)).toBe(true);
  expect(given.length).toBe(1 + outcomes.filter((o) => o.status === 201).length);
});

test("an answer attaches its own side's evidence of this case that is still on the record, and nothing else", async () => {
  const round = await openRound(s, clock, { exchange: 'sequential' });
  const file = async (as: ApiClient, caseId = s.caseId): Promise<string> => {
    const filed = await fileEvidence(as, caseId, Buffer.from(`exhibit ${randomUUID()}`), { title: 'exhibit' });
    if (filed.status !== 201) throw new Error(`set-up: filing failed: ${filed.status} ${JSON.stringify(filed.body)}`);
    return filed.body.id;
  };
  const mine = await file(s.as.claimant);
  const counsels = await file(s.as.counsel);
  const theirs = await file(s.as.respondent);
  const withdrawn = await file(s.as.claimant);
  await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/evidence/${withdrawn}/withdrawal`, { reason: 'filed in error' }));
  const other = await seedTrialCase(server);
  const foreign = await file(other.as.claimant, other.caseId);

  expect(problem(await answer(s.as.claimant, s.caseId, round, 'see attached', { attachments: [theirs] }))).toMatchObject({ status: 403, code: 'NOT_YOUR_EVIDENCE', detail: expect.stringContaining('body.attachments') });
  expect(problem(await answer(s.as.claimant, s.caseId, round, 'see attached', { attachments: [foreign] }))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await answer(s.as.claimant, s.caseId, round, 'see attached', { attachments: [withdrawn] }))).toMatchObject({ status: 409, code: 'EVIDENCE_ALREADY_WITHDRAWN' });
  expect(problem(await answer(s.as.claimant, s.caseId, round, 'see attached', { attachments: [mine, mine] }))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining('body.attachments') });
  const attached = await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'see attached', { attachments: [mine, counsels] }));
  expect(attached.attachments).toEqual([mine, counsels]);
  // Nothing refused was written: one version only.
  expect((await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/answers/${attached.id}/versions`))).versions).toHaveLength(1);
});

test('two tabs answering at once: both are kept as versions; a tab editing a version that has moved on is told RECORD_CHANGED', async () => {
  const round = await openRound(s, clock, { exchange: 'sequential' });
  const [a, b] = await Promise.all([answer(s.as.respondent, s.caseId, round, 'from tab A'), answer(s.as.respondent, s.caseId, round, 'from tab B')]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect([a.body.version, b.body.version].sort()).toEqual([1, 2]);
  const [c, d] = await Promise.all([
    answer(s.as.respondent, s.caseId, round, 'edit in tab A', { basedOnVersion: 2 }),
    answer(s.as.respondent, s.caseId, round, 'edit in tab B', { basedOnVersion: 2 }),
  ]);
  expect([c.status, d.status].sort()).toEqual([201, 409]);
  expect([c, d].find((r) => r.status === 409)!.body.code).toBe('RECORD_CHANGED');
  const { versions } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/answers/${a.body.id}/versions`));
  expect(versions.map((v: any) => v.version)).toEqual([1, 2, 3]);
  const onLedger = (await ledgerEntries()).filter((e: any) => e.payload?.answerId === a.body.id);
  expect(onLedger.map((e: any) => e.payload.text)).toEqual(versions.map((v: any) => v.text));
});

describe('bad input is refused with a stable code and a message naming the field', () => {
  let round: any;
  beforeAll(async () => {
    round = await openRound(s, clock, { exchange: 'sequential' });
  });
  const post = (body: unknown) => s.as.claimant.call('POST', `/cases/${s.caseId}/rounds/${round.id}/threads/${round.threads[0].id}/answers`, body);

  test.each([
    ['no text', { language: 'en' }, 'body.text: the answer text is required'],
    ['empty text', { text: '   ', language: 'en' }, 'body.text: the answer text is required'],
    ['oversized text', { text: 'x'.repeat(16_001), language: 'en' }, 'body.text: the answer text is at most 16000 characters'],
    ['a control character', { text: 'a\u0007b', language: 'en' }, 'body.text: the answer text may not contain control characters'],
    ['no language', { text: 'yes' }, 'body.language: language is required'],
    ['a bad language tag', { text: 'yes', language: 'english please' }, 'body.language: language is a BCP 47 tag'],
    ['an attachment that is no id', { text: 'yes', language: 'en', attachments: ['exhibit-1'] }, 'body.attachments.0: an attachment is an id'],
    ['an unknown field', { text: 'yes', language: 'en', sealed: false }, 'body: Unrecognized key: "sealed"'],
    ['a version that is no number', { text: 'yes', language: 'en', basedOnVersion: 'latest' }, 'body.basedOnVersion'],
  ])('an answer with %s', async (_what, body, detail) => {
    const response = await post(body);
    expect(problem(response)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining(detail) });
  });

  test('a body over 64 kB is refused with PAYLOAD_TOO_LARGE, and not JSON with INVALID_PAYLOAD', async () => {
    expect(problem(await post(JSON.stringify({ text: '字'.repeat(30_000), language: 'zh' })))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(problem(await post('{"text": '))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
  });

  test.each([
    ['no questions', { questions: undefined }, 'body.questions: questions is required'],
    ['an empty question', { questions: [{ text: '', language: 'en' }] }, 'body.questions.0.text: a question is required'],
    ['nobody to answer', { required: [] }, 'body.required: name at least one participant who must answer'],
    ['a stage that is not one', { stage: 'cross' }, 'body.stage: stage is one of investigation, evidenceExamination, debate, finalStatements'],
    ['a deadline given twice', { deadline: { at: '2026-03-10T00:00:00Z', local: '2026-03-10T08:00', timeZone: 'UTC' } }, 'body.deadline: give either'],
    ['a deadline without its zone', { deadline: { local: '2026-03-10T08:00' } }, 'body.deadline.timeZone: timeZone is required'],
    ['a deadline in the past', { deadline: { at: '2026-03-01T00:00:00Z', timeZone: 'UTC' } }, 'deadline: 2026-03-01T00:00:00.000Z is not in the future'],
    ['a late window for a refusing round', { late: { rule: 'refuse', windowHours: 3 } }, 'body.late: late.windowHours applies only to acceptFlagged'],
    ['an exchange rule that is not one', { exchange: 'open' }, "body.exchange: exchange is 'sequential'"],
  ])('a round with %s', async (_what, change, detail) => {
    const response = await s.as.judge.post(`/cases/${s.caseId}/rounds`, { ...roundBody(s, clock), ...change });
    expect(problem(response)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining(detail) });
  });

  test('a round asking the judge or a stranger to answer', async () => {
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/rounds`, roundBody(s, clock, { required: [s.participantIds.judge] })))).toMatchObject({ status: 400, detail: expect.stringContaining('body.required.0') });
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/rounds`, roundBody(s, clock, { required: ['00000000-0000-4000-8000-000000000000'] })))).toMatchObject({ status: 404, code: 'PARTICIPANT_NOT_FOUND' });
  });

  test('requests and decisions without their reasons or deadline, and consent withdrawn without a reason', async () => {
    expect(problem(await s.as.claimant.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests`, {}))).toMatchObject({ status: 400, detail: expect.stringContaining('body.reason: a reason is required') });
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${round.id}/decision`, { grant: true }))).toMatchObject({ status: 400, detail: expect.stringContaining('body.deadline: a grant sets the new deadline') });
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${round.id}/decision`, { grant: false }))).toMatchObject({ status: 400, detail: expect.stringContaining('body.reason: a denial says why') });
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${round.id}/decision`, { grant: false, reason: 'no' }))).toMatchObject({ status: 404, code: 'EXTENSION_NOT_FOUND' });
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, { deadline: { addDays: 0 } }))).toMatchObject({ status: 400, detail: expect.stringContaining('body.deadline.addDays: addDays is at least 1') });
    expect(problem(await s.as.claimant.post(`/cases/${s.caseId}/trial/consent/withdrawal`, {}))).toMatchObject({ status: 400, detail: expect.stringContaining('body.reason') });
    expect(problem(await s.as.claimant.get(`/cases/${s.caseId}/rounds/not-a-round`))).toMatchObject({ status: 400, detail: expect.stringContaining('path.roundId') });
  });
});
