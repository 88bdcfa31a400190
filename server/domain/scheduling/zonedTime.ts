// Converting between instants (what we store, in UTC) and the wall clock of an IANA zone (what
// a participant reads), with Intl's time zone data and nothing else. Going from instant to wall
// clock is a lookup; going back is not a function: a spring-forward gap has wall times no
// instant shows, and a fall-back overlap has wall times two instants show.
import { CourtError } from '../CourtError.js';
import { isLocalDate, isoDateText, pad2, utcMsOf, weekdayOf, type LocalDate, type Weekday } from './localDate.js';
import { SchedulingError } from './schedulingError.js';

export interface WallTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
}

export interface WallClock extends WallTime {
  readonly second: number;
  readonly weekday: Weekday;
}

/**
 * What to do with a wall time that is not exactly one instant. In a gap, 'earlier' and 'later'
 * both move it forward by the length of the gap (01:30 in a 01:00→02:00 jump is 02:30), as
 * Temporal's 'compatible' does; in an overlap they pick the first or second occurrence.
 * 'reject' refuses both.
 */
export type Disambiguation = 'earlier' | 'later' | 'reject';

const DAY_MS = 24 * 60 * 60 * 1000;

// Building a DateTimeFormat costs far more than using one, and slot searches ask thousands of
// times for the same few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter !== undefined) return formatter;
  formatter = createFormatter(zone);
  formatters.set(zone, formatter);
  return formatter;
}

function createFormatter(zone: string): Intl.DateTimeFormat {
  if (typeof zone !== 'string' || zone === '') throw invalidZone(zone);
  try {
    // h23: 'h24'/hour12:false locales would show midnight as 24. The era lets years before 1 AD
    // be told apart; gregory/latn keep the parts plain ASCII digits of the proleptic calendar.
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw invalidZone(zone);
  }
}

function invalidZone(zone: unknown): SchedulingError {
  return new SchedulingError('INVALID_TIME_ZONE', `timeZone must be an IANA zone name such as 'Europe/London'; got ${JSON.stringify(zone)}`);
}

/** Throws INVALID_TIME_ZONE unless Intl knows the zone. */
export function requireTimeZone(zone: string): void {
  formatterFor(zone);
}

function requireInstant(instant: Date, name = 'instant'): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new CourtError('INVALID_PAYLOAD', `${name} must be a valid Date`);
  return ms;
}

/** The wall clock an instant shows in a zone (to the second; milliseconds are dropped). */
export function wallClockIn(instant: Date, zone: string): WallClock {
  return wallClockAt(requireInstant(instant), zone);
}

function wallClockAt(ms: number, zone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(zone).formatToParts(ms)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const date: LocalDate = {
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
  };
  const clock = { ...date, hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
  return { ...clock, weekday: weekdayOf(date) };
}

/**
 * Milliseconds the zone's clocks are ahead of UTC at an instant. Whole minutes today; before
 * standard time, local mean time had seconds too (Asia/Kolkata in 1900 was +05:21:10).
 */
function offsetMsAt(ms: number, zone: string): number {
  const wall = wallClockAt(ms, zone);
  return utcMsOf(wall, wall.hour, wall.minute, wall.second) - Math.floor(ms / 1000) * 1000;
}

/** Minutes ahead of UTC (negative west of Greenwich); fractional only for pre-1900s local mean time. */
export function zoneOffsetMinutes(instant: Date, zone: string): number {
  return offsetMsAt(requireInstant(instant), zone) / 60_000;
}

/** The instant at which the zone's clocks show `wall`, resolving gaps and overlaps as asked. */
export function instantOf(wall: WallTime, zone: string, disambiguation: Disambiguation = 'earlier'): Date {
  requireWallTime(wall);
  requireTimeZone(zone);
  const local = utcMsOf(wall, wall.hour, wall.minute);
  const candidates = possibleInstants(local, zone);
  if (candidates.length === 1) return new Date(candidates[0]!);
  if (candidates.length > 1) return new Date(pickFromOverlap(candidates, wall, zone, disambiguation));
  if (disambiguation === 'reject') {
    throw new SchedulingError('LOCAL_TIME_SKIPPED', `${describeWall(wall)} does not exist in ${zone}: the clocks skip it; choose a later time`);
  }
  // Read with the offset in force before the jump, the wall time lands after it, moved forward
  // by exactly the length of the gap.
  return new Date(local - offsetMsAt(local - DAY_MS, zone));
}

/**
 * Every instant whose wall clock reads `local`, earliest first. Offsets can only change at a
 * transition, so the offsets a day either side are the only ones that can apply (no zone has
 * changed its clocks twice within two days).
 */
function possibleInstants(local: number, zone: string): number[] {
  const offsets = new Set([offsetMsAt(local - DAY_MS, zone), offsetMsAt(local + DAY_MS, zone)]);
  return [...offsets]
    .map((offset) => local - offset)
    .filter((instant) => instant + offsetMsAt(instant, zone) === local)
    .sort((a, b) => a - b);
}

function pickFromOverlap(candidates: number[], wall: WallTime, zone: string, disambiguation: Disambiguation): number {
  if (disambiguation === 'reject') {
    throw new SchedulingError(
      'LOCAL_TIME_AMBIGUOUS',
      `${describeWall(wall)} happens twice in ${zone} as the clocks go back; say whether the earlier or the later one is meant`,
    );
  }
  return disambiguation === 'earlier' ? candidates[0]! : candidates[candidates.length - 1]!;
}

function requireWallTime(wall: WallTime): void {
  const valid =
    typeof wall === 'object' &&
    wall !== null &&
    isLocalDate(wall) &&
    Number.isInteger(wall.hour) &&
    wall.hour >= 0 &&
    wall.hour <= 23 &&
    Number.isInteger(wall.minute) &&
    wall.minute >= 0 &&
    wall.minute <= 59;
  if (!valid) {
    throw new CourtError('INVALID_PAYLOAD', `a local time needs a real date (years 1–9999), an hour 0–23 and a minute 0–59; got ${JSON.stringify(wall)}`);
  }
}

function describeWall(wall: WallTime): string {
  return `${isoDateText(wall)} ${pad2(wall.hour)}:${pad2(wall.minute)}`;
}
