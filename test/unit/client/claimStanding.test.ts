// What the claims table offers each viewer, and where a claim stands, read from the claims as
// the court sent them — the same reading as the court's analysis (an unanswered claim is neither
// admitted nor in dispute).
import { answerProblem, answersFor, awaitingAnswers, outcomeOf, sideOf, statesClaims } from '../../../client/src/record/claimStanding.js';
import type { ClaimView } from '../../../client/src/record/apiTypes.js';

const R1 = 'resp-1';
const R2 = 'resp-2';

function claim(positions: Array<[string, 'admit' | 'deny' | 'partlyAdmit']>, against = [R1, R2]): Pick<ClaimView, 'against' | 'responses'> {
  return { against, responses: positions.map(([respondentId, position]) => ({ respondentId, position }) as ClaimView['responses'][number]) };
}

test('a claim is awaiting an answer until every respondent it is against has answered', () => {
  expect(outcomeOf(claim([[R1, 'deny']]))).toBe('awaiting');
  expect(awaitingAnswers(claim([[R1, 'deny']]))).toEqual([R2]);
});

test('a claim every respondent admitted is admitted', () => {
  expect(outcomeOf(claim([[R1, 'admit'], [R2, 'admit']]))).toBe('admitted');
});

test('a claim one respondent denied is denied, even when another partly admitted it', () => {
  expect(outcomeOf(claim([[R1, 'partlyAdmit'], [R2, 'deny']]))).toBe('denied');
  expect(outcomeOf(claim([[R1, 'admit'], [R2, 'partlyAdmit']]))).toBe('partlyAdmitted');
});

test('claims are stated by a claimant or counsel for the claimants, nobody else', () => {
  expect(statesClaims({ id: 'c', role: 'claimant' })).toBe(true);
  expect(statesClaims({ id: 'k', role: 'counsel', side: 'claimant' })).toBe(true);
  expect(statesClaims({ id: 'k', role: 'counsel', side: 'respondent' })).toBe(false);
  expect(statesClaims({ id: 'r', role: 'respondent' })).toBe(false);
  expect(statesClaims({ id: 'j', role: 'judge' })).toBe(false);
});

test('a respondent answers only claims made against it; counsel for the respondents answers for each of them', () => {
  expect(answersFor({ against: [R1] }, { id: R1, role: 'respondent' })).toEqual([R1]);
  expect(answersFor({ against: [R2] }, { id: R1, role: 'respondent' })).toEqual([]);
  expect(answersFor({ against: [R1, R2] }, { id: 'k', role: 'counsel', side: 'respondent' })).toEqual([R1, R2]);
  expect(answersFor({ against: [R1] }, { id: 'c', role: 'claimant' })).toEqual([]);
});

test('a party’s side is its role; counsel’s is the one it names; the court has none', () => {
  expect(sideOf({ role: 'respondent' })).toBe('respondent');
  expect(sideOf({ role: 'counsel', side: 'claimant' })).toBe('claimant');
  expect(sideOf({ role: 'judge' })).toBeUndefined();
});

test('a denial or partial admission needs reasons, and a partial admission the part admitted', () => {
  expect(answerProblem('admit', '', '')).toBeUndefined();
  expect(answerProblem('deny', '  ', '')).toBe('reasonsRequired');
  expect(answerProblem('partlyAdmit', 'only the date', '')).toBe('admittedPartRequired');
  expect(answerProblem('partlyAdmit', 'only the date', 'the contract was signed')).toBeUndefined();
});
