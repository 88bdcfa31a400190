// A working week on the page, without the DOM (so it can be tested on its own): the hours of one
// day, the body that the days a person ticked become, and how a week is grouped to be shown.
import type { WorkingHoursBody, WorkingWeekView } from './apiTypes.js';

export interface DayHours {
  day: number;
  start: string;
  end: string;
}

/** The hours worked on one weekday, or undefined on a day off. */
export function hoursOn(week: WorkingWeekView, day: number): { start: string; end: string } | undefined {
  if (!week.days.includes(day)) return undefined;
  const { start, end } = week.byDay?.find((d) => d.day === day) ?? week;
  return { start, end };
}

/**
 * The body of PUT …/working-hours for days each with their hours (ascending, checked): the
 * hours most days share are the week's (on a tie, the earliest day's), the others go in byDay.
 */
export function weekBody(days: readonly DayHours[]): WorkingHoursBody {
  const key = (d: DayHours) => `${d.start}-${d.end}`;
  const counts = new Map<string, number>();
  for (const d of days) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  let usual = days[0]!;
  for (const d of days) if (counts.get(key(d))! > counts.get(key(usual))!) usual = d;
  const byDay = days.filter((d) => key(d) !== key(usual)).map((d) => ({ day: d.day, start: d.start, end: d.end }));
  return { days: days.map((d) => d.day), start: usual.start, end: usual.end, ...(byDay.length === 0 ? {} : { byDay }) };
}

/**
 * A week as it is shown: days with the same hours together, in order of their first day; each
 * group's days as runs, three or more days in a row as [first, last], others one by one.
 * { days: [1,2,3,4,5], … Fri 09:00–13:00 } → [{ runs: [[1, 4]], hours: '09:00–17:00' },
 * { runs: [[5]], hours: '09:00–13:00' }].
 */
export function weekGroups(week: WorkingWeekView): Array<{ runs: number[][]; hours: string }> {
  const groups = new Map<string, number[]>();
  for (const day of [...week.days].sort((a, b) => a - b)) {
    const hours = hoursOn(week, day)!;
    const key = `${hours.start}–${hours.end}`;
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  return [...groups].map(([hours, days]) => ({ runs: runsOf(days), hours }));
}

function runsOf(days: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last !== undefined && last.at(-1)! + 1 === day) last.push(day);
    else runs.push([day]);
  }
  return runs.flatMap((run) => (run.length >= 3 ? [[run[0]!, run.at(-1)!]] : run.map((day) => [day])));
}
