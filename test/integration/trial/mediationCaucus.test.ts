// The mediator's private caucus with one side, over a real node: a round `privateTo` the claimant,
// in mediation. The other side — and the judge, arbitrator, clerk, interpreter, witness and
// gallery — find it through no door: the round list, the round, its thread, the answer by id and
// its versions, answering or asking for more time in it, the timeline, the ledger entries, the
// export bundle and socket pushes, exactly as a round that does not exist. The claimant's side and
// the mediator read it, and can check the commitment that the ledger holds instead of its words.
import { createHash, randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { canonicalJson } from '../../../server/domain/ledger/canonicalJson.js';
import { exportCase } from '../../helpers/caseBundleCheck.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { answer, openRound, PushLog, roundBody, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;
let caucus: any;
let answerId: string;
const logs: Partial<Record<CaseRole, PushLog>> = {};

const secret = {
  title: `CAUCUS-TITLE-${randomUUID()}`,
  question: `CAUCUS-QUESTION-${randomUUID()}`,
  answer: `CAUCUS-ANSWER-${randomUUID()}`,
  reason: `CAUCUS-EXTENSION-REASON-${randomUUID()}`,
  close: `CAUCUS-CLOSE-REASON-${randomUUID()}`,
};
const leaks = (text: string) => Object.values(secret).filter((v) => text.includes(v));
/** Everyone the caucus is not for: the other side, the court that may decide the case, and the rest. */
const OUTSIDERS = ['respondent', 'judge', 'arbitrator', 'clerk', 'interpreter', 'witness', 'observer'] as const;
const READERS = ['respondent', 'judge', 'arbitrator', 'clerk', 'interpreter', 'witness'] as const;

function problem(response: { status: number; body: any }) {
  return { status: response.status, code: response.body.code };
}

function caucusBody(extra: object = {}) {
  return {
    ...roundBody(s, clock, { exchange: 'sequential', required: [s.participantIds.claimant, s.participantIds.counsel], questions: [{ text: secret.question, language: 'en' }] }),
    title: secret.title,
    privateTo: 'claimant',
    ...extra,
  };
}

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server, 'mediation');
  for (const role of [...OUTSIDERS, 'counsel'] as const) logs[role] = await PushLog.connect(server, s.as[role], s.participantIds[role]);
  caucus = await s.as.mediator.ok(s.as.mediator.post(`/cases/${s.caseId}/rounds`, caucusBody()));
  answerId = (await s.as.claimant.ok(answer(s.as.claimant, s.caseId, caucus, `${secret.answer} draft`))).id;
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, caucus, secret.answer, { basedOnVersion: 1 }));
  await s.as.counsel.ok(s.as.counsel.post(`/cases/${s.caseId}/rounds/${caucus.id}/extension-requests`, { reason: secret.reason }));
  await s.as.mediator.ok(s.as.mediator.post(`/cases/${s.caseId}/rounds/${caucus.id}/close`, { reason: secret.close }));
  await logs.counsel!.next('round:changed', (p) => p.round.status === 'closed');
});

afterAll(async () => {
  for (const log of Object.values(logs)) log?.close();
  await server?.close();
});

