// Timed answer windows over the real REST API and socket.io: a witness question the court wants
// answered within 15 minutes of the witness first opening it. Its text reaches nobody but the
// court before the witness opens it (not the round, the thread, a push, the timeline or the
// ledger); the opening time and the answer time are on the record; after the window an answer is
// refused or flagged by the round's late rule; and nobody opens someone else's window.
import { createHash } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { canonicalJson } from '../../../server/domain/ledger/canonicalJson.js';
import type { ApiClient, SeededCase } from '../../helpers/caseRecordClient.js';
import { answer, openRound, PushLog, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

const MINUTE = 60_000;

let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;
const logs: Record<string, PushLog> = {};

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server);
  for (const role of ['witness', 'counsel'] as const) logs[role] = await PushLog.connect(server, s.as[role], s.participantIds[role]);
});

afterAll(async () => {
  for (const log of Object.values(logs)) log.close();
  await server?.close();
});

function problem(response: { status: number; body: any }) {
  return { status: response.status, code: response.body.code, detail: response.body.detail };
}

const ledgerEntries = async () => (await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/ledger/entries`))).entries.map((e: any) => e.entry);
const openWindow = (as: ApiClient, round: any, body: object = {}, thread = 0) => as.post(`/cases/${s.caseId}/rounds/${round.id}/threads/${round.threads[thread].id}/window`, body);
const timedRound = (text: string, options: { required?: string[]; late?: any; untimed?: string } = {}) =>
  openRound(s, clock, {
    exchange: 'sequential',
    required: options.required ?? [s.participantIds.witness],
    questions: [{ text, language: 'en', answerWindowMinutes: 15 }, ...(options.untimed === undefined ? [] : [{ text: options.untimed, language: 'en' }])],
    ...(options.late === undefined ? {} : { late: options.late }),
  });

test("a witness's timed question is hidden from all but the court until the witness opens it; the opening and the answer time are on the record", async () => {
  const secret = `Who told you what to say about the delivery? ${Date.now()}`;
  const round = await timedRound(secret);
  expect(round.threads[0]).toMatchObject({ text: secret, answerWindow: { minutes: 15, openings: [] } });
  const opened = (await ledgerEntries()).find((e: any) => e.type === 'round.opened' && e.payload.roundId === round.id);
  expect(opened.payload.questions).toEqual([{ threadId: round.threads[0].id, language: 'en', answerWindowMinutes: 15, commitment: round.threads[0].answerWindow.commitment }]);

  // Before the witness opens it, its text is nowhere the witness or a party can look.
  await logs.witness!.next('round:served', (e) => e.round.id === round.id);
  for (const role of ['witness', 'counsel', 'claimant', 'respondent'] as const) {
    const view = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(view.threads[0]).toMatchObject({ text: '', hiddenUntilOpened: true });
    expect(view.threads[0].answerWindow.nonce).toBeUndefined();
    for (const path of [`/rounds/${round.id}/threads/${round.threads[0].id}`, '/timeline', '/ledger/entries']) {
      expect(JSON.stringify((await s.as[role].get(`/cases/${s.caseId}${path}`)).body)).not.toContain(secret);
    }
  }
  expect(logs.witness!.text()).not.toContain(secret);
  expect(problem(await answer(s.as.witness, s.caseId, round, 'an answer unread'))).toMatchObject({ status: 409, code: 'WINDOW_NOT_OPENED' });

  clock.advance(3 * MINUTE);
  const mine = await s.as.witness.ok(openWindow(s.as.witness, round));
  const openedAt = mine.answerWindow.yours.openedAt;
  expect(mine).toMatchObject({ text: secret, answerWindow: { minutes: 15, yours: { openedAt: clock.now().toISOString(), closesAt: new Date(clock.now().getTime() + 15 * MINUTE).toISOString(), passed: false } } });
  expect(mine.hiddenUntilOpened).toBeUndefined();
  // The commitment the round's entry took is the text the witness now reads.
  const { nonce, commitment } = mine.answerWindow;
  expect(createHash('sha256').update(canonicalJson({ threadId: round.threads[0].id, text: secret, language: 'en', nonce })).digest('hex')).toBe(commitment);
  const openings = (await ledgerEntries()).filter((e: any) => e.type === 'question.windowOpened' && e.payload.roundId === round.id);
  expect(openings).toEqual([expect.objectContaining({ at: openedAt, payload: expect.objectContaining({ participantId: s.participantIds.witness, answerWindowMinutes: 15, text: secret, nonce }) })]);

  // Opening it again changes nothing: the window runs from the first opening.
  clock.advance(MINUTE);
  expect((await s.as.witness.ok(openWindow(s.as.witness, round))).answerWindow.yours.openedAt).toBe(openedAt);
  expect((await ledgerEntries()).filter((e: any) => e.type === 'question.windowOpened' && e.payload.roundId === round.id)).toHaveLength(1);

  clock.advance(9 * MINUTE);
  const given = await s.as.witness.ok(answer(s.as.witness, s.caseId, round, 'Nobody told me anything.'));
  expect(given.window).toEqual({ openedAt, closesAt: new Date(Date.parse(openedAt) + 15 * MINUTE).toISOString(), outside: false });
  const entry = (await ledgerEntries()).find((e: any) => e.type === 'answer.submitted' && e.payload.answerId === given.id);
  expect(entry).toMatchObject({ at: given.submittedAt, payload: { window: given.window } });
  const judgeView = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
  expect(judgeView.threads[0].answerWindow.openings).toEqual([{ participantId: s.participantIds.witness, openedAt, closesAt: given.window.closesAt }]);
  expect(judgeView.required[0]).toMatchObject({ participantId: s.participantIds.witness, completedAt: given.submittedAt });
  // Everyone asked has opened it: the parties read it now.
  expect((await s.as.counsel.ok(s.as.counsel.get(`/cases/${s.caseId}/rounds/${round.id}`))).threads[0].text).toBe(secret);
});

test("nobody opens someone else's timed window, nor answers a timed question for someone else, and nothing refused is stored", async () => {
  const round = await timedRound('Did you sign the delivery note yourself?', { required: [s.participantIds.claimant], untimed: 'Where is the note now?' });
  const before = (await ledgerEntries()).length;
  expect(problem(await openWindow(s.as.counsel, round, { for: s.participantIds.claimant }))).toMatchObject({ status: 403, code: 'NOT_YOUR_WINDOW' });
  expect(problem(await openWindow(s.as.claimant, round, { for: s.participantIds.respondent }))).toMatchObject({ status: 403, code: 'NOT_YOUR_WINDOW' });
  expect(problem(await openWindow(s.as.respondent, round, { for: s.participantIds.claimant }))).toMatchObject({ status: 403, code: 'NOT_YOUR_WINDOW' });
  expect(problem(await openWindow(s.as.counsel, round))).toMatchObject({ status: 403, code: 'NOT_REQUIRED_IN_ROUND' });
  expect(problem(await openWindow(s.as.respondent, round))).toMatchObject({ status: 403, code: 'NOT_REQUIRED_IN_ROUND' });
  // A witness does not see a round that does not question them.
  expect(problem(await openWindow(s.as.witness, round))).toMatchObject({ status: 404, code: 'ROUND_NOT_FOUND' });
  expect(problem(await openWindow(s.as.judge, round))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await openWindow(s.as.observer, round))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await openWindow(s.as.claimant, round, {}, 1))).toMatchObject({ status: 409, code: 'QUESTION_NOT_TIMED' });
  expect((await ledgerEntries()).length).toBe(before);
  const claimantView = await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/rounds/${round.id}`));
  expect(claimantView.threads[0]).toMatchObject({ text: '', hiddenUntilOpened: true, answerWindow: { openings: [] } });

  await s.as.claimant.ok(openWindow(s.as.claimant, round));
  expect(problem(await answer(s.as.counsel, s.caseId, round, 'Yes, she signed it.', { for: s.participantIds.claimant }))).toMatchObject({ status: 403, code: 'NOT_YOUR_ANSWER', detail: expect.stringContaining('in person') });
  // The untimed question of the same round, counsel may still answer for its party.
  await s.as.counsel.ok(answer(s.as.counsel, s.caseId, round, 'In our Hangzhou office.', { for: s.participantIds.claimant }, 1));
});

