// Claims and issues over the real REST API and socket.io: the claimant states its claims as a
// list, the respondent answers each (admit, deny, partly admit, with reasons and evidence of the
// case), and the court reads the undisputed facts and the issues in dispute — derived from what
// the parties said, current as answers change, pushed when they do. Refusals (a party answering
// claims it is not the respondent for, another case's or unknown evidence, bad bodies, no
// consent) leave nothing stored.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { fileEvidence, redeem, type ApiClient, type SeededCase } from '../../helpers/caseRecordClient.js';
import { PushLog, seedTrialCase, startTrialCourt } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let s: SeededCase;
const logs: Record<string, PushLog> = {};

beforeAll(async () => {
  ({ server } = await startTrialCourt());
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
  const filed = await fileEvidence(as, caseId, Buffer.from(`exhibit ${randomUUID()}`), { title: 'Wire transfer receipt' });
  if (filed.status !== 201) throw new Error(`set-up: filing failed: ${filed.status} ${JSON.stringify(filed.body)}`);
  return filed.body.id;
}

const state = (as: ApiClient, claims: unknown[], caseId = s.caseId) => as.post(`/cases/${caseId}/claims`, { claims });
const answerClaim = (as: ApiClient, claimId: string, body: object, caseId = s.caseId) => as.post(`/cases/${caseId}/claims/${claimId}/answers`, { language: 'en', ...body });
const analysis = (caseId = s.caseId) => s.as.judge.ok(s.as.judge.get(`/cases/${caseId}/claims/analysis`));
const ledgerSize = async () => (await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/ledger/entries`))).entries.length;

test('the claimant states claims as a list, the respondent answers each, and the court reads the undisputed facts and the issues in dispute, current as answers change', async () => {
  const stated = await s.as.claimant.ok(
    state(s.as.claimant, [
      { text: 'The goods were delivered in Santos on 3 March 2025.', language: 'en' },
      { text: 'The price of USD 40,000 is unpaid.', language: 'en' },
      { text: 'The delay in payment caused a loss of USD 5,000.', language: 'en' },
    ]),
  );
  expect(stated.claims.map((c: any) => [c.number, c.against, c.statedByName, c.responses])).toEqual([
    [1, [s.participantIds.respondent], 'Zhang Wei', []],
    [2, [s.participantIds.respondent], 'Zhang Wei', []],
    [3, [s.participantIds.respondent], 'Zhang Wei', []],
  ]);
  const [delivered, unpaid, loss] = stated.claims;
  expect(await analysis()).toMatchObject({ undisputedFacts: [], issuesInDispute: [], unanswered: [{ number: 1 }, { number: 2 }, { number: 3 }] });

  const receipt = await file(s.as.respondent);
  const claimantsInvoice = await file(s.as.claimant);
  await s.as.respondent.ok(answerClaim(s.as.respondent, delivered.id, { position: 'admit' }));
  await s.as.respondent.ok(answerClaim(s.as.respondent, unpaid.id, { position: 'deny', reasons: 'Paid by wire on 10 April 2025.', evidence: [receipt, claimantsInvoice] }));
  const afterAll3 = await s.as.respondent.ok(answerClaim(s.as.respondent, loss.id, { position: 'partlyAdmit', admittedPart: 'Payment was made 30 days after the due date.', reasons: 'No loss followed from it.', language: 'pt-BR' }));
  expect(afterAll3.claims[2].responses).toEqual([expect.objectContaining({ position: 'partlyAdmit', version: 1, respondentName: 'Ana Silva', language: 'pt-BR' })]);

  const derived = await analysis();
  expect(derived.unanswered).toEqual([]);
  expect(derived.undisputedFacts.map((f: any) => [f.number, f.basis, f.text])).toEqual([
    [1, 'admitted', 'The goods were delivered in Santos on 3 March 2025.'],
    [3, 'partlyAdmitted', 'Payment was made 30 days after the due date.'],
  ]);
  expect(derived.issuesInDispute.map((i: any) => [i.number, i.kind, i.evidence])).toEqual([
    [2, 'denied', [receipt, claimantsInvoice]],
    [3, 'partlyAdmitted', []],
  ]);
  expect(derived.issuesInDispute[0].positions[0]).toMatchObject({ respondentName: 'Ana Silva', position: 'deny', reasons: 'Paid by wire on 10 April 2025.' });

  // The respondent changes its answer: the analysis follows, and the court is told.
  const changed = await s.as.respondent.ok(answerClaim(s.as.respondent, unpaid.id, { position: 'admit', basedOnVersion: 1 }));
  expect(changed.claims[1].responses[0]).toMatchObject({ position: 'admit', version: 2 });
  const current = await analysis();
  expect(current.issuesInDispute.map((i: any) => i.number)).toEqual([3]);
  expect(current.undisputedFacts.map((f: any) => f.number)).toEqual([1, 2, 3]);
  const pushed = await logs.judge!.next('claims:changed', (e) => e.claims.claims[1]?.responses[0]?.version === 2);
  expect(pushed.analysis.issuesInDispute.map((i: any) => i.number)).toEqual([3]);
  const toClaimant = await logs.claimant!.next('claims:changed', (e) => e.claims.claims[1]?.responses[0]?.version === 2);
  expect(toClaimant.analysis).toBeUndefined();
  expect(logs.witness!.events.some((e) => e.event === 'claims:changed')).toBe(false);

  // Every statement and every version of every answer is on the ledger.
  const entries = (await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/ledger/entries`))).entries.map((e: any) => e.entry);
  expect(entries.filter((e: any) => e.type === 'claims.stated').map((e: any) => e.payload.claims.length)).toEqual([3]);
  expect(entries.filter((e: any) => e.type === 'claim.answered' && e.payload.claimId === unpaid.id).map((e: any) => [e.payload.version, e.payload.position, e.payload.reasons])).toEqual([
    [1, 'deny', 'Paid by wire on 10 April 2025.'],
    [2, 'admit', undefined],
  ]);
  expect(problem(await answerClaim(s.as.respondent, unpaid.id, { position: 'deny', reasons: 'stale tab', basedOnVersion: 1 }))).toMatchObject({ status: 409, code: 'RECORD_CHANGED' });
});

