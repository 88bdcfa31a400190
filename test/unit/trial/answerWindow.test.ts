// Timed answer windows: a personal window from the first opening, answered in person within it;
// after it, refused or flagged by the round's late rule; the text hidden until opened.
import { acceptsTimedAnswer, requireOwnWindow, requireTimed, timedTextVisibleTo, windowClosesAt, type QuestionOpening } from '../../../server/domain/trial/answerWindow.js';
import { roundViewOf } from '../../../server/record/trialViews.js';
import { claimantCounsel, judge, respondent, round, witness } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

const opening: QuestionOpening = { roundId: 'r1', threadId: 't1', participantId: 'wi', openedAt: '2026-03-02T10:00:00.000Z', closesAt: '2026-03-02T10:15:00.000Z', ledgerSeq: 7 };
const at = (instant: string) => new Date(instant);
const refuse = { kind: 'refuse' } as const;
const acceptFlagged = { kind: 'acceptFlagged', windowMinutes: 60 } as const;

test('a window closes its minutes after the first opening', () => {
  expect(windowClosesAt('2026-03-02T10:00:00.000Z', 15)).toBe('2026-03-02T10:15:00.000Z');
  expect(windowClosesAt('2026-03-02T23:50:00.000Z', 24 * 60)).toBe('2026-03-03T23:50:00.000Z');
});

test('only a timed question has a window to open, and only its own participant opens it', () => {
  expect(codeOf(() => requireTimed({ id: 't1' }))).toBe('QUESTION_NOT_TIMED');
  expect(requireTimed({ id: 't1', timed: { minutes: 15, commitment: 'c', nonce: 'n' } }).minutes).toBe(15);
  expect(() => requireOwnWindow('wi', undefined)).not.toThrow();
  expect(() => requireOwnWindow('wi', 'wi')).not.toThrow();
  expect(codeOf(() => requireOwnWindow('co', 'cl'))).toBe('NOT_YOUR_WINDOW');
});

test('an answer within the window is taken; it needs the question opened first, by the one who answers in person', () => {
  expect(acceptsTimedAnswer(opening, 'wi', 'wi', refuse, at('2026-03-02T10:14:59.000Z'), false)).toEqual({ outsideWindow: false });
  expect(acceptsTimedAnswer(opening, 'wi', 'wi', refuse, at('2026-03-02T10:15:00.000Z'), true)).toEqual({ outsideWindow: false });
  expect(codeOf(() => acceptsTimedAnswer(undefined, 'wi', 'wi', refuse, at('2026-03-02T10:01:00.000Z'), false))).toBe('WINDOW_NOT_OPENED');
  expect(codeOf(() => acceptsTimedAnswer(opening, 'co', 'cl', refuse, at('2026-03-02T10:01:00.000Z'), false))).toBe('NOT_YOUR_ANSWER');
});

test('after the window, an answer is refused with WINDOW_CLOSED, or taken and flagged when the round accepts late answers; never changed', () => {
  const after = at('2026-03-02T10:15:01.000Z');
  expect(codeOf(() => acceptsTimedAnswer(opening, 'wi', 'wi', refuse, after, false))).toBe('WINDOW_CLOSED');
  expect(acceptsTimedAnswer(opening, 'wi', 'wi', acceptFlagged, after, false)).toEqual({ outsideWindow: true });
  expect(codeOf(() => acceptsTimedAnswer(opening, 'wi', 'wi', acceptFlagged, after, true))).toBe('WINDOW_CLOSED');
});

describe("who reads a timed question's text", () => {
  const required = ['wi', 'cl'];
  const viewer = (participantId: string, role: 'judge' | 'clerk' | 'witness' | 'claimant' | 'counsel' | 'respondent', side?: 'claimant' | 'respondent') => ({ participantId, role, ...(side === undefined ? {} : { side }) });

  test('the court always', () => {
    expect(timedTextVisibleTo(viewer('ju', 'judge'), required, new Set(), false)).toBe(true);
    expect(timedTextVisibleTo(viewer('ck', 'clerk'), required, new Set(), false)).toBe(true);
  });

  test('a participant asked, once they opened it, whoever else has not', () => {
    expect(timedTextVisibleTo(viewer('wi', 'witness'), required, new Set(), false)).toBe(false);
    expect(timedTextVisibleTo(viewer('wi', 'witness'), required, new Set(['cl']), false)).toBe(false);
    expect(timedTextVisibleTo(viewer('wi', 'witness'), required, new Set(['wi']), false)).toBe(true);
  });

  test('anyone else — counsel of the witness’s side too — only once everyone asked has opened it, or the round has closed', () => {
    expect(timedTextVisibleTo(viewer('co', 'counsel', 'claimant'), required, new Set(['wi']), false)).toBe(false);
    expect(timedTextVisibleTo(viewer('re', 'respondent', 'respondent'), required, new Set(['wi', 'cl']), false)).toBe(true);
    expect(timedTextVisibleTo(viewer('co', 'counsel', 'claimant'), required, new Set(), true)).toBe(true);
  });
});

describe('the view of a round with a timed question', () => {
  const TEXT = 'TIMED QUESTION TEXT';
  const timedRound = round({
    required: [witness].map((p) => ({ participantId: p.id, displayName: p.displayName, role: p.role, servedAt: '2026-03-01T00:00:00.000Z' })),
    threads: [{ id: 't1', kind: 'question', text: TEXT, language: 'en', askedBy: 'account:judge', askedAt: '2026-03-01T00:00:00.000Z', timed: { minutes: 15, commitment: 'c'.repeat(64), nonce: 'NONCE' } }],
  });
  const witnessOpened: QuestionOpening = { ...opening, roundId: timedRound.id };
  const NOW = new Date('2026-03-02T10:20:00.000Z');

  test('before the witness opens it, neither the witness nor a party is shown its text or nonce; the court is', () => {
    for (const viewer of [witness, claimantCounsel, respondent]) {
      const view = roundViewOf(timedRound, [], [], viewer, NOW);
      expect(view.threads[0]).toMatchObject({ text: '', hiddenUntilOpened: true, answerWindow: { minutes: 15, openings: [] } });
      expect(JSON.stringify(view)).not.toContain(TEXT);
      expect(JSON.stringify(view)).not.toContain('NONCE');
    }
    expect(roundViewOf(timedRound, [], [], judge, NOW).threads[0]).toMatchObject({ text: TEXT, answerWindow: { nonce: 'NONCE' } });
  });

  test('once the witness opened it, everyone who sees the round reads it, with the window and whether it has passed', () => {
    const view = roundViewOf(timedRound, [], [], witness, NOW, [witnessOpened]);
    expect(view.threads[0]).toMatchObject({ text: TEXT, answerWindow: { nonce: 'NONCE', yours: { openedAt: opening.openedAt, closesAt: opening.closesAt, passed: true } } });
    expect(view.threads[0]!.hiddenUntilOpened).toBeUndefined();
    expect(roundViewOf(timedRound, [], [], respondent, NOW, [witnessOpened]).threads[0]!.text).toBe(TEXT);
  });
});