test('after the window, an answer is refused with WINDOW_CLOSED where the round refuses late answers, and taken flagged where it accepts them; never changed', async () => {
  const refusing = await timedRound('What did you see at the port?');
  await s.as.witness.ok(openWindow(s.as.witness, refusing));
  clock.advance(16 * MINUTE);
  expect(problem(await answer(s.as.witness, s.caseId, refusing, 'Containers.'))).toMatchObject({ status: 409, code: 'WINDOW_CLOSED' });
  expect((await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${refusing.id}`))).threads[0].answers).toEqual([]);

  const flagging = await openRound(s, clock, {
    exchange: 'sequential',
    required: [s.participantIds.witness],
    late: { rule: 'acceptFlagged', windowHours: 2 },
    questions: [
      { text: 'When did the ship arrive?', language: 'en', answerWindowMinutes: 15 },
      { text: 'Who unloaded it?', language: 'en', answerWindowMinutes: 15 },
    ],
  });
  await s.as.witness.ok(openWindow(s.as.witness, flagging, {}, 0));
  const inTime = await s.as.witness.ok(answer(s.as.witness, s.caseId, flagging, 'On 1 March.'));
  expect(inTime.window.outside).toBe(false);
  await s.as.witness.ok(openWindow(s.as.witness, flagging, {}, 1));
  clock.advance(20 * MINUTE);
  expect(problem(await answer(s.as.witness, s.caseId, flagging, 'On 2 March.', { basedOnVersion: 1 }))).toMatchObject({ status: 409, code: 'WINDOW_CLOSED', detail: expect.stringContaining('changed only within it') });
  const outside = await s.as.witness.ok(answer(s.as.witness, s.caseId, flagging, 'The port’s own crew.', {}, 1));
  expect(outside).toMatchObject({ late: false, window: { outside: true } });
  const entry = (await ledgerEntries()).find((e: any) => e.type === 'answer.submitted' && e.payload.answerId === outside.id);
  expect(entry.payload.window).toMatchObject({ outside: true });
  const witnessView = await s.as.witness.ok(s.as.witness.get(`/cases/${s.caseId}/rounds/${flagging.id}`));
  expect(witnessView.threads.map((t: any) => t.answerWindow.yours.passed)).toEqual([true, true]);
});

describe('bad input is refused with a stable code and a message naming the field', () => {
  test.each([
    ['a window of no minutes', 0, 'answerWindowMinutes is at least 1'],
    ['a window over a day', 24 * 60 + 1, 'answerWindowMinutes is at most 1440'],
    ['a window in fractions', 2.5, 'answerWindowMinutes is a whole number of minutes'],
  ])('a round with %s', async (_what, minutes, detail) => {
    const response = await s.as.judge.post(`/cases/${s.caseId}/rounds`, {
      stage: 'investigation',
      questions: [{ text: 'Q', language: 'en', answerWindowMinutes: minutes }],
      required: [s.participantIds.witness],
      deadline: { at: new Date(clock.now().getTime() + 86_400_000).toISOString(), timeZone: 'UTC' },
      exchange: 'sequential',
    });
    expect(problem(response)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining(`body.questions.0.answerWindowMinutes: ${detail}`) });
  });

  test('an opening naming someone that is no id, or with fields it does not take', async () => {
    const round = await timedRound('Q?');
    expect(problem(await openWindow(s.as.witness, round, { for: 'the witness' }))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining('body.for') });
    expect(problem(await openWindow(s.as.witness, round, { minutes: 60 }))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining('Unrecognized key: "minutes"') });
    expect((await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`))).threads[0].answerWindow.openings).toEqual([]);
  });
});
