// Participants' own working weeks: how one is checked and spelt, how a day with other hours is
// read, who may set whose, and that hearing slots follow them across a change of the clocks.
import type { CaseParticipant } from '../../../server/domain/cases/caseParticipant.js';
import { requireMaySetWorkingHours, workingWeekOf } from '../../../server/domain/cases/caseParticipant.js';
import { SchedulingError } from '../../../server/domain/scheduling/schedulingError.js';
import { proposeSlots, type ProposedSlot, type SlotParticipant } from '../../../server/domain/scheduling/slotProposals.js';
import {
  DEFAULT_WORKING_WEEK,
  describeWorkingWeek,
  workingHours,
  workingWeek,
  workingWindowOn,
  type WorkingWeekInput,
} from '../../../server/domain/scheduling/workingHours.js';
import { readClock } from '../../helpers/zoneClock.js';

const at = (iso: string) => new Date(iso);

function refusal(run: () => unknown): { problem: string; code: string; message: string } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedulingError) return { problem: error.problem, code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe('a working week is checked, and each refusal says what to fix', () => {
  const usual = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

  test.each<[string, Partial<WorkingWeekInput>, RegExp]>([
    ['an end before the start', { start: '17:00', end: '09:00' }, /^end \(09:00\) must be after start \(17:00\) on the same day$/],
    ['a start that is not HH:MM', { start: '9am' }, /^start and end must be 24-hour 'HH:MM'.*got "9am"/],
    ['no working day', { days: [] }, /^days must list at least one weekday as 1 \(Monday\) to 7 \(Sunday\)/],
    ['a day that is no weekday', { days: [1, 9] }, /^days must list .*got \[1,9\]/],
    ['other hours for a day off', { byDay: [{ day: 6, start: '10:00', end: '14:00' }] }, /^byDay\[0\] gives hours for Saturday \(6\), which is not in days; add 6 to days or leave it out of byDay$/],
    ['the same day twice in byDay', { byDay: [{ day: 5, start: '09:00', end: '13:00' }, { day: 5, start: '10:00', end: '12:00' }] }, /^byDay gives hours for Friday \(5\) twice/],
    ['a short Friday that ends before it starts', { byDay: [{ day: 5, start: '13:00', end: '09:00' }] }, /^byDay\[0\] \(Friday\): end \(09:00\) must be after start \(13:00\)/],
    ['a byDay day that is no weekday', { byDay: [{ day: 0, start: '09:00', end: '13:00' }] }, /^byDay\[0\]\.day must be a weekday/],
  ])('%s is refused as INVALID_WORKING_HOURS', (_name, change, message) => {
    const found = refusal(() => workingWeek({ ...usual, ...change }));
    expect(found).toEqual({ problem: 'INVALID_WORKING_HOURS', code: 'INVALID_PAYLOAD', message: expect.stringMatching(message) });
  });

  test('a week gets one spelling: days sorted, repeats dropped, and a byDay entry that repeats the usual hours left out', () => {
    expect(workingWeek({ days: [6, 2, 3, 3], start: '14:00', end: '22:00', byDay: [{ day: 6, start: '10:00', end: '14:00' }, { day: 2, start: '14:00', end: '22:00' }] })).toEqual({
      days: [2, 3, 6],
      start: '14:00',
      end: '22:00',
      byDay: [{ day: 6, start: '10:00', end: '14:00' }],
    });
    expect(workingWeek({ days: [1], start: '09:00', end: '17:00', byDay: [{ day: 1, start: '09:00', end: '17:00' }] })).toEqual({ days: [1], start: '09:00', end: '17:00' });
  });

  test('a participant who has not set theirs works the default week, Monday–Friday 09:00–17:00', () => {
    const participant = { id: 'p', role: 'claimant', timeZone: 'Asia/Shanghai' } as CaseParticipant;
    expect(workingWeekOf(participant)).toEqual({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
    expect(workingWeekOf({ ...participant, workingHours: workingWeek({ days: [7], start: '10:00', end: '12:00' }) })).toEqual({ days: [7], start: '10:00', end: '12:00' });
  });
});

describe('a week is described in a line', () => {
  test.each<[string, WorkingWeekInput, string]>([
    ['the default', DEFAULT_WORKING_WEEK, 'Mon–Fri 09:00–17:00'],
    ['a Tuesday–Saturday evening week', { days: [2, 3, 4, 5, 6], start: '14:00', end: '22:00' }, 'Tue–Sat 14:00–22:00'],
    ['scattered days', { days: [1, 3, 5], start: '08:00', end: '12:00' }, 'Mon, Wed, Fri 08:00–12:00'],
    ['a weekend of two days', { days: [6, 7], start: '10:00', end: '24:00' }, 'Sat, Sun 10:00–24:00'],
    ['a short Friday', { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', byDay: [{ day: 5, start: '09:00', end: '13:00' }] }, 'Mon–Thu 09:00–17:00; Fri 09:00–13:00'],
  ])('%s: %s', (_name, week, text) => {
    expect(describeWorkingWeek(workingWeek(week))).toBe(text);
  });
});

describe('a day with other hours is worked at those hours', () => {
  const week = workingHours({ timeZone: 'Europe/Berlin', days: [4, 5], start: '09:00', end: '17:00', byDay: [{ day: 5, start: '08:00', end: '12:00' }] });

  test('Thursday 09:00–17:00 and Friday 08:00–12:00 in Berlin (CET, UTC+1, in January)', () => {
    expect(workingWindowOn({ year: 2026, month: 1, day: 8 }, week)).toEqual({ start: at('2026-01-08T08:00:00Z'), end: at('2026-01-08T16:00:00Z') });
    expect(workingWindowOn({ year: 2026, month: 1, day: 9 }, week)).toEqual({ start: at('2026-01-09T07:00:00Z'), end: at('2026-01-09T11:00:00Z') });
    expect(workingWindowOn({ year: 2026, month: 1, day: 10 }, week)).toBeUndefined();
  });
});

describe('who may set whose working hours', () => {
  const person = (id: string, role: CaseParticipant['role']) => ({ id, role }) as CaseParticipant;

  test('a party sets their own', () => {
    expect(() => requireMaySetWorkingHours(person('a', 'claimant'), person('a', 'claimant'))).not.toThrow();
  });

  test("a party may not set the other party's: NOT_YOUR_WORKING_HOURS", () => {
    expect(() => requireMaySetWorkingHours(person('a', 'claimant'), person('b', 'respondent'))).toThrow(
      expect.objectContaining({ code: 'NOT_YOUR_WORKING_HOURS', message: expect.stringContaining('only your own working hours') }),
    );
    expect(() => requireMaySetWorkingHours(person('c', 'counsel'), person('a', 'claimant'))).toThrow(expect.objectContaining({ code: 'NOT_YOUR_WORKING_HOURS' }));
  });

  test.each(['clerk', 'judge', 'arbitrator', 'mediator'] as const)("a %s may set anyone's", (role) => {
    expect(() => requireMaySetWorkingHours(person('s', role), person('w', 'witness'))).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Slots that follow a participant's own week


/** Slots by one participant's local date: 'first start–last end (count)'. */
function dailyRuns(slots: ProposedSlot[], id: string): Record<string, string> {
  const runs: Record<string, { first: string; last: string; count: number }> = {};
  for (const slot of slots) {
    const local = slot.local[id]!;
    const run = runs[local.date];
    if (run === undefined) runs[local.date] = { first: local.start, last: local.end, count: 1 };
    else runs[local.date] = { ...run, last: local.end, count: run.count + 1 };
  }
  return Object.fromEntries(Object.entries(runs).map(([date, r]) => [date, `${r.first}–${r.last} (${r.count})`]));
}

/** The slot lies in the participant's given days and hours, read back with Intl alone. */
function inside(slot: ProposedSlot, zone: string, weekdays: string[], from: string, to: string): boolean {
  const start = readClock(slot.start, zone);
  const end = readClock(slot.end, zone);
  return weekdays.includes(start.weekday) && start.date === end.date && start.time >= from && end.time <= to;
}

const TUE_TO_SAT = ['Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const saoPauloEvenings = (): SlotParticipant => ({ id: 'saoPaulo', workingHours: workingHours({ timeZone: 'America/Sao_Paulo', days: [2, 3, 4, 5, 6], start: '14:00', end: '22:00' }) });

describe('a São Paulo participant who works Tuesday–Saturday 14:00–22:00, across Brazil’s change to summer time on 4 November 2018', () => {
  // London (GMT all that fortnight) sits Monday–Saturday 12:00–22:00.
  const london: SlotParticipant = { id: 'london', workingHours: workingHours({ timeZone: 'Europe/London', days: [1, 2, 3, 4, 5, 6], start: '12:00', end: '22:00' }) };
  const people = [saoPauloEvenings(), london];
  const slots = proposeSlots({ participants: people, durationMinutes: 60, from: at('2018-10-29T00:00:00Z'), days: 14, maxSlots: 1000 });

  test('every slot is inside their Tuesday–Saturday 14:00–22:00 and the judge’s hours, read back with Intl', () => {
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(inside(slot, 'America/Sao_Paulo', TUE_TO_SAT, '14:00', '22:00')).toBe(true);
      expect(inside(slot, 'Europe/London', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], '12:00', '22:00')).toBe(true);
    }
  });

  test('their day still starts at 14:00 on their clock after the change, an hour earlier in UTC, so the common time grows by an hour', () => {
    const saoPaulo = dailyRuns(slots, 'saoPaulo');
    // UTC−3 before: 14:00 is 17:00 UTC, and London stops at 22:00 UTC = 19:00 there.
    expect(saoPaulo['2018-10-30']).toBe('14:00–19:00 (9)');
    expect(saoPaulo['2018-11-03']).toBe('14:00–19:00 (9)');
    // UTC−2 after: 14:00 is 16:00 UTC; London's 22:00 is now 20:00 in São Paulo.
    expect(saoPaulo['2018-11-06']).toBe('14:00–20:00 (11)');
    expect(saoPaulo['2018-11-10']).toBe('14:00–20:00 (11)');
    expect(slots.find((s) => s.local.saoPaulo!.date === '2018-11-03')!.start).toEqual(at('2018-11-03T17:00:00Z'));
    expect(slots.find((s) => s.local.saoPaulo!.date === '2018-11-06')!.start).toEqual(at('2018-11-06T16:00:00Z'));
  });

  test('no slot on their Sunday or Monday, and Saturday is offered', () => {
    const weekdays = new Set(slots.map((s) => s.local.saoPaulo!.weekday));
    expect([...weekdays].sort()).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('the same São Paulo week with a New York participant on the default week, across the US change to summer time on 8 March 2026', () => {
  const newYork: SlotParticipant = { id: 'newYork', workingHours: workingHours({ timeZone: 'America/New_York', ...DEFAULT_WORKING_WEEK }) };
  const people = [saoPauloEvenings(), newYork];
  const slots = proposeSlots({ participants: people, durationMinutes: 60, from: at('2026-03-02T00:00:00Z'), days: 14, maxSlots: 1000 });

  test('only Tuesday–Friday (their Saturday is New York’s day off, New York’s Monday theirs), and the common time shrinks by an hour when New York moves', () => {
    expect(dailyRuns(slots, 'saoPaulo')).toEqual({
      // New York on EST (UTC−5) until 8 March: its 17:00 is 19:00 in São Paulo.
      '2026-03-03': '14:00–19:00 (9)',
      '2026-03-04': '14:00–19:00 (9)',
      '2026-03-05': '14:00–19:00 (9)',
      '2026-03-06': '14:00–19:00 (9)',
      // On EDT (UTC−4) after: its 17:00 is 18:00 in São Paulo, which keeps UTC−3 all year now.
      '2026-03-10': '14:00–18:00 (7)',
      '2026-03-11': '14:00–18:00 (7)',
      '2026-03-12': '14:00–18:00 (7)',
      '2026-03-13': '14:00–18:00 (7)',
    });
    for (const slot of slots) {
      expect(inside(slot, 'America/Sao_Paulo', TUE_TO_SAT, '14:00', '22:00')).toBe(true);
      expect(inside(slot, 'America/New_York', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], '09:00', '17:00')).toBe(true);
    }
  });
});
