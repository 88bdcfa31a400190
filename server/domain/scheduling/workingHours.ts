// A participant's working week, kept in their own zone: "09:00 to 17:00, Monday to Friday, in
// Asia/Shanghai". It is never stored as UTC hours, because those move twice a year wherever the
// clocks change; each day's window is worked out from the wall clock of that day.
import { CourtError } from '../CourtError.js';
import { parseClockTime } from './clockTime.js';
import { addDays, weekdayOf, type LocalDate, type Weekday } from './localDate.js';
import { SchedulingError } from './schedulingError.js';
import { instantOf, requireTimeZone, wallClockIn } from './zonedTime.js';

export interface WorkingHours {
  /** IANA zone the hours are read in. */
  readonly timeZone: string;
  /** 1 = Monday … 7 = Sunday, ascending, no repeats. */
  readonly days: readonly Weekday[];
  /** 'HH:MM', 24-hour. */
  readonly start: string;
  /** 'HH:MM' after start; '24:00' runs to midnight. */
  readonly end: string;
}

export interface WorkingHoursInput {
  readonly timeZone: string;
  /** Defaults to Monday–Friday. */
  readonly days?: readonly number[];
  readonly start: string;
  readonly end: string;
}

/** [start, end) on the UTC time line. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

export const MONDAY_TO_FRIDAY: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5]);

interface ParsedHours {
  readonly timeZone: string;
  readonly days: ReadonlySet<number>;
  readonly startMinute: number;
  readonly endMinute: number;
}

/** Checks a working week and gives it its one spelling (days sorted, repeats dropped). */
export function workingHours(input: WorkingHoursInput): WorkingHours {
  const days = [...new Set(input.days ?? MONDAY_TO_FRIDAY)].sort((a, b) => a - b);
  const hours = { timeZone: input.timeZone, days: days as Weekday[], start: input.start, end: input.end };
  parseHours(hours);
  return Object.freeze({ ...hours, days: Object.freeze(hours.days) });
}

function parseHours(hours: WorkingHours): ParsedHours {
  requireTimeZone(hours.timeZone);
  const days = hours.days;
  if (!Array.isArray(days) || days.length === 0 || !days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    throw invalid(`days must list at least one weekday as 1 (Monday) to 7 (Sunday); got ${JSON.stringify(days)}`);
  }
  const startMinute = parseClockTime(hours.start);
  const endMinute = parseClockTime(hours.end, true);
  if (startMinute === undefined || endMinute === undefined) {
    throw invalid(`start and end must be 24-hour 'HH:MM' (end may be '24:00'); got ${JSON.stringify(hours.start)} and ${JSON.stringify(hours.end)}`);
  }
  // A window past midnight would belong to two days; a night shift is two windows, not one.
  if (endMinute <= startMinute) throw invalid(`end (${hours.end}) must be after start (${hours.start}) on the same day`);
  return { timeZone: hours.timeZone, days: new Set(days), startMinute, endMinute };
}

function invalid(message: string): SchedulingError {
  return new SchedulingError('INVALID_WORKING_HOURS', message);
}

/**
 * The working window on one local date, or undefined on a day off. A start or end the clocks
 * skip or show twice is read as Temporal's 'compatible' does (see zonedTime's Disambiguation),
 * so a 00:00 start on a day that begins at 01:00 starts at 01:00.
 */
export function workingWindowOn(date: LocalDate, hours: WorkingHours): TimeWindow | undefined {
  return windowOn(date, parseHours(hours));
}

function windowOn(date: LocalDate, hours: ParsedHours): TimeWindow | undefined {
  if (!hours.days.has(weekdayOf(date))) return undefined;
  const start = instantOf(wallAt(date, hours.startMinute), hours.timeZone);
  const end = instantOf(wallAt(date, hours.endMinute), hours.timeZone);
  // Only a window lying wholly inside a spring-forward gap can come out empty.
  return start < end ? { start, end } : undefined;
}

function wallAt(date: LocalDate, minuteOfDay: number) {
  const day = minuteOfDay === 24 * 60 ? addDays(date, 1) : date;
  const minute = minuteOfDay % (24 * 60);
  return { ...day, hour: Math.floor(minute / 60), minute: minute % 60 };
}

/** Every working window that overlaps [from, until), earliest first. */
export function workingWindowsBetween(hours: WorkingHours, from: Date, until: Date): TimeWindow[] {
  const parsed = parseHours(hours);
  const last = wallClockIn(until, parsed.timeZone);
  const windows: TimeWindow[] = [];
  // From the day before: yesterday's local window can still be open at `from` in UTC terms.
  for (let date = addDays(wallClockIn(from, parsed.timeZone), -1); !isAfter(date, last); date = addDays(date, 1)) {
    const window = windowOn(date, parsed);
    if (window !== undefined && window.end > from && window.start < until) windows.push(window);
  }
  return windows;
}

function isAfter(a: LocalDate, b: LocalDate): boolean {
  return a.year !== b.year ? a.year > b.year : a.month !== b.month ? a.month > b.month : a.day > b.day;
}

/**
 * True when the whole of [start, end) lies in one working day's window in the participant's
 * zone. A hearing may not straddle local midnight, even for someone who works all day.
 */
export function isWithinWorkingHours(start: Date, end: Date, hours: WorkingHours): boolean {
  if (!(start instanceof Date && end instanceof Date && start.getTime() < end.getTime())) {
    throw new CourtError('INVALID_PAYLOAD', 'start and end must be valid Dates with end after start');
  }
  const parsed = parseHours(hours);
  const window = windowOn(wallClockIn(start, parsed.timeZone), parsed);
  return window !== undefined && window.start <= start && end <= window.end;
}
