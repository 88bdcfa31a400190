// A timed question's window as the viewer sees it: waiting to be opened (text hidden), running,
// closed; its end placed on the browser's clock from the court's clock, not the browser's own;
// and for the court, when each person asked opened it and answered.
import { courtNowAt, windowRecord, windowStateOf, windowTarget } from '../../../client/src/record/answerWindow.js';
import type { RoundView, ThreadView } from '../../../client/src/record/apiTypes.js';

const ME = 'witness-1';
const OTHER = 'party-2';
const COURT_NOW = Date.parse('2026-03-10T09:00:00Z');
const deadline = { at: '2026-03-11T09:00:00.000Z', remainingSeconds: 86_400, passed: false };

const round = (you: string, required = [ME, OTHER]) =>
  ({
    you: { participantId: you, required: required.includes(you), answersFor: required.includes(you) ? [you] : [] },
    required: required.map((participantId) => ({ participantId, displayName: participantId })),
  }) as unknown as Pick<RoundView, 'you' | 'required'>;

const timed = (extra: Partial<NonNullable<ThreadView['answerWindow']>> = {}, hidden = true) =>
  ({ answerWindow: { minutes: 10, commitment: 'c', openings: [], ...extra }, ...(hidden ? { hiddenUntilOpened: true } : {}), answers: [] }) as unknown as ThreadView;

test('the court’s clock is read from the deadline and the seconds left to it', () => {
  expect(courtNowAt(deadline, 0)).toBe(COURT_NOW);
  // After the deadline the seconds left say nothing: the browser's clock stands in.
  expect(courtNowAt({ ...deadline, remainingSeconds: 0, passed: true }, 1234)).toBe(1234);
});

test('a window’s end is placed on the browser’s clock, whatever the browser thinks the time is', () => {
  const closesAt = new Date(COURT_NOW + 10 * 60_000).toISOString();
  const browserNow = COURT_NOW - 3 * 60_000; // a browser three minutes slow
  expect(windowTarget(closesAt, deadline, browserNow)).toBe(browserNow + 10 * 60_000);
});

test('a timed question put to the viewer waits to be opened; once opened its window runs, then closes', () => {
  expect(windowStateOf(timed(), round(ME))).toBe('unopened');
  const yours = { openedAt: '2026-03-10T09:00:00.000Z', closesAt: '2026-03-10T09:10:00.000Z', passed: false };
  expect(windowStateOf(timed({ yours }, false), round(ME))).toBe('running');
  expect(windowStateOf(timed({ yours: { ...yours, passed: true } }, false), round(ME))).toBe('closed');
});

test('a timed question not put to the viewer is hidden until all asked opened it; the court reads it', () => {
  expect(windowStateOf(timed(), round('counsel', [ME]))).toBe('hidden');
  expect(windowStateOf(timed({}, false), round('judge', [ME]))).toBe('readable');
  expect(windowStateOf({ answerWindow: undefined } as ThreadView, round(ME))).toBe('untimed');
});

test('the court sees when each person asked opened the question and when they answered', () => {
  const thread = {
    answerWindow: { minutes: 10, commitment: 'c', openings: [{ participantId: ME, openedAt: '2026-03-10T09:00:00.000Z', closesAt: '2026-03-10T09:10:00.000Z' }] },
    answers: [{ for: ME, firstSubmittedAt: '2026-03-10T09:04:00.000Z', window: { openedAt: '2026-03-10T09:00:00.000Z', closesAt: '2026-03-10T09:10:00.000Z', outside: false } }],
  } as unknown as ThreadView;
  expect(windowRecord(thread, round('judge') as Pick<RoundView, 'required'>)).toEqual([
    { participantId: ME, displayName: ME, openedAt: '2026-03-10T09:00:00.000Z', closesAt: '2026-03-10T09:10:00.000Z', answeredAt: '2026-03-10T09:04:00.000Z', outside: false },
    { participantId: OTHER, displayName: OTHER, outside: false },
  ]);
});
