// Who may write what in an exhibit's cross-examination: the other side states its view, the
// filing side replies, the court asks; a question to a side is answered once by that side.
import { isPutTo, opposingSides, partIn, questionsWithAnswers, unansweredQuestions } from '../../../client/src/record/examinationStanding.js';
import type { ExaminationPostView } from '../../../client/src/record/apiTypes.js';

function post(id: string, kind: ExaminationPostView['kind'], extra: Partial<ExaminationPostView> = {}): ExaminationPostView {
  return { id, kind, language: 'en', by: 'x', byName: 'X', role: 'judge', at: '2026-03-10T09:00:00.000Z', ledgerSeq: 1, ...extra };
}

test('the other side examines a party’s exhibit; both sides examine the court’s', () => {
  expect(opposingSides('claimant')).toEqual(['respondent']);
  expect(opposingSides(undefined)).toEqual(['claimant', 'respondent']);
});

test('the opposing side states a view, the filing side replies, the court asks', () => {
  const exhibit = { filingSide: 'claimant' as const, withdrawn: false };
  expect(partIn(exhibit, 'respondent', false)).toEqual({ opinion: true, reply: false, question: false });
  expect(partIn(exhibit, 'claimant', false)).toEqual({ opinion: false, reply: true, question: false });
  expect(partIn(exhibit, undefined, true)).toEqual({ opinion: false, reply: false, question: true });
});

test('a withdrawn exhibit is examined no further', () => {
  expect(partIn({ filingSide: 'claimant', withdrawn: true }, 'respondent', true)).toEqual({ opinion: false, reply: false, question: false });
});

test('a question to no side is put to both; a question to one side only to it', () => {
  expect(isPutTo({ to: undefined }, 'claimant')).toBe(true);
  expect(isPutTo({ to: 'respondent' }, 'claimant')).toBe(false);
  expect(isPutTo({ to: 'claimant' }, undefined)).toBe(false);
});

test('a question stays open for a side until someone of that side answers it', () => {
  const posts = [
    post('q1', 'question'),
    post('q2', 'question', { to: 'respondent' }),
    post('a1', 'answer', { inReplyTo: 'q1', side: 'respondent', role: 'respondent' }),
  ];
  expect(questionsWithAnswers(posts).map(({ question, answers }) => [question.id, answers.map((a) => a.id)])).toEqual([
    ['q1', ['a1']],
    ['q2', []],
  ]);
  expect(unansweredQuestions(posts, 'respondent').map((q) => q.id)).toEqual(['q2']);
  expect(unansweredQuestions(posts, 'claimant').map((q) => q.id)).toEqual(['q1']);
});