test('a party answers only the claims it is the respondent for, and only the court reads the analysis', async () => {
  const t = await seedTrialCase(server);
  const added = await t.as.judge.ok(t.as.judge.post(`/cases/${t.caseId}/participants`, { role: 'respondent', displayName: 'Bruno Costa', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' }));
  const invitation = await t.as.judge.ok(t.as.judge.post(`/cases/${t.caseId}/participants/${added.id}/invitations`, {}));
  const second = await redeem(server, invitation.token);
  await second.ok(second.post(`/cases/${t.caseId}/trial/consent`, {}));
  const stated = await t.as.counsel.ok(state(t.as.counsel, [{ text: 'Bruno Costa guaranteed the debt.', language: 'en', against: [added.id] }], t.caseId));
  const claim = stated.claims[0];
  expect(claim.against).toEqual([added.id]);
  const before = (await t.as.judge.ok(t.as.judge.get(`/cases/${t.caseId}/ledger/entries`))).entries.length;

  expect(problem(await answerClaim(t.as.respondent, claim.id, { position: 'deny', reasons: 'not me' }, t.caseId))).toMatchObject({ status: 403, code: 'NOT_THE_RESPONDENT' });
  expect(problem(await answerClaim(t.as.respondent, claim.id, { position: 'admit', for: added.id }, t.caseId))).toMatchObject({ status: 403, code: 'NOT_THE_RESPONDENT' });
  expect(problem(await answerClaim(t.as.claimant, claim.id, { position: 'admit' }, t.caseId))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await answerClaim(t.as.counsel, claim.id, { position: 'admit' }, t.caseId))).toMatchObject({ status: 403, code: 'NOT_THE_RESPONDENT' });
  expect(problem(await answerClaim(t.as.witness, claim.id, { position: 'admit' }, t.caseId))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await state(t.as.respondent, [{ text: 'A counterclaim.', language: 'en' }], t.caseId))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await t.as.claimant.get(`/cases/${t.caseId}/claims/analysis`))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await t.as.witness.get(`/cases/${t.caseId}/claims`))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  expect(problem(await answerClaim(second, randomUUID(), { position: 'admit' }, t.caseId))).toMatchObject({ status: 404, code: 'CLAIM_NOT_FOUND' });
  expect((await t.as.judge.ok(t.as.judge.get(`/cases/${t.caseId}/ledger/entries`))).entries.length).toBe(before);
  expect((await t.as.judge.ok(t.as.judge.get(`/cases/${t.caseId}/claims`))).claims[0].responses).toEqual([]);

  const answered = await second.ok(answerClaim(second, claim.id, { position: 'deny', reasons: 'I signed no guarantee.' }, t.caseId));
  expect(answered.claims[0].responses).toEqual([expect.objectContaining({ respondentId: added.id, respondentName: 'Bruno Costa', byName: 'Bruno Costa' })]);
  // A claim against a respondent who is not in the case is refused.
  expect(problem(await state(t.as.claimant, [{ text: 'x', language: 'en' }, { text: 'y', language: 'en', against: [t.participantIds.claimant] }], t.caseId))).toMatchObject({
    status: 404,
    code: 'PARTICIPANT_NOT_FOUND',
    detail: expect.stringContaining('body.claims.1.against.0'),
  });
});

