// A wall-clock time in an IANA zone ("10:00 on 10 March in Asia/Shanghai") as a UTC instant,
// with daylight saving honoured: the page's reading of its date and time inputs, on the server's
// scheduling domain (server/domain/scheduling/zonedTime.ts: pure, no Node). No DOM: unit tests
// import it.
import { instantOf, wallClockIn, zoneOffsetMinutes } from '../../../server/domain/scheduling/zonedTime.js';

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

/** How far `zone` is ahead of UTC at `instant`, in ms (+8 h for Asia/Shanghai). */
export function zoneOffsetMs(instant: number, zone: string): number {
  return zoneOffsetMinutes(new Date(instant), zone) * 60_000;
}

/**
 * The UTC instant at which the clocks in `zone` show `wall`, by the court's own rule (the
 * server's scheduling domain, so the page and the server never disagree): a wall time that
 * occurs twice (clocks going back) is taken at its first occurrence, and one the clocks skip
 * (going forward) is reported, with the instant the court would move it to.
 */
export function zonedWallTimeToUtc(wall: WallTime, zone: string): ZonedInstant {
  const instant = instantOf(wall, zone, 'earlier');
  const shown = wallClockIn(instant, zone);
  const exists = shown.year === wall.year && shown.month === wall.month && shown.day === wall.day && shown.hour === wall.hour && shown.minute === wall.minute;
  return exists ? { ok: true, instant } : { ok: false, reason: 'skipped', instant };
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