describe('its own side and the mediator hold the caucus', () => {
  test('the mediator opens it with the claimant’s side only: private, sequential', () => {
    expect(caucus).toMatchObject({ privateTo: 'claimant', presidingRole: 'mediator', exchange: 'sequential', title: secret.title, caucusNonce: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test.each(['claimant', 'counsel', 'mediator'] as const)('the %s reads the caucus, its question, its answers and their versions', async (role) => {
    const view = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds/${caucus.id}`));
    expect(view.threads[0]).toMatchObject({ text: secret.question, answers: [expect.objectContaining({ text: secret.answer, version: 2 })] });
    expect(view.extensionRequests[0]).toMatchObject({ reason: secret.reason });
    const { versions } = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/answers/${answerId}/versions`));
    expect(versions.map((v: any) => v.text)).toEqual([`${secret.answer} draft`, secret.answer]);
    expect((await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds`))).rounds.map((r: any) => r.id)).toContain(caucus.id);
  });
});

describe('the other side, and everyone else, find it nowhere', () => {
  test.each(READERS)('the %s does not see it in the round list, and reading it, its thread, its answer or their versions is not found, as for nothing', async (role) => {
    const client = s.as[role];
    expect((await client.ok(client.get(`/cases/${s.caseId}/rounds`))).rounds.map((r: any) => r.id)).not.toContain(caucus.id);
    const missing = randomUUID();
    for (const [path, none] of [
      [`/rounds/${caucus.id}`, `/rounds/${missing}`],
      [`/rounds/${caucus.id}/threads/${caucus.threads[0].id}`, `/rounds/${missing}/threads/${caucus.threads[0].id}`],
      [`/answers/${answerId}`, `/answers/${missing}`],
      [`/answers/${answerId}/versions`, `/answers/${missing}/versions`],
    ] as const) {
      const hidden = await client.get(`/cases/${s.caseId}${path}`);
      const absent = await client.get(`/cases/${s.caseId}${none}`);
      expect({ path, ...problem(hidden) }).toEqual({ path, ...problem(absent) });
      expect(hidden.body.detail.replace(caucus.id, 'ID').replace(answerId, 'ID')).toBe(absent.body.detail.replace(missing, 'ID'));
      expect(leaks(JSON.stringify(hidden.body))).toEqual([]);
    }
  });

  test('a party reading or acting in the other side’s caucus is refused as if it did not exist (ROUND_NOT_FOUND)', async () => {
    const { respondent } = s.as;
    expect(problem(await respondent.get(`/cases/${s.caseId}/rounds/${caucus.id}`))).toEqual({ status: 404, code: 'ROUND_NOT_FOUND' });
    expect(problem(await answer(respondent, s.caseId, caucus, 'let me in'))).toEqual({ status: 404, code: 'ROUND_NOT_FOUND' });
    expect(problem(await respondent.post(`/cases/${s.caseId}/rounds/${caucus.id}/extension-requests`, { reason: 'probing' }))).toEqual({ status: 404, code: 'ROUND_NOT_FOUND' });
  });

  test.each(READERS)('the timeline of the %s shows that a caucus with the claimant was held, never what was said in it', async (role) => {
    const { items } = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/timeline`));
    expect(leaks(JSON.stringify(items))).toEqual([]);
    // Besides when each member of the side first read it (round.read: who and when, no words).
    const ofCaucus = items.filter((i: any) => i.about?.kind === 'round' && i.about.id === caucus.id && i.type !== 'round.read');
    expect(ofCaucus.map((i: any) => i.type)).toEqual(['round.opened', 'answer.submitted', 'answer.submitted', 'round.extensionRequested', 'round.closed']);
    for (const item of ofCaucus) expect(item.payload.privateTo).toBe('claimant');
  });

  test('the ledger entries and the export bundle carry only commitments of its words, and the audit log none of them', async () => {
    const { entries } = await s.as.observer.ok(s.as.observer.get(`/cases/${s.caseId}/ledger/entries`));
    expect(leaks(entries.map((e: any) => Buffer.from(e.bytes, 'base64').toString('utf8')).join('\n'))).toEqual([]);
    for (const role of ['respondent', 'judge'] as const) expect(leaks(Buffer.from(await exportCase(s.as[role], s.caseId)).toString('latin1'))).toEqual([]);
    // The audit log, which the court reads, says who read or wrote what, never the words.
    expect(leaks(JSON.stringify(await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/audit`))))).toEqual([]);
  });

  test('no socket push reaches anyone outside the caucus; its own side was served it', async () => {
    for (const role of OUTSIDERS) {
      const text = logs[role]!.text();
      expect({ role, leaks: leaks(text), mentions: text.includes(caucus.id) }).toEqual({ role, leaks: [], mentions: false });
    }
    expect(logs.counsel!.text()).toContain(secret.answer);
  });

  test('the claimant’s side can check what the ledger committed to with the caucus’s nonce', async () => {
    const { entries } = await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/ledger/entries`));
    const opened = entries.map((e: any) => e.entry).find((e: any) => e.type === 'round.opened' && e.payload.roundId === caucus.id);
    const words = { title: secret.title, questions: [{ threadId: caucus.threads[0].id, text: secret.question, language: 'en' }], nonce: caucus.caucusNonce };
    expect(createHash('sha256').update(canonicalJson(words)).digest('hex')).toBe(opened.payload.wordsCommitment);
  });
});

describe('what a caucus refuses', () => {
  test('a caucus asks only members of its side, sequentially, with no timed question and no evidence (INVALID_PAYLOAD)', async () => {
    const bad = [
      caucusBody({ required: [s.participantIds.claimant, s.participantIds.respondent] }),
      caucusBody({ required: [s.participantIds.witness] }),
      caucusBody({ exchange: 'sealed' }),
      caucusBody({ questions: [{ text: 'Quick!', language: 'en', answerWindowMinutes: 30 }] }),
      caucusBody({ privateTo: 'both' }),
    ];
    for (const body of bad) expect(problem(await s.as.mediator.post(`/cases/${s.caseId}/rounds`, body))).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    const open = await s.as.mediator.ok(s.as.mediator.post(`/cases/${s.caseId}/rounds`, caucusBody()));
    const withEvidence = await answer(s.as.claimant, s.caseId, open, 'see attached', { attachments: [randomUUID()] });
    expect(problem(withEvidence)).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
  });

  test('a mediator’s round with both sides is open to both, as any round', async () => {
    const open = await openRound(s, clock, { exchange: 'sequential' }, s.as.mediator);
    expect((await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${open.id}`))).privateTo).toBeUndefined();
  });

  test('once the case moves to arbitration, no caucus is held (CAUCUS_NOT_ALLOWED), and the earlier one stays hidden from the arbitrator', async () => {
    await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/stage`, { stage: 'arbitration' }));
    expect(problem(await s.as.arbitrator.post(`/cases/${s.caseId}/rounds`, caucusBody()))).toEqual({ status: 409, code: 'CAUCUS_NOT_ALLOWED' });
    expect(problem(await s.as.arbitrator.get(`/cases/${s.caseId}/rounds/${caucus.id}`))).toEqual({ status: 404, code: 'ROUND_NOT_FOUND' });
  });
});
