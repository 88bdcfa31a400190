// Whose answer one may write, which evidence it may attach, and the answer's identity.
import { answerableBy, answerOwner, requireAttachable, requireCurrentVersion, type AttachableEvidence } from '../../../server/domain/trial/answer.js';
import { answerIdOf } from '../../../server/domain/trial/commitment.js';
import { claimant, claimantCounsel, person, respondent, respondentCounsel, round, witness } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

const people = [claimant, claimantCounsel, respondent, respondentCounsel, witness, person('cl2', 'claimant')];

test('one answer per question and participant, with a UUID-shaped id that follows from the two', () => {
  const id = answerIdOf('t1', 'cl');
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(answerIdOf('t1', 'cl')).toBe(id);
  expect(answerIdOf('t1', 're')).not.toBe(id);
  expect(answerIdOf('t2', 'cl')).not.toBe(id);
});

test('a required participant answers for themself', () => {
  expect(answerOwner(claimant, undefined, round(), people).participantId).toBe('cl');
  expect(answerOwner(respondent, 're', round(), people).participantId).toBe('re');
});

test('someone the round does not ask is refused with NOT_REQUIRED_IN_ROUND', () => {
  expect(codeOf(() => answerOwner(witness, undefined, round(), people))).toBe('NOT_REQUIRED_IN_ROUND');
  expect(codeOf(() => answerOwner(claimantCounsel, undefined, round(), people))).toBe('NOT_REQUIRED_IN_ROUND');
});

test('counsel answers for the parties of its own side, and no one else does', () => {
  expect(answerOwner(claimantCounsel, 'cl', round(), people).participantId).toBe('cl');
  expect(codeOf(() => answerOwner(claimantCounsel, 're', round(), people))).toBe('NOT_YOUR_ANSWER');
  expect(codeOf(() => answerOwner(claimant, 're', round(), people))).toBe('NOT_YOUR_ANSWER');
  expect(codeOf(() => answerOwner(witness, 'cl', round(), people))).toBe('NOT_YOUR_ANSWER');
  // Its own side's party, but one the round does not ask.
  expect(codeOf(() => answerOwner(claimantCounsel, 'cl2', round(), people))).toBe('NOT_REQUIRED_IN_ROUND');
  expect(answerableBy(claimantCounsel, round())).toEqual(['cl']);
  expect(answerableBy(respondent, round())).toEqual(['re']);
  expect(answerableBy(witness, round())).toEqual([]);
});

test('an edit names the version it was made on; an older one is refused with RECORD_CHANGED', () => {
  expect(() => requireCurrentVersion(2, 2)).not.toThrow();
  expect(() => requireCurrentVersion(2, undefined)).not.toThrow();
  expect(codeOf(() => requireCurrentVersion(3, 2))).toBe('RECORD_CHANGED');
});

describe('attachments', () => {
  const owner = round().required[0]!; // the claimant
  const item = (changes: Partial<AttachableEvidence> = {}): AttachableEvidence => ({ id: 'e1', caseId: 'case-1', filedBy: 'participant:co', side: 'claimant', ...changes });

  test("the side's own evidence of this case, on the record, is attachable (filed by its counsel too)", () => {
    expect(() => requireAttachable(item(), 'e1', 'case-1', owner, 'round-1')).not.toThrow();
    expect(() => requireAttachable(item({ sealed: { roundId: 'round-1' } }), 'e1', 'case-1', owner, 'round-1')).not.toThrow();
  });

  test("another case's evidence does not exist here", () => {
    expect(codeOf(() => requireAttachable(item({ caseId: 'case-2' }), 'e1', 'case-1', owner, 'round-1'))).toBe('EVIDENCE_NOT_FOUND');
    expect(codeOf(() => requireAttachable(undefined, 'e1', 'case-1', owner, 'round-1'))).toBe('EVIDENCE_NOT_FOUND');
  });

  test("the other side's open evidence is NOT_YOUR_EVIDENCE; its sealed evidence does not exist for you", () => {
    expect(codeOf(() => requireAttachable(item({ side: 'respondent', filedBy: 'participant:re' }), 'e1', 'case-1', owner, 'round-1'))).toBe('NOT_YOUR_EVIDENCE');
    expect(codeOf(() => requireAttachable(item({ side: 'respondent', filedBy: 'participant:re', sealed: { roundId: 'round-1' } }), 'e1', 'case-1', owner, 'round-1'))).toBe('EVIDENCE_NOT_FOUND');
  });

  test('withdrawn evidence, or evidence sealed for another round, is refused', () => {
    expect(codeOf(() => requireAttachable(item({ withdrawnAt: 'x' }), 'e1', 'case-1', owner, 'round-1'))).toBe('EVIDENCE_ALREADY_WITHDRAWN');
    expect(codeOf(() => requireAttachable(item({ sealed: { roundId: 'round-2' } }), 'e1', 'case-1', owner, 'round-1'))).toBe('EVIDENCE_SEALED');
  });
});
