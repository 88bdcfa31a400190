// The mediator's private caucus with one side, as the round form offers it: only that side's
// members (its party, its counsel) can be asked, and the form refuses before sending what the
// court refuses — someone of the other side, a sealed exchange, a timed question.
import { caucusMembers, caucusProblem } from '../../../client/src/record/caucusChoice.js';

const answering = [
  { id: 'claimant', role: 'claimant' as const },
  { id: 'respondent', role: 'respondent' as const },
  { id: 'counsel-c', role: 'counsel' as const, side: 'claimant' as const },
  { id: 'counsel-r', role: 'counsel' as const, side: 'respondent' as const },
  { id: 'witness', role: 'witness' as const },
];

test('a caucus with a side may ask that side’s party and counsel, nobody else', () => {
  expect(caucusMembers(answering, 'claimant')).toEqual(['claimant', 'counsel-c']);
  expect(caucusMembers(answering, 'respondent')).toEqual(['respondent', 'counsel-r']);
});

test('asking someone of the other side, or a witness, is refused', () => {
  const members = caucusMembers(answering, 'claimant');
  expect(caucusProblem(members, ['claimant', 'respondent'], 'sequential', 0)).toBe('outsider');
  expect(caucusProblem(members, ['claimant', 'witness'], 'sequential', 0)).toBe('outsider');
});

test('a caucus exchanges answers as given and times no question', () => {
  const members = caucusMembers(answering, 'claimant');
  expect(caucusProblem(members, ['claimant'], 'sealed', 0)).toBe('notSequential');
  expect(caucusProblem(members, ['claimant'], 'sequential', 1)).toBe('timedQuestion');
  expect(caucusProblem(members, ['claimant', 'counsel-c'], 'sequential', 0)).toBeUndefined();
});
