// The review rule of bilingual documents: a change in one language asks for review of the other;
// answering the review does not send the question back.
import { ANSWER_WINDOW_MS, reviewChanges, type ReviewAnswer } from '../../../server/domain/documents/reviewMarks.js';
import type { ReviewMark } from '../../../server/domain/documents/documentContent.js';

const languages = ['zh', 'pt'];
const now = new Date('2025-03-14T09:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const state = (marks: Record<string, ReviewMark> = {}, missing: string[] = []) => ({
  marks: new Map(Object.entries(marks)),
  hasParagraph: (language: string, pid: string) => !missing.includes(`${language}:${pid}`),
});
const asObject = (changes: ReturnType<typeof reviewChanges>) => ({ set: Object.fromEntries(changes.set), remove: [...changes.remove] });

test('a paragraph changed in one language marks its counterpart in the other', () => {
  const answered = new Map<string, ReviewAnswer>();
  expect(asObject(reviewChanges([{ language: 'zh', pid: 'p1', actor: 'A' }], languages, state(), answered, now))).toEqual({
    set: { 'pt:p1': { changedIn: 'zh', at: now.toISOString() } },
    remove: [],
  });
});

test('further edits while the counterpart is marked change nothing', () => {
  const marks = { 'pt:p1': { changedIn: 'zh', at: now.toISOString() } };
  expect(asObject(reviewChanges([{ language: 'zh', pid: 'p1', actor: 'A' }], languages, state(marks), new Map(), now))).toEqual({ set: {}, remove: [] });
});

test('editing a marked paragraph clears its mark and does not mark the original back, for the same reviewer a while', () => {
  const answered = new Map<string, ReviewAnswer>();
  const marks = { 'pt:p1': { changedIn: 'zh', at: now.toISOString() } };
  expect(asObject(reviewChanges([{ language: 'pt', pid: 'p1', actor: 'B' }], languages, state(marks), answered, now))).toEqual({ set: {}, remove: ['pt:p1'] });
  // The reviewer keeps typing in the paragraph: still the answer.
  expect(asObject(reviewChanges([{ language: 'pt', pid: 'p1', actor: 'B' }], languages, state(), answered, later(60_000)))).toEqual({ set: {}, remove: [] });
  // Someone else changes it: that is a change of its own.
  expect(asObject(reviewChanges([{ language: 'pt', pid: 'p1', actor: 'C' }], languages, state(), answered, later(61_000))).set).toEqual({
    'zh:p1': { changedIn: 'pt', at: later(61_000).toISOString() },
  });
});

test('after the answer window, the reviewer’s own later change marks the original', () => {
  const answered = new Map<string, ReviewAnswer>([['pt:p1', { actor: 'B', at: now.getTime() }]]);
  expect(asObject(reviewChanges([{ language: 'pt', pid: 'p1', actor: 'B' }], languages, state(), answered, later(ANSWER_WINDOW_MS + 1))).set).toHaveProperty('zh:p1');
});

test('both languages changed together clear both marks and set none', () => {
  const marks = { 'pt:p1': { changedIn: 'zh', at: now.toISOString() } };
  const edits = [
    { language: 'zh', pid: 'p1', actor: 'A' },
    { language: 'pt', pid: 'p1', actor: 'A' },
  ];
  expect(asObject(reviewChanges(edits, languages, state(marks), new Map(), now))).toEqual({ set: {}, remove: ['pt:p1'] });
});

test('no counterpart, no mark; a document in one language has no review', () => {
  expect(asObject(reviewChanges([{ language: 'zh', pid: 'new', actor: 'A' }], languages, state({}, ['pt:new']), new Map(), now))).toEqual({ set: {}, remove: [] });
  expect(asObject(reviewChanges([{ language: 'zh', pid: 'p1', actor: 'A' }], ['zh'], state(), new Map(), now))).toEqual({ set: {}, remove: [] });
});