test("an answer refers only to evidence of its own case that it can see: another case's, unknown or withdrawn items are refused and nothing is stored", async () => {
  const claim = (await s.as.claimant.ok(state(s.as.claimant, [{ text: 'The contract was signed in Hangzhou.', language: 'en' }]))).claims.at(-1);
  const other = await seedTrialCase(server);
  const foreign = await file(other.as.respondent, other.caseId);
  const withdrawn = await file(s.as.respondent);
  await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/evidence/${withdrawn}/withdrawal`, { reason: 'wrong file' }));
  const before = await ledgerSize();
  expect(problem(await answerClaim(s.as.respondent, claim.id, { position: 'deny', reasons: 'São Paulo', evidence: [foreign] }))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND', detail: expect.stringContaining('body.evidence.0') });
  expect(problem(await answerClaim(s.as.respondent, claim.id, { position: 'deny', reasons: 'São Paulo', evidence: [randomUUID()] }))).toMatchObject({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
  expect(problem(await answerClaim(s.as.respondent, claim.id, { position: 'deny', reasons: 'São Paulo', evidence: [withdrawn] }))).toMatchObject({ status: 409, code: 'EVIDENCE_ALREADY_WITHDRAWN' });
  expect(await ledgerSize()).toBe(before);
  const { claims } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/claims`));
  expect(claims.find((c: any) => c.id === claim.id).responses).toEqual([]);
  expect((await analysis()).unanswered.map((u: any) => u.claimId)).toContain(claim.id);
});

const TWICE = randomUUID();

describe('bad bodies are refused with a stable code and a message naming the field', () => {
  let claimId: string;
  beforeAll(async () => {
    claimId = (await s.as.claimant.ok(state(s.as.claimant, [{ text: 'Interest runs from 1 May 2025.', language: 'en' }]))).claims.at(-1).id;
  });

  test.each([
    ['no claims', {}, 'body.claims: claims is required'],
    ['an empty list', { claims: [] }, 'body.claims: state at least one claim'],
    ['an empty claim', { claims: [{ text: ' ', language: 'en' }] }, 'body.claims.0.text: a claim is required'],
    ['an oversized claim', { claims: [{ text: 'x'.repeat(4001), language: 'en' }] }, 'body.claims.0.text: a claim is at most 4000 characters'],
    ['too many claims at once', { claims: Array.from({ length: 51 }, (_, i) => ({ text: `claim ${i}`, language: 'en' })) }, 'body.claims: state at most 50 claims at once'],
    ['a respondent that is no id', { claims: [{ text: 'x', language: 'en', against: ['the respondent'] }] }, 'body.claims.0.against.0'],
  ])('a statement with %s', async (_what, body, detail) => {
    expect(problem(await s.as.claimant.post(`/cases/${s.caseId}/claims`, body))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining(detail) });
  });

  test.each([
    ['no position', {}, "body.position: position is 'admit', 'deny' or 'partlyAdmit'"],
    ['a denial without reasons', { position: 'deny' }, 'body.reasons: a denial gives its reasons'],
    ['a partial admission without its part', { position: 'partlyAdmit', reasons: 'only some' }, 'body.admittedPart: a partial admission says what it admits'],
    ['an admitted part on a denial', { position: 'deny', reasons: 'no', admittedPart: 'x' }, 'body.admittedPart: only a partial admission'],
    ['evidence that is no id', { position: 'admit', evidence: ['exhibit 3'] }, 'body.evidence.0'],
    ['the same evidence twice', { position: 'admit', evidence: [TWICE, TWICE] }, 'body.evidence: refer to each evidence item once'],
  ])('an answer with %s', async (_what, body, detail) => {
    expect(problem(await answerClaim(s.as.respondent, claimId, body))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining(detail) });
  });

  test('bodies over 64 kB are refused with PAYLOAD_TOO_LARGE, and nothing is stored', async () => {
    const before = await ledgerSize();
    const huge = JSON.stringify({ position: 'deny', reasons: '字'.repeat(30_000), language: 'zh' });
    expect(problem(await s.as.respondent.call('POST', `/cases/${s.caseId}/claims/${claimId}/answers`, huge))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(problem(await s.as.claimant.call('POST', `/cases/${s.caseId}/claims`, JSON.stringify({ claims: [{ text: '字'.repeat(30_000), language: 'zh' }] })))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await ledgerSize()).toBe(before);
  });
});

test('claims are stated and answered through the platform only with every party’s consent to the asynchronous trial', async () => {
  const live = await seedTrialCase(server, 'trial', false);
  expect(problem(await state(live.as.claimant, [{ text: 'x', language: 'en' }], live.caseId))).toMatchObject({ status: 409, code: 'CONSENT_REQUIRED' });
  expect((await live.as.judge.ok(live.as.judge.get(`/cases/${live.caseId}/claims`))).claims).toEqual([]);
});
