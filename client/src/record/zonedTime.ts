// A wall-clock time in an IANA zone ("10:00 on 10 March in Asia/Shanghai") as a UTC instant,
// with the zone's offset read from Intl at that very instant, so daylight saving is honoured.
// No DOM: unit tests import it.

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export type ZonedInstant =
  | { ok: true; instant: Date }
  /** The wall time does not exist there: the clocks jump over it (a spring-forward gap). */
  | { ok: false; reason: 'skipped'; instant: Date };

const DAY_MS = 24 * 3600_000;
const readers = new Map<string, Intl.DateTimeFormat>();

function reader(zone: string): Intl.DateTimeFormat {
  let format = readers.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    readers.set(zone, format);
  }
  return format;
}

/** The wall time (to the second) in `zone` at `instant`, as if it were UTC, in ms. */
function wallClockAt(instant: number, zone: string): number {
  const parts = reader(zone).formatToParts(new Date(instant));
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? NaN);
  const era = parts.find((part) => part.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - value('year') : value('year');
  const wall = new Date(0);
  wall.setUTCFullYear(year, value('month') - 1, value('day'));
  wall.setUTCHours(value('hour') % 24, value('minute'), value('second'), 0);
  return wall.getTime();
}

/** How far `zone` is ahead of UTC at `instant`, in ms (+8 h for Asia/Shanghai). */
export function zoneOffsetMs(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClockAt(whole, zone) - whole;
}

/**
 * The UTC instant at which the clocks in `zone` show `wall`. The offset is first read at the wall
 * time taken as UTC, then read again at the instant that first guess gives: across a daylight
 * saving change the two differ, and only an offset that holds at the answer is right. The
 * offsets a day either side are tried too, so a wall time that occurs twice (clocks going back)
 * is found at its first occurrence, and one the clocks skip (going forward) is reported.
 */
export function zonedWallTimeToUtc(wall: WallTime, zone: string): ZonedInstant {
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  asUtc.setUTCHours(wall.hour, wall.minute, 0, 0);
  const target = asUtc.getTime();
  const guess = zoneOffsetMs(target, zone);
  const recheck = zoneOffsetMs(target - guess, zone);
  const offsets = new Set([guess, recheck, zoneOffsetMs(target - DAY_MS, zone), zoneOffsetMs(target + DAY_MS, zone)]);
  const matching = [...offsets].map((offset) => target - offset).filter((instant) => wallClockAt(instant, zone) === target);
  if (matching.length > 0) return { ok: true, instant: new Date(Math.min(...matching)) };
  // In the gap: the clocks went from before it straight to after it.
  return { ok: false, reason: 'skipped', instant: new Date(target - zoneOffsetMs(target - DAY_MS, zone)) };
}

/** Reads `<input type="date">` and `<input type="time">` values ("2026-03-10", "09:30"). */
export function parseWallTime(date: string, time: string): WallTime | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time.trim());
  if (!d || !t) return undefined;
  const wall = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59) return undefined;
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (check.getUTCDate() !== wall.day) return undefined; // 31 April
  return wall;
}
