import { SchedulingError } from '../../../server/domain/scheduling/schedulingError.js';
import {
  isWithinWorkingHours,
  workingHours,
  workingWindowOn,
  workingWindowsBetween,
  type WorkingHoursInput,
} from '../../../server/domain/scheduling/workingHours.js';

const at = (iso: string) => new Date(iso);
const london = workingHours({ timeZone: 'Europe/London', start: '09:00', end: '17:00' });
const sydney = workingHours({ timeZone: 'Australia/Sydney', start: '09:00', end: '17:00' });
const allDay = workingHours({ timeZone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' });

function problemOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedulingError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('a working week has one spelling and must contain working time', () => {
  test('days default to Monday–Friday', () => {
    expect(london.days).toEqual([1, 2, 3, 4, 5]);
  });

  test('days are sorted and repeats dropped', () => {
    expect(workingHours({ timeZone: 'Asia/Dubai', days: [7, 1, 2, 2, 3, 4], start: '08:00', end: '16:00' }).days).toEqual([1, 2, 3, 4, 7]);
  });

  test('the result cannot be changed afterwards', () => {
    expect(Object.isFrozen(london)).toBe(true);
    expect(Object.isFrozen(london.days)).toBe(true);
  });

  test.each<[string, Partial<WorkingHoursInput>, RegExp]>([
    ['an end before the start', { start: '17:00', end: '09:00' }, /end \(09:00\) must be after start \(17:00\)/],
    ['an end equal to the start', { start: '09:00', end: '09:00' }, /must be after start/],
    ['a window past midnight', { start: '22:00', end: '02:00' }, /same day/],
    ['an hour without its leading zero', { start: '9:00' }, /'HH:MM'/],
    ['hour 25', { end: '25:00' }, /'HH:MM'/],
    ['a start of 24:00', { start: '24:00', end: '24:00' }, /'HH:MM'/],
    ['no days', { days: [] }, /at least one weekday/],
    ['day 0', { days: [0, 1] }, /1 \(Monday\) to 7 \(Sunday\)/],
    ['day 8', { days: [8] }, /weekday/],
    ['a fractional day', { days: [1.5] }, /weekday/],
    ['an unknown zone', { timeZone: 'Europe/Atlantis' }, /IANA zone name/],
  ])('a working week with %s is refused', (_name, change, message) => {
    const input = { timeZone: 'Europe/London', start: '09:00', end: '17:00', ...change };
    expect(() => workingHours(input)).toThrow(message);
    expect(problemOf(() => workingHours(input))).toMatch(/INVALID_WORKING_HOURS|INVALID_TIME_ZONE/);
  });

  test('24:00 is allowed as an end, so a whole day can be worked', () => {
    expect(allDay.end).toBe('24:00');
  });
});

describe('a hearing is within working hours only when it lies wholly inside one working day', () => {
  test.each([
    ['fills the day exactly', '2026-03-10T09:00:00Z', '2026-03-10T17:00:00Z', true],
    ['ends exactly at the end of the day', '2026-03-10T16:00:00Z', '2026-03-10T17:00:00Z', true],
    ['starts a minute early', '2026-03-10T08:59:00Z', '2026-03-10T10:00:00Z', false],
    ['runs a minute late', '2026-03-10T16:01:00Z', '2026-03-10T17:01:00Z', false],
    ['falls on a Saturday', '2026-03-14T10:00:00Z', '2026-03-14T11:00:00Z', false],
    ['runs from one working day into the next', '2026-03-10T16:00:00Z', '2026-03-11T10:00:00Z', false],
  ])('in London in winter, a hearing that %s: %s', (_name, start, end, expected) => {
    expect(isWithinWorkingHours(at(start), at(end), london)).toBe(expected);
  });

  test('London hours move an hour earlier in UTC once British summer time starts on 29 March 2026', () => {
    // Friday 27 March: GMT, 09:00–17:00 local is 09:00–17:00 UTC.
    expect(isWithinWorkingHours(at('2026-03-27T16:00:00Z'), at('2026-03-27T17:00:00Z'), london)).toBe(true);
    expect(isWithinWorkingHours(at('2026-03-27T08:00:00Z'), at('2026-03-27T09:00:00Z'), london)).toBe(false);
    // Monday 30 March: BST, 09:00–17:00 local is 08:00–16:00 UTC.
    expect(isWithinWorkingHours(at('2026-03-30T16:00:00Z'), at('2026-03-30T17:00:00Z'), london)).toBe(false);
    expect(isWithinWorkingHours(at('2026-03-30T08:00:00Z'), at('2026-03-30T09:00:00Z'), london)).toBe(true);
  });

  test('Sydney hours move an hour later in UTC when daylight saving ends on 5 April 2026', () => {
    expect(workingWindowOn({ year: 2026, month: 4, day: 3 }, sydney)).toEqual({ start: at('2026-04-02T22:00:00Z'), end: at('2026-04-03T06:00:00Z') });
    expect(workingWindowOn({ year: 2026, month: 4, day: 6 }, sydney)).toEqual({ start: at('2026-04-05T23:00:00Z'), end: at('2026-04-06T07:00:00Z') });
    expect(isWithinWorkingHours(at('2026-04-06T06:00:00Z'), at('2026-04-06T07:00:00Z'), sydney)).toBe(true);
    expect(isWithinWorkingHours(at('2026-04-03T06:00:00Z'), at('2026-04-03T07:00:00Z'), sydney)).toBe(false);
  });

  test('the working day is the local one: Monday 09:00 in Sydney is Sunday in UTC', () => {
    expect(isWithinWorkingHours(at('2026-04-05T23:00:00Z'), at('2026-04-06T00:00:00Z'), sydney)).toBe(true);
    // Saturday 4 April 10:00 in Sydney is a Friday in UTC, and not a working day there.
    expect(isWithinWorkingHours(at('2026-04-03T23:00:00Z'), at('2026-04-04T00:00:00Z'), sydney)).toBe(false);
  });

  test('a hearing may not straddle local midnight, even for someone who works all day', () => {
    // Shanghai midnight is 16:00 UTC.
    expect(isWithinWorkingHours(at('2026-03-10T15:00:00Z'), at('2026-03-10T16:00:00Z'), allDay)).toBe(true);
    expect(isWithinWorkingHours(at('2026-03-10T16:00:00Z'), at('2026-03-10T17:00:00Z'), allDay)).toBe(true);
    expect(isWithinWorkingHours(at('2026-03-10T15:30:00Z'), at('2026-03-10T16:30:00Z'), allDay)).toBe(false);
  });

  test('a day whose midnight the clocks skip starts when the clocks resume', () => {
    // Brazil still had summer time in 2018: 4 November began at 01:00 (-02:00), 03:00 UTC.
    const saoPaulo = workingHours({ timeZone: 'America/Sao_Paulo', days: [7], start: '00:00', end: '24:00' });
    expect(workingWindowOn({ year: 2018, month: 11, day: 4 }, saoPaulo)).toEqual({ start: at('2018-11-04T03:00:00Z'), end: at('2018-11-05T02:00:00Z') });
  });

  test('the window of a day that loses an hour is an hour shorter', () => {
    const nightShift = workingHours({ timeZone: 'Europe/London', days: [7], start: '00:00', end: '06:00' });
    const window = workingWindowOn({ year: 2026, month: 3, day: 29 }, nightShift)!;
    expect(window.end.getTime() - window.start.getTime()).toBe(5 * 60 * 60 * 1000);
  });

  test('a day off has no window', () => {
    expect(workingWindowOn({ year: 2026, month: 3, day: 14 }, london)).toBeUndefined();
  });

  test('an empty or backward hearing is refused', () => {
    expect(() => isWithinWorkingHours(at('2026-03-10T10:00:00Z'), at('2026-03-10T10:00:00Z'), london)).toThrow(/end after start/);
    expect(() => isWithinWorkingHours(at('2026-03-10T11:00:00Z'), at('2026-03-10T10:00:00Z'), london)).toThrow(/end after start/);
  });

  test('hours never checked by workingHours() are still checked', () => {
    const unchecked = { timeZone: 'Europe/London', days: [1], start: '17:00', end: '09:00' } as const;
    expect(problemOf(() => isWithinWorkingHours(at('2026-03-09T10:00:00Z'), at('2026-03-09T11:00:00Z'), unchecked))).toBe('INVALID_WORKING_HOURS');
  });
});

describe('the working windows of a period are listed day by day', () => {
  test('a London week across the change to summer time has five windows, the last two an hour earlier in UTC', () => {
    const windows = workingWindowsBetween(london, at('2026-03-25T00:00:00Z'), at('2026-04-01T00:00:00Z'));
    expect(windows.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ['2026-03-25T09:00:00.000Z', '2026-03-25T17:00:00.000Z'],
      ['2026-03-26T09:00:00.000Z', '2026-03-26T17:00:00.000Z'],
      ['2026-03-27T09:00:00.000Z', '2026-03-27T17:00:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T16:00:00.000Z'],
      ['2026-03-31T08:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ]);
  });

  test('a window already open at the start of the period is included', () => {
    const windows = workingWindowsBetween(london, at('2026-03-10T12:00:00Z'), at('2026-03-10T13:00:00Z'));
    expect(windows).toEqual([{ start: at('2026-03-10T09:00:00Z'), end: at('2026-03-10T17:00:00Z') }]);
  });
});
