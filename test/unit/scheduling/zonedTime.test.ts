import { CourtError } from '../../../server/domain/CourtError.js';
import { SchedulingError } from '../../../server/domain/scheduling/schedulingError.js';
import { instantOf, wallClockIn, zoneOffsetMinutes, type WallTime } from '../../../server/domain/scheduling/zonedTime.js';

const at = (iso: string) => new Date(iso);
const wall = (year: number, month: number, day: number, hour: number, minute: number): WallTime => ({ year, month, day, hour, minute });
const MINUTE = 60_000;

/** The wall clock as Intl itself writes it, 'YYYY-MM-DD HH:MM', independent of the module. */
function intlWall(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** 'YYYY-MM-DD HH:MM' as a WallTime. */
function parseWall(text: string): WallTime {
  const [year, month, day, hour, minute] = text.split(/[- :]/).map(Number) as [number, number, number, number, number];
  return { year, month, day, hour, minute };
}

function wallText(w: WallTime): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}`;
}

function problemOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedulingError) return error.problem;
    throw error;
  }
  return undefined;
}

// Transitions of 2026, read from the tz database through Intl (see the first describe).
const TRANSITIONS = [
  { zone: 'Europe/London', instant: '2026-03-29T01:00:00Z', before: 0, after: 60, wallBefore: '2026-03-29 00:59', wallAfter: '2026-03-29 02:00' },
  { zone: 'Europe/London', instant: '2026-10-25T01:00:00Z', before: 60, after: 0, wallBefore: '2026-10-25 01:59', wallAfter: '2026-10-25 01:00' },
  { zone: 'America/New_York', instant: '2026-03-08T07:00:00Z', before: -300, after: -240, wallBefore: '2026-03-08 01:59', wallAfter: '2026-03-08 03:00' },
  { zone: 'America/New_York', instant: '2026-11-01T06:00:00Z', before: -240, after: -300, wallBefore: '2026-11-01 01:59', wallAfter: '2026-11-01 01:00' },
  { zone: 'Australia/Sydney', instant: '2026-04-04T16:00:00Z', before: 660, after: 600, wallBefore: '2026-04-05 02:59', wallAfter: '2026-04-05 02:00' },
  { zone: 'Australia/Sydney', instant: '2026-10-03T16:00:00Z', before: 600, after: 660, wallBefore: '2026-10-04 01:59', wallAfter: '2026-10-04 03:00' },
] as const;

describe('an instant reads as the wall clock of the zone, on both sides of a clock change', () => {
  test.each(TRANSITIONS)('$zone changes from $before to $after minutes at $instant', ({ zone, instant, before, after, wallBefore, wallAfter }) => {
    const change = at(instant);
    const justBefore = new Date(change.getTime() - MINUTE);
    expect(zoneOffsetMinutes(justBefore, zone)).toBe(before);
    expect(zoneOffsetMinutes(change, zone)).toBe(after);
    expect(wallText(wallClockIn(justBefore, zone))).toBe(wallBefore);
    expect(wallText(wallClockIn(change, zone))).toBe(wallAfter);
    expect(intlWall(change, zone)).toBe(wallAfter);
  });

  test('the wall clock carries seconds and the ISO weekday, 1 = Monday … 7 = Sunday', () => {
    expect(wallClockIn(at('2026-03-29T00:59:59.999Z'), 'Europe/London')).toEqual({ year: 2026, month: 3, day: 29, hour: 0, minute: 59, second: 59, weekday: 7 });
    expect(wallClockIn(at('2026-03-09T23:30:00Z'), 'Asia/Shanghai')).toMatchObject({ day: 10, hour: 7, minute: 30, weekday: 2 });
    expect(wallClockIn(at('2026-03-09T23:30:00Z'), 'America/Sao_Paulo')).toMatchObject({ day: 9, hour: 20, minute: 30, weekday: 1 });
  });

  test('midnight is hour 0, never 24', () => {
    expect(wallClockIn(at('2026-03-09T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({ day: 10, hour: 0, minute: 0 });
  });

  test('half-hour and quarter-hour zones keep their odd offsets', () => {
    expect(zoneOffsetMinutes(at('2026-03-10T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(at('2026-03-10T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(wallClockIn(at('2026-03-10T03:30:00Z'), 'Asia/Kolkata')).toMatchObject({ hour: 9, minute: 0 });
  });

  test('Asia/Shanghai and America/Sao_Paulo keep one offset all through 2026', () => {
    for (let month = 0; month < 12; month++) {
      const instant = new Date(Date.UTC(2026, month, 15, 12));
      expect(zoneOffsetMinutes(instant, 'Asia/Shanghai')).toBe(480);
      expect(zoneOffsetMinutes(instant, 'America/Sao_Paulo')).toBe(-180);
    }
  });

  test('America/Sao_Paulo still changed its clocks in 2018, before Brazil dropped summer time', () => {
    expect(zoneOffsetMinutes(at('2018-11-04T02:59:00Z'), 'America/Sao_Paulo')).toBe(-180);
    expect(zoneOffsetMinutes(at('2018-11-04T03:00:00Z'), 'America/Sao_Paulo')).toBe(-120);
  });

  test('local mean time before standard time has an offset with seconds, and is kept exact', () => {
    // Asia/Kolkata in 1900 was +05:21:10.
    expect(zoneOffsetMinutes(at('1900-01-01T00:00:00Z'), 'Asia/Kolkata')).toBeCloseTo(321 + 10 / 60, 10);
    expect(instantOf(wall(1900, 1, 1, 5, 21), 'Asia/Kolkata').toISOString()).toBe('1899-12-31T23:59:50.000Z');
  });
});

describe('a wall time that exists once is exactly one instant', () => {
  test.each([
    ['Europe/London', '2026-07-01 12:00', '2026-07-01T11:00:00.000Z'],
    ['Europe/London', '2026-01-15 12:00', '2026-01-15T12:00:00.000Z'],
    ['America/New_York', '2026-03-10 09:00', '2026-03-10T13:00:00.000Z'],
    ['Australia/Sydney', '2026-01-15 09:00', '2026-01-14T22:00:00.000Z'],
    ['Asia/Kolkata', '2026-03-10 09:00', '2026-03-10T03:30:00.000Z'],
    ['Asia/Shanghai', '2026-03-10 00:00', '2026-03-09T16:00:00.000Z'],
  ])('%s %s is %s', (zone, local, expected) => {
    for (const how of ['earlier', 'later', 'reject'] as const) expect(instantOf(parseWall(local), zone, how).toISOString()).toBe(expected);
  });

  test('years before 100 are not read as 19xx', () => {
    expect(instantOf(wall(50, 6, 1, 12, 0), 'UTC').getUTCFullYear()).toBe(50);
  });
});

describe('a wall time the clocks skip moves forward by the gap, or is refused', () => {
  test.each([
    ['Europe/London', '2026-03-29 01:30', '2026-03-29T01:30:00.000Z', '2026-03-29 02:30'],
    ['Europe/London', '2026-03-29 01:00', '2026-03-29T01:00:00.000Z', '2026-03-29 02:00'],
    ['America/New_York', '2026-03-08 02:30', '2026-03-08T07:30:00.000Z', '2026-03-08 03:30'],
    ['Australia/Sydney', '2026-10-04 02:15', '2026-10-03T16:15:00.000Z', '2026-10-04 03:15'],
    // Chile changes at midnight, so that day has no 00:00 to 00:59 at all.
    ['America/Santiago', '2026-09-06 00:00', '2026-09-06T04:00:00.000Z', '2026-09-06 01:00'],
  ])('%s %s does not exist: earlier and later both give %s (%s local)', (zone, text, expected, shownAs) => {
    const local = parseWall(text);
    expect(instantOf(local, zone, 'earlier').toISOString()).toBe(expected);
    expect(instantOf(local, zone, 'later').toISOString()).toBe(expected);
    expect(instantOf(local, zone).toISOString()).toBe(expected);
    expect(intlWall(at(expected), zone)).toBe(shownAs);
  });

  test('with reject, a skipped time is refused as LOCAL_TIME_SKIPPED under INVALID_PAYLOAD', () => {
    const run = () => instantOf(wall(2026, 3, 29, 1, 30), 'Europe/London', 'reject');
    expect(problemOf(run)).toBe('LOCAL_TIME_SKIPPED');
    expect(run).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.stringMatching(/2026-03-29 01:30 does not exist in Europe\/London/) }));
  });

  test('the minute before a gap and the minute it ends are ordinary times', () => {
    expect(instantOf(wall(2026, 3, 29, 0, 59), 'Europe/London', 'reject').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(instantOf(wall(2026, 3, 29, 2, 0), 'Europe/London', 'reject').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('a wall time the clocks show twice is the first or the second, or is refused', () => {
  test.each([
    ['Europe/London', '2026-10-25 01:30', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'],
    ['Australia/Sydney', '2026-04-05 02:30', '2026-04-04T15:30:00.000Z', '2026-04-04T16:30:00.000Z'],
    // Chile goes back from 24:00 to 23:00, so the late evening of the Saturday happens twice.
    ['America/Santiago', '2026-04-04 23:30', '2026-04-05T02:30:00.000Z', '2026-04-05T03:30:00.000Z'],
  ])('%s %s happens at %s and again at %s', (zone, text, first, second) => {
    const local = parseWall(text);
    expect(instantOf(local, zone, 'earlier').toISOString()).toBe(first);
    expect(instantOf(local, zone).toISOString()).toBe(first);
    expect(instantOf(local, zone, 'later').toISOString()).toBe(second);
    expect(intlWall(at(first), zone)).toBe(wallText(local));
    expect(intlWall(at(second), zone)).toBe(wallText(local));
    expect(problemOf(() => instantOf(local, zone, 'reject'))).toBe('LOCAL_TIME_AMBIGUOUS');
  });
});

describe('wall clock and instant convert back and forth around every change', () => {
  test.each(TRANSITIONS)('every quarter hour within six hours of $zone $instant round-trips', ({ zone, instant }) => {
    const change = at(instant).getTime();
    for (let t = change - 6 * 60 * MINUTE; t <= change + 6 * 60 * MINUTE; t += 15 * MINUTE) {
      const local = wallClockIn(new Date(t), zone);
      const back = [instantOf(local, zone, 'earlier').getTime(), instantOf(local, zone, 'later').getTime()];
      expect(back).toContain(t);
      expect(intlWall(new Date(t), zone)).toBe(wallText(local));
    }
  });
});

describe('nonsense is refused with a message that says what is expected', () => {
  test('an unknown zone is INVALID_TIME_ZONE', () => {
    expect(problemOf(() => wallClockIn(at('2026-03-10T00:00:00Z'), 'Mars/Olympus_Mons'))).toBe('INVALID_TIME_ZONE');
    expect(problemOf(() => instantOf(wall(2026, 3, 10, 9, 0), ''))).toBe('INVALID_TIME_ZONE');
    expect(() => zoneOffsetMinutes(at('2026-03-10T00:00:00Z'), 'Europe/Lodnon')).toThrow(/IANA zone name/);
  });

  test.each([
    ['30 February', wall(2026, 2, 30, 9, 0)],
    ['hour 24', wall(2026, 3, 10, 24, 0)],
    ['minute 60', wall(2026, 3, 10, 9, 60)],
    ['a fractional minute', wall(2026, 3, 10, 9, 0.5)],
    ['month 13', wall(2026, 13, 1, 9, 0)],
  ])('a local time with %s is not a time', (_name, local) => {
    expect(() => instantOf(local, 'Europe/London')).toThrow(CourtError);
    expect(() => instantOf(local, 'Europe/London')).toThrow(/a real date/);
  });

  test('an invalid Date is refused', () => {
    expect(() => wallClockIn(new Date(Number.NaN), 'Europe/London')).toThrow(/instant must be a valid Date/);
  });
});
