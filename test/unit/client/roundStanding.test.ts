// Where a viewer stands in a round is read from the round as the court sent it: asked to
// answer and not done, done (still editable until the deadline), asked but too late, or not asked.
import { ownAnswers, standingIn, takesAnswers } from '../../../client/src/record/roundStanding.js';
import type { RoundView } from '../../../client/src/record/apiTypes.js';

const NOW = Date.parse('2026-03-10T09:00:00Z');
const ME = 'me-0000';
const OTHER = 'other-000';

function round(overrides: { answered?: number; required?: boolean; status?: RoundView['status']; passed?: boolean; late?: RoundView['late']; closesAt?: string; answersFor?: string[] } = {}): RoundView {
  const answer = { id: 'a1', for: ME, version: 2 } as RoundView['threads'][number]['answers'][number];
  return {
    status: overrides.status ?? 'open',
    deadline: { at: '2026-03-11T09:00:00.000Z', passed: overrides.passed ?? false, remainingSeconds: 86_400 } as RoundView['deadline'],
    late: overrides.late ?? { rule: 'refuse' },
    closesAt: overrides.closesAt ?? '2026-03-11T09:00:00.000Z',
    threads: [
      { id: 't1', answers: [answer], sealedFromYou: 1 },
      { id: 't2', answers: [], sealedFromYou: 0 },
    ] as unknown as RoundView['threads'],
    required: [
      { participantId: ME, displayName: 'Zhang Wei', answeredQuestions: overrides.answered ?? 1 },
      { participantId: OTHER, displayName: 'Ana Silva', answeredQuestions: 2 },
    ] as RoundView['required'],
    you: { participantId: ME, required: overrides.required ?? true, answersFor: overrides.answersFor ?? (overrides.required === false ? [] : [ME]) },
  } as RoundView;
}

test('a party asked to answer who has not answered every question must answer', () => {
  expect(standingIn(round({ answered: 1 }), NOW)).toBe('mustAnswer');
});

test('a party that has answered every question has answered, even while the other side has not', () => {
  expect(standingIn(round({ answered: 2 }), NOW)).toBe('answered');
});

test('a party not asked to answer is told so', () => {
  expect(standingIn(round({ required: false }), NOW)).toBe('notRequired');
});

test('a closed or suspended round, or a passed deadline that refuses late answers, takes no answers: the party missed it', () => {
  expect(standingIn(round({ status: 'closed' }), NOW)).toBe('missed');
  expect(standingIn(round({ status: 'suspended' }), NOW)).toBe('missed');
  expect(standingIn(round({ passed: true }), NOW)).toBe('missed');
});

test('after the deadline, a round that accepts late answers takes them until its late window ends', () => {
  const late = { rule: 'acceptFlagged', windowMinutes: 24 * 60 } as const;
  expect(takesAnswers(round({ passed: true, late, closesAt: '2026-03-10T10:00:00.000Z' }), NOW)).toBe(true);
  expect(takesAnswers(round({ passed: true, late, closesAt: '2026-03-10T08:00:00.000Z' }), NOW)).toBe(false);
});

test('the viewer writes one answer per party it answers for, with the one on record if there is one', () => {
  expect(ownAnswers(round(), 't1')).toEqual([{ participantId: ME, displayName: 'Zhang Wei', answer: expect.objectContaining({ id: 'a1', version: 2 }) }]);
  expect(ownAnswers(round(), 't2')).toEqual([{ participantId: ME, displayName: 'Zhang Wei', answer: undefined }]);
  expect(ownAnswers(round({ required: false }), 't1')).toEqual([]);
});
