// A participant's working week, kept in their own zone: "09:00 to 17:00, Monday to Friday, in
// Asia/Shanghai". It is never stored as UTC hours, because those move twice a year wherever the
// clocks change; each day's window is worked out from the wall clock of that day.
import { CourtError } from '../CourtError.js';
import { parseClockTime } from './clockTime.js';
import { addDays, weekdayOf, type LocalDate, type Weekday } from './localDate.js';
import { SchedulingError } from './schedulingError.js';
import { instantOf, requireTimeZone, wallClockIn } from './zonedTime.js';

/** One working day whose hours differ from the week's usual ones (a short Friday). */
export interface DayHours {
  readonly day: Weekday;
  readonly start: string;
  readonly end: string;
}

export interface WorkingHours {
  /** IANA zone the hours are read in. */
  readonly timeZone: string;
  /** 1 = Monday … 7 = Sunday, ascending, no repeats. */
  readonly days: readonly Weekday[];
  /** 'HH:MM', 24-hour. */
  readonly start: string;
  /** 'HH:MM' after start; '24:00' runs to midnight. */
  readonly end: string;
  /** Days of `days` worked at other hours, ascending; absent when every day is start–end. */
  readonly byDay?: readonly DayHours[];
}

export interface WorkingHoursInput {
  readonly timeZone: string;
  /** Defaults to Monday–Friday. */
  readonly days?: readonly number[];
  readonly start: string;
  readonly end: string;
  readonly byDay?: ReadonlyArray<{ readonly day: number; readonly start: string; readonly end: string }>;
}

/**
 * A working week as a participant keeps it: without a zone, because it is always read in the
 * participant's own one, whichever that is.
 */
export type WorkingWeek = Omit<WorkingHours, 'timeZone'>;
export type WorkingWeekInput = Omit<WorkingHoursInput, 'timeZone'>;

/** [start, end) on the UTC time line. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

export const MONDAY_TO_FRIDAY: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5]);

/** What the court assumes of anyone who has not said otherwise. */
export const DEFAULT_WORKING_WEEK: WorkingWeek = Object.freeze({ days: MONDAY_TO_FRIDAY, start: '09:00', end: '17:00' });

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

interface Span {
  readonly startMinute: number;
  readonly endMinute: number;
}

interface ParsedHours {
  readonly timeZone: string;
  /** Each working weekday's hours. */
  readonly days: ReadonlyMap<number, Span>;
}

/** Checks a working week and gives it its one spelling (days sorted, repeats dropped). */
export function workingHours(input: WorkingHoursInput): WorkingHours {
  requireTimeZone(input.timeZone);
  return Object.freeze({ timeZone: input.timeZone, ...workingWeek(input) });
}

/**
 * Checks a working week without its zone and gives it its one spelling: days sorted, repeats
 * dropped, and only the days whose hours really differ kept in byDay.
 */
export function workingWeek(input: WorkingWeekInput): WorkingWeek {
  const rawDays = input.days ?? MONDAY_TO_FRIDAY;
  const days = (Array.isArray(rawDays) ? [...new Set(rawDays)].sort((a, b) => a - b) : rawDays) as Weekday[];
  const week = { days, start: input.start, end: input.end, ...(input.byDay === undefined ? {} : { byDay: input.byDay as DayHours[] }) };
  parseWeek(week);
  const byDay = (week.byDay ?? []).filter((d) => d.start !== week.start || d.end !== week.end).sort((a, b) => a.day - b.day);
  return Object.freeze({
    days: Object.freeze(days),
    start: week.start,
    end: week.end,
    ...(byDay.length === 0 ? {} : { byDay: Object.freeze(byDay.map((d) => Object.freeze({ day: d.day, start: d.start, end: d.end }))) }),
  });
}

function parseHours(hours: WorkingHours): ParsedHours {
  requireTimeZone(hours.timeZone);
  return { timeZone: hours.timeZone, days: parseWeek(hours) };
}

