// The mediator's caucus: a round private to one side and the mediator, held only in mediation,
// whose words reach the public ledger only as a commitment.
import { sealCommitment } from '../../../server/domain/trial/commitment.js';
import { caucusLedgerPayload, requireCaucus, requireNoCaucusEvidence } from '../../../server/domain/trial/caucus.js';
import { roundVisibleTo, type Viewer } from '../../../server/domain/trial/exchangeRule.js';
import { requireNotClosed } from '../../../server/domain/trial/round.js';
import { claimant, claimantCounsel, judge, person, respondent, respondentCounsel, round, witness } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

const viewer = (p: typeof claimant): Viewer => ({ participantId: p.id, role: p.role, ...(p.side === undefined ? {} : { side: p.side }) });
const mediator = person('me', 'mediator');
const required = (p: typeof claimant) => ({ participantId: p.id, displayName: p.displayName, role: p.role, ...(p.side === undefined ? {} : { side: p.side }), servedAt: '2026-03-01T00:00:00.000Z' });

test.each([
  ['the mediator', mediator, true],
  ['the claimant', claimant, true],
  ["the claimant's counsel", claimantCounsel, true],
  ['the respondent', respondent, false],
  ["the respondent's counsel", respondentCounsel, false],
  ['the judge', judge, false],
  ['the arbitrator', person('ar', 'arbitrator'), false],
  ['the clerk', person('ck', 'clerk'), false],
  ['a witness', witness, false],
  ['an interpreter', person('in', 'interpreter'), false],
  ['the gallery', person('ob', 'observer'), false],
])('a caucus with the claimant is seen by %s: %s', (_who, who, expected) => {
  expect(roundVisibleTo(viewer(who), { required: [{ participantId: claimant.id }], privateTo: 'claimant' })).toBe(expected);
});

test('a caucus is held only in mediation', () => {
  const base = { privateTo: 'claimant' as const, required: [required(claimant)], exchange: 'sequential' as const, timedQuestions: 0 };
  expect(() => requireCaucus({ ...base, stage: 'mediation' })).not.toThrow();
  for (const stage of ['negotiation', 'arbitration', 'trial'] as const) expect(codeOf(() => requireCaucus({ ...base, stage }))).toBe('CAUCUS_NOT_ALLOWED');
});

test('a caucus asks only members of its side, is sequential, and takes no timed question', () => {
  const base = { stage: 'mediation' as const, privateTo: 'claimant' as const, exchange: 'sequential' as const, timedQuestions: 0 };
  expect(codeOf(() => requireCaucus({ ...base, required: [required(claimant), required(respondent)] }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireCaucus({ ...base, required: [required(witness)] }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireCaucus({ ...base, required: [required(claimant)], exchange: 'sealed' }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireCaucus({ ...base, required: [required(claimant)], timedQuestions: 1 }))).toBe('INVALID_PAYLOAD');
});

test('a caucus takes no evidence; an open round does', () => {
  expect(codeOf(() => requireNoCaucusEvidence({ privateTo: 'respondent', number: 3 }, 1))).toBe('INVALID_PAYLOAD');
  expect(() => requireNoCaucusEvidence({ privateTo: 'respondent', number: 3 }, 0)).not.toThrow();
  expect(() => requireNoCaucusEvidence({ number: 3 }, 2)).not.toThrow();
});

test('a caucus’s ledger entry keeps the shape and swaps its words for a commitment made with the round’s nonce', () => {
  const nonce = 'a'.repeat(64);
  const payload = { roundId: 'r1', number: 2, title: 'Your bottom line', questions: [{ threadId: 't1', text: 'What would you accept?', language: 'en' }], reason: 'more time' };
  const onLedger = caucusLedgerPayload({ privateTo: 'claimant', caucusNonce: nonce }, payload, sealCommitment);
  expect(onLedger).toEqual({
    roundId: 'r1',
    number: 2,
    privateTo: 'claimant',
    wordsCommitment: sealCommitment({ title: 'Your bottom line', questions: payload.questions, reason: 'more time' }, nonce),
  });
  expect(JSON.stringify(onLedger)).not.toContain('bottom line');
  // An open round's entry is as given.
  expect(caucusLedgerPayload({}, payload, sealCommitment)).toEqual(payload);
  // An entry without words gets no commitment.
  expect(caucusLedgerPayload({ privateTo: 'claimant', caucusNonce: nonce }, { roundId: 'r1' }, sealCommitment)).toEqual({ roundId: 'r1', privateTo: 'claimant' });
});

test('a round the settlement closed refuses further answers with CASE_SETTLED', () => {
  expect(codeOf(() => requireNotClosed(round({ status: 'closed', closedAt: '2026-03-04T00:00:00.000Z', closedBecause: 'settled' })))).toBe('CASE_SETTLED');
  expect(codeOf(() => requireNotClosed(round({ status: 'closed', closedAt: '2026-03-04T00:00:00.000Z', closedBecause: 'court' })))).toBe('ROUND_CLOSED');
});
