// A date on a wall calendar, with no zone: what a participant calls "Tuesday 10 March". The
// arithmetic runs on UTC milliseconds, where every day is 24 hours long, so it is exact.

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO 8601 numbering: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The wall-clock reading as milliseconds on a UTC time line. Date.UTC would read years 0–99
 * as 1900–1999; setUTCFullYear does not.
 */
export function utcMsOf(date: LocalDate, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(date.year, date.month - 1, date.day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

export function localDateOfUtcMs(ms: number): LocalDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return localDateOfUtcMs(utcMsOf(date) + days * DAY_MS);
}

export function weekdayOf(date: LocalDate): Weekday {
  return (((new Date(utcMsOf(date)).getUTCDay() + 6) % 7) + 1) as Weekday;
}

/** True for a real calendar date in years 1–9999 (no 30 February). */
export function isLocalDate(date: LocalDate): boolean {
  const { year, month, day } = date;
  if (![year, month, day].every(Number.isInteger) || year < 1 || year > 9999) return false;
  const back = localDateOfUtcMs(utcMsOf(date));
  return back.year === year && back.month === month && back.day === day;
}

export function sameLocalDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** 'YYYY-MM-DD'. */
export function isoDateText(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