function parseWeek(week: WorkingWeek): Map<number, Span> {
  const days = week.days;
  if (!Array.isArray(days) || days.length === 0 || !days.every(isWeekday)) {
    throw invalid(`days must list at least one weekday as 1 (Monday) to 7 (Sunday); got ${JSON.stringify(days)}`);
  }
  const usual = parseSpan(week.start, week.end, '');
  const spans = new Map<number, Span>(days.map((day) => [day, usual]));
  if (week.byDay === undefined) return spans;
  if (!Array.isArray(week.byDay)) throw invalid('byDay must be a list of { day, start, end }, one for each working day whose hours differ');
  const seen = new Set<number>();
  week.byDay.forEach((entry, i) => {
    const day: unknown = entry?.day;
    if (!isWeekday(day)) throw invalid(`byDay[${i}].day must be a weekday as 1 (Monday) to 7 (Sunday); got ${JSON.stringify(day)}`);
    const name = `${DAY_NAMES[day - 1]} (${day})`;
    if (!spans.has(day)) throw invalid(`byDay[${i}] gives hours for ${name}, which is not in days; add ${day} to days or leave it out of byDay`);
    if (seen.has(day)) throw invalid(`byDay gives hours for ${name} twice; give each day once`);
    seen.add(day);
    spans.set(day, parseSpan(entry.start, entry.end, `byDay[${i}] (${DAY_NAMES[day - 1]}): `));
  });
  return spans;
}

function parseSpan(start: string, end: string, where: string): Span {
  const startMinute = parseClockTime(start);
  const endMinute = parseClockTime(end, true);
  if (startMinute === undefined || endMinute === undefined) {
    throw invalid(`${where}start and end must be 24-hour 'HH:MM' (end may be '24:00'); got ${JSON.stringify(start)} and ${JSON.stringify(end)}`);
  }
  // A window past midnight would belong to two days; a night shift is two windows, not one.
  if (endMinute <= startMinute) throw invalid(`${where}end (${end}) must be after start (${start}) on the same day`);
  return { startMinute, endMinute };
}

function isWeekday(day: unknown): day is Weekday {
  return Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 7;
}

function invalid(message: string): SchedulingError {
  return new SchedulingError('INVALID_WORKING_HOURS', message);
}

/** The hours worked on one weekday, or undefined on a day off. */
export function hoursOnWeekday(week: WorkingWeek, day: Weekday): { start: string; end: string } | undefined {
  if (!week.days.includes(day)) return undefined;
  const other = week.byDay?.find((d) => d.day === day);
  return other === undefined ? { start: week.start, end: week.end } : { start: other.start, end: other.end };
}

const SHORT_DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/**
 * The week in a line of English: 'Mon–Fri 09:00–17:00', 'Tue–Sat 14:00–22:00',
 * 'Mon–Thu 09:00–17:00; Fri 09:00–13:00', 'Mon, Wed, Fri 08:00–12:00'.
 */
export function describeWorkingWeek(week: WorkingWeek): string {
  const groups = new Map<string, Weekday[]>();
  for (const day of week.days) {
    const hours = hoursOnWeekday(week, day)!;
    const key = `${hours.start}–${hours.end}`;
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  return [...groups].map(([hours, days]) => `${dayRuns(days).join(', ')} ${hours}`).join('; ');
}

/** Ascending days as runs: [1,2,3,5] → ['Mon–Wed', 'Fri']; a run of two is written as two days. */
function dayRuns(days: readonly Weekday[]): string[] {
  const runs: Weekday[][] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last !== undefined && last.at(-1)! + 1 === day) last.push(day);
    else runs.push([day]);
  }
  return runs.flatMap((run) => (run.length >= 3 ? [`${SHORT_DAY_NAMES[run[0]! - 1]}–${SHORT_DAY_NAMES[run.at(-1)! - 1]}`] : run.map((d) => SHORT_DAY_NAMES[d - 1]!)));
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
  const span = hours.days.get(weekdayOf(date));
  if (span === undefined) return undefined;
  const start = instantOf(wallAt(date, span.startMinute), hours.timeZone);
  const end = instantOf(wallAt(date, span.endMinute), hours.timeZone);
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
