// Who sees which answer: the sealing rules every read path applies.
import { sealCommitment } from '../../../server/domain/trial/commitment.js';
import { answerVisibleTo, isSealed, roundVisibleTo, sealedEvidenceVisibleTo, type Viewer } from '../../../server/domain/trial/exchangeRule.js';
import { claimant, claimantCounsel, judge, person, respondent, respondentCounsel, witness } from './trialFixtures.js';

const viewer = (p: typeof claimant): Viewer => ({ participantId: p.id, role: p.role, ...(p.side === undefined ? {} : { side: p.side }) });
const claimantsAnswer = { participantId: claimant.id, side: 'claimant' as const };
const sealed = { exchange: 'sealed' as const };
const revealed = { exchange: 'sealed' as const, revealedAt: '2026-03-05T00:00:00.000Z' };
const sequential = { exchange: 'sequential' as const };

const everyone = [judge, person('ar', 'arbitrator'), person('me', 'mediator'), person('ck', 'clerk'), claimant, claimantCounsel, respondent, respondentCounsel, witness, person('in', 'interpreter'), person('ob', 'observer')];

test.each([
  ['judge', true],
  ['arbitrator', true],
  ['mediator', true],
  ['clerk', true],
  ['claimant', true],
  ['counsel co', true],
  ['respondent', false],
  ['counsel rc', false],
  ['witness', false],
  ['interpreter', false],
  ['observer', false],
])("the claimant's sealed answer, before the reveal, is seen by the %s: %s", (who, expected) => {
  const p = everyone.find((e) => e.role === who || `${e.role} ${e.id}` === who)!;
  expect(answerVisibleTo(viewer(p), claimantsAnswer, sealed)).toBe(expected);
});

test('a sequential answer and a revealed sealed answer are seen by everyone who sees the round', () => {
  for (const p of everyone) {
    expect(answerVisibleTo(viewer(p), claimantsAnswer, sequential)).toBe(true);
    expect(answerVisibleTo(viewer(p), claimantsAnswer, revealed)).toBe(true);
  }
  expect(isSealed(sealed)).toBe(true);
  expect(isSealed(revealed)).toBe(false);
  expect(isSealed(sequential)).toBe(false);
});

test("a witness's sealed answer is seen only by the witness and the court: a witness is on no side", () => {
  const witnesss = { participantId: witness.id };
  expect(answerVisibleTo(viewer(witness), witnesss, sealed)).toBe(true);
  expect(answerVisibleTo(viewer(judge), witnesss, sealed)).toBe(true);
  for (const p of [claimant, claimantCounsel, respondent, person('wi2', 'witness')]) expect(answerVisibleTo(viewer(p), witnesss, sealed)).toBe(false);
});

test('evidence sealed for an answer: its own side and the court see it, nobody else', () => {
  expect(sealedEvidenceVisibleTo(viewer(claimantCounsel), claimantsAnswer)).toBe(true);
  expect(sealedEvidenceVisibleTo(viewer(person('ck', 'clerk')), claimantsAnswer)).toBe(true);
  expect(sealedEvidenceVisibleTo(viewer(respondent), claimantsAnswer)).toBe(false);
  expect(sealedEvidenceVisibleTo(viewer(person('in', 'interpreter')), claimantsAnswer)).toBe(false);
});

test('a witness sees only the rounds that question them', () => {
  expect(roundVisibleTo(viewer(witness), { required: [{ participantId: 'cl' }] })).toBe(false);
  expect(roundVisibleTo(viewer(witness), { required: [{ participantId: 'wi' }] })).toBe(true);
  expect(roundVisibleTo(viewer(respondent), { required: [{ participantId: 'cl' }] })).toBe(true);
});

test('the commitment binds the content and a secret nonce: a guess without the nonce does not match', () => {
  const content = { answerId: 'a', version: 1, text: 'admitted' };
  const nonce = 'ab'.repeat(32);
  const commitment = sealCommitment(content, nonce);
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);
  expect(sealCommitment({ text: 'admitted', version: 1, answerId: 'a' }, nonce)).toBe(commitment);
  expect(sealCommitment(content, 'cd'.repeat(32))).not.toBe(commitment);
  expect(sealCommitment({ ...content, text: 'denied' }, nonce)).not.toBe(commitment);
});
