import { describeForParticipant } from '../../../server/domain/scheduling/localTimeDescription.js';
import { proposeSlots, type ProposedSlot, type SlotParticipant } from '../../../server/domain/scheduling/slotProposals.js';
import { workingHours } from '../../../server/domain/scheduling/workingHours.js';
import { readClock } from '../../helpers/zoneClock.js';

const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;
const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);

function participant(id: string, timeZone: string, start = '09:00', end = '17:00'): SlotParticipant {
  return { id, workingHours: workingHours({ timeZone, start, end }) };
}


/** Mon–Fri, start to end on one local date, checked with Intl alone (no clock change falls in these hours). */
function insideIndependently(start: Date, end: Date, p: SlotParticipant): boolean {
  const from = readClock(start, p.workingHours.timeZone);
  const to = readClock(end, p.workingHours.timeZone);
  return WEEKDAYS.has(from.weekday) && from.date === to.date && from.time >= p.workingHours.start && to.time <= p.workingHours.end;
}

/** Every start of the 30-minute UTC grid in [from, until) that suits everyone, found the slow way. */
function bruteForce(participants: SlotParticipant[], durationMinutes: number, from: Date, until: Date): string[] {
  const starts: string[] = [];
  for (let t = from.getTime(); t < until.getTime(); t += 30 * MINUTE) {
    const start = new Date(t);
    const end = new Date(t + durationMinutes * MINUTE);
    if (participants.every((p) => insideIndependently(start, end, p))) starts.push(start.toISOString());
  }
  return starts;
}

/** Slots grouped by one participant's local date: 'first start–last end (count)', in their zone. */
function dailyRuns(slots: ProposedSlot[], id: string): Record<string, string> {
  const runs: Record<string, string> = {};
  for (const slot of slots) {
    const local = slot.local[id]!;
    const earlier = runs[local.date];
    runs[local.date] = earlier === undefined ? `${local.start}–${local.end} (1)` : extendRun(earlier, local.end);
  }
  return runs;
}

function extendRun(run: string, end: string): string {
  const [, first, count] = /^(\d\d:\d\d)–\d\d:\d\d \((\d+)\)$/.exec(run)!;
  return `${first}–${end} (${Number(count) + 1})`;
}

function expectEveryoneInside(slots: ProposedSlot[], participants: SlotParticipant[]): void {
  for (const slot of slots) {
    for (const p of participants) {
      expect(insideIndependently(slot.start, slot.end, p)).toBe(true);
      const reading = readClock(slot.start, p.workingHours.timeZone);
      expect(slot.local[p.id]).toMatchObject({ date: reading.date, start: reading.time, timeZone: p.workingHours.timeZone });
    }
  }
}

describe('London and New York in March 2026, when the US changes its clocks three weeks before the UK', () => {
  const people = [participant('london', 'Europe/London'), participant('newYork', 'America/New_York')];
  const from = at('2026-03-02T00:00:00Z');
  const slots = proposeSlots({ participants: people, durationMinutes: 60, from, days: 35, maxSlots: 1000 });

  test('every proposed hour is inside both working days, read back with Intl', () => {
    expect(slots.length).toBeGreaterThan(0);
    expectEveryoneInside(slots, people);
  });

  test('no hour that suits both is missed', () => {
    expect(slots.map((s) => s.start.toISOString())).toEqual(bruteForce(people, 60, from, at('2026-04-06T00:00:00Z')));
  });

  test('while both keep winter time (2–6 March) the common time is 09:00–12:00 in New York, 14:00–17:00 in London', () => {
    expect(dailyRuns(slots, 'newYork')['2026-03-02']).toBe('09:00–12:00 (5)');
    expect(dailyRuns(slots, 'london')['2026-03-06']).toBe('14:00–17:00 (5)');
  });

  test('from 9 March, with New York on summer time and London not, the common time grows to 09:00–13:00 New York, 13:00–17:00 London', () => {
    for (const day of ['2026-03-09', '2026-03-13', '2026-03-16', '2026-03-27']) {
      expect(dailyRuns(slots, 'newYork')[day]).toBe('09:00–13:00 (7)');
      expect(dailyRuns(slots, 'london')[day]).toBe('13:00–17:00 (7)');
    }
  });

  test('from 30 March, with both on summer time, it is back to 09:00–12:00 New York, 14:00–17:00 London, an hour earlier in UTC', () => {
    expect(dailyRuns(slots, 'newYork')['2026-03-30']).toBe('09:00–12:00 (5)');
    expect(dailyRuns(slots, 'london')['2026-04-03']).toBe('14:00–17:00 (5)');
    const firstOf = (day: string) => slots.find((s) => s.local.london!.date === day)!.start.toISOString();
    expect(firstOf('2026-03-06')).toBe('2026-03-06T14:00:00.000Z');
    expect(firstOf('2026-03-09')).toBe('2026-03-09T13:00:00.000Z');
    expect(firstOf('2026-03-30')).toBe('2026-03-30T13:00:00.000Z');
  });

  test('no slot falls on a weekend', () => {
    const days = new Set(slots.flatMap((s) => [s.local.london!.weekday, s.local.newYork!.weekday]));
    expect([...days].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('Shanghai and São Paulo, eleven hours apart and neither changing its clocks', () => {
  test('their office hours (09–17 each) never meet', () => {
    const people = [participant('shanghai', 'Asia/Shanghai'), participant('saoPaulo', 'America/Sao_Paulo')];
    expect(proposeSlots({ participants: people, durationMinutes: 30, from: at('2026-03-02T00:00:00Z'), days: 28 })).toEqual([]);
  });

  describe('a São Paulo evening (18–22) meets a Shanghai morning (07–11) of the next calendar day', () => {
    const people = [participant('shanghai', 'Asia/Shanghai', '07:00', '11:00'), participant('saoPaulo', 'America/Sao_Paulo', '18:00', '22:00')];
    const from = at('2026-03-08T00:00:00Z');
    const slots = proposeSlots({ participants: people, durationMinutes: 60, from, days: 7, maxSlots: 100 });

    test('every slot is inside both, read back with Intl, and none is missed', () => {
      expectEveryoneInside(slots, people);
      expect(slots.map((s) => s.start.toISOString())).toEqual(bruteForce(people, 60, from, at('2026-03-15T00:00:00Z')));
    });

    test('only Monday–Thursday evenings in São Paulo work: Friday evening is Saturday in Shanghai, Sunday evening is not a working day', () => {
      expect(dailyRuns(slots, 'saoPaulo')).toEqual({
        '2026-03-09': '20:00–22:00 (3)',
        '2026-03-10': '20:00–22:00 (3)',
        '2026-03-11': '20:00–22:00 (3)',
        '2026-03-12': '20:00–22:00 (3)',
      });
      expect(Object.keys(dailyRuns(slots, 'shanghai'))).toEqual(['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']);
    });

    test('each slot is given in both local times, with the date and weekday of each side', () => {
      expect(slots[0]).toEqual({
        start: at('2026-03-09T23:00:00Z'),
        end: at('2026-03-10T00:00:00Z'),
        local: {
          shanghai: { date: '2026-03-10', start: '07:00', end: '08:00', timeZone: 'Asia/Shanghai', weekday: 2 },
          saoPaulo: { date: '2026-03-09', start: '20:00', end: '21:00', timeZone: 'America/Sao_Paulo', weekday: 1 },
        },
      });
    });
  });
});

describe('Tokyo and Los Angeles office hours (09–17 each)', () => {
  const people = [participant('tokyo', 'Asia/Tokyo'), participant('losAngeles', 'America/Los_Angeles')];

  test('never meet once Los Angeles is on summer time: the result is simply empty', () => {
    expect(proposeSlots({ participants: people, durationMinutes: 30, from: at('2026-03-09T00:00:00Z'), days: 14 })).toEqual([]);
  });

  test("in winter, Los Angeles' last office hour is Tokyo's first, Monday–Thursday in Los Angeles", () => {
    const slots = proposeSlots({ participants: people, durationMinutes: 60, from: at('2026-01-05T00:00:00Z'), days: 7 });
    expectEveryoneInside(slots, people);
    expect(dailyRuns(slots, 'losAngeles')).toEqual({
      '2026-01-05': '16:00–17:00 (1)',
      '2026-01-06': '16:00–17:00 (1)',
      '2026-01-07': '16:00–17:00 (1)',
      '2026-01-08': '16:00–17:00 (1)',
    });
    expect(slots.map((s) => s.local.tokyo!.start)).toEqual(['09:00', '09:00', '09:00', '09:00']);
  });

  test('a hearing longer than the common hour finds nothing', () => {
    expect(proposeSlots({ participants: people, durationMinutes: 90, from: at('2026-01-05T00:00:00Z'), days: 7 })).toEqual([]);
  });
});

describe('Kolkata, half an hour off the hour, with London', () => {
  test('the UTC grid of :00 and :30 gives Kolkata slots on its own half hours', () => {
    const people = [participant('kolkata', 'Asia/Kolkata'), participant('london', 'Europe/London')];
    const slots = proposeSlots({ participants: people, durationMinutes: 60, from: at('2026-03-10T00:00:00Z'), days: 1 });
    expectEveryoneInside(slots, people);
    expect(slots.map((s) => `${s.local.kolkata!.start}–${s.local.kolkata!.end} = ${s.local.london!.start}–${s.local.london!.end}`)).toEqual([
      '14:30–15:30 = 09:00–10:00',
      '15:00–16:00 = 09:30–10:30',
      '15:30–16:30 = 10:00–11:00',
      '16:00–17:00 = 10:30–11:30',
    ]);
  });
});

describe('Sydney and London in the fortnight both hemispheres change their clocks', () => {
  // London goes forward on 29 March, Sydney goes back on 5 April 2026.
  const people = [participant('sydney', 'Australia/Sydney', '17:00', '21:00'), participant('london', 'Europe/London', '07:00', '11:00')];
  const from = at('2026-03-23T00:00:00Z');
  const slots = proposeSlots({ participants: people, durationMinutes: 60, from, days: 21, maxSlots: 1000 });

  test('every slot is inside both, read back with Intl, and none is missed', () => {
    expectEveryoneInside(slots, people);
    expect(slots.map((s) => s.start.toISOString())).toEqual(bruteForce(people, 60, from, at('2026-04-13T00:00:00Z')));
  });

  test('the overlap is 3 hours, then 4 while London has changed and Sydney not yet, then 3 again at the other end', () => {
    expect(dailyRuns(slots, 'london')['2026-03-27']).toBe('07:00–10:00 (5)');
    expect(dailyRuns(slots, 'sydney')['2026-03-27']).toBe('18:00–21:00 (5)');
    expect(dailyRuns(slots, 'london')['2026-03-30']).toBe('07:00–11:00 (7)');
    expect(dailyRuns(slots, 'sydney')['2026-04-03']).toBe('17:00–21:00 (7)');
    expect(dailyRuns(slots, 'london')['2026-04-06']).toBe('08:00–11:00 (5)');
    expect(dailyRuns(slots, 'sydney')['2026-04-10']).toBe('17:00–20:00 (5)');
  });
});

describe('the search follows its options', () => {
  const people = [participant('london', 'Europe/London'), participant('newYork', 'America/New_York')];

  test('candidates start on the UTC grid, rounded up from `from`', () => {
    const slots = proposeSlots({ participants: people, durationMinutes: 30, from: at('2026-03-10T13:07:00Z'), days: 1 });
    expect(slots[0]!.start.toISOString()).toBe('2026-03-10T13:30:00.000Z');
    const quarter = proposeSlots({ participants: people, durationMinutes: 30, from: at('2026-03-10T13:07:00Z'), days: 1, stepMinutes: 15 });
    expect(quarter.slice(0, 2).map((s) => s.start.toISOString())).toEqual(['2026-03-10T13:15:00.000Z', '2026-03-10T13:30:00.000Z']);
  });

  test('nothing starts before notBefore, and nothing starts after `days` days from `from`', () => {
    const slots = proposeSlots({
      participants: people,
      durationMinutes: 60,
      from: at('2026-03-09T00:00:00Z'),
      days: 3,
      notBefore: at('2026-03-10T14:10:00Z'),
      maxSlots: 100,
    });
    expect(slots[0]!.start.toISOString()).toBe('2026-03-10T14:30:00.000Z');
    expect(slots[slots.length - 1]!.start.toISOString()).toBe('2026-03-11T16:00:00.000Z');
  });

  test('at most maxSlots come back (20 by default), earliest first, one step apart within a day', () => {
    const request = { participants: people, durationMinutes: 60, from: at('2026-03-09T00:00:00Z'), days: 14 };
    const slots = proposeSlots(request);
    expect(slots).toHaveLength(20);
    expect(proposeSlots({ ...request, maxSlots: 3 }).map((s) => s.start.toISOString())).toEqual([
      '2026-03-09T13:00:00.000Z',
      '2026-03-09T13:30:00.000Z',
      '2026-03-09T14:00:00.000Z',
    ]);
    const starts = slots.map((s) => s.start.getTime());
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  test('a slot that ends at local midnight ends at 24:00 on its own day', () => {
    const lateWorker = { id: 'late', workingHours: workingHours({ timeZone: 'Asia/Shanghai', days: [2], start: '23:00', end: '24:00' }) };
    const [slot] = proposeSlots({ participants: [lateWorker], durationMinutes: 60, from: at('2026-03-10T00:00:00Z'), days: 1 });
    expect(slot!.local.late).toEqual({ date: '2026-03-10', start: '23:00', end: '24:00', timeZone: 'Asia/Shanghai', weekday: 2 });
  });

  test('a participant id such as __proto__ is an ordinary key', () => {
    const [slot] = proposeSlots({ participants: [participant('__proto__', 'Europe/London')], durationMinutes: 60, from: at('2026-03-10T00:00:00Z'), days: 1 });
    expect(Object.keys(slot!.local)).toEqual(['__proto__']);
  });

  test.each([
    ['no participants', { participants: [] }, /at least one participant/],
    ['the same participant twice', { participants: [people[0]!, people[0]!] }, /no id may appear twice/],
    ['a zero duration', { durationMinutes: 0 }, /durationMinutes must be a whole number from 1 to 1440/],
    ['a duration longer than a day', { durationMinutes: 1441 }, /durationMinutes/],
    ['no days', { days: 0 }, /days must be/],
    ['a fractional step', { stepMinutes: 7.5 }, /stepMinutes/],
    ['zero slots', { maxSlots: 0 }, /maxSlots/],
    ['an invalid from', { from: new Date(Number.NaN) }, /from must be a valid Date/],
    ['an invalid notBefore', { notBefore: new Date('soon') }, /notBefore must be a valid Date/],
  ])('a request with %s is refused', (_name, change, message) => {
    const request = { participants: people, durationMinutes: 60, from: at('2026-03-09T00:00:00Z'), days: 7, ...change };
    expect(() => proposeSlots(request)).toThrow(message);
    expect(() => proposeSlots(request)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
  });
});

describe('a hearing time is described to each participant in their zone and language', () => {
  const start = at('2026-03-10T01:00:00Z');
  const end = at('2026-03-10T02:00:00Z');

  test('in British English, in Shanghai', () => {
    expect(describeForParticipant(start, end, 'Asia/Shanghai', 'en-GB')).toBe('Tuesday, 10 March 2026, 09:00–10:00 (Asia/Shanghai)');
  });

  test('in Chinese, in Shanghai', () => {
    expect(describeForParticipant(start, end, 'Asia/Shanghai', 'zh-CN')).toBe('2026年3月10日星期二 09:00–10:00 (Asia/Shanghai)');
  });

  test('the same hearing is the evening before in New York, in American English', () => {
    const text = describeForParticipant(start, end, 'America/New_York', 'en-US');
    expect(text).toMatch(/^Monday, March 9, 2026/);
    expect(text).toMatch(/9:00\s?–\s?10:00\sPM \(America\/New_York\)$/u);
  });

  test('a hearing across local midnight shows both dates', () => {
    const text = describeForParticipant(at('2026-03-09T15:30:00Z'), at('2026-03-09T16:30:00Z'), 'Asia/Shanghai', 'en-GB');
    expect(text).toContain('Monday');
    expect(text).toContain('Tuesday');
  });

  test('an unknown zone, a malformed locale or a backward range is refused', () => {
    expect(() => describeForParticipant(start, end, 'Asia/Peking', 'en-GB')).toThrow(/IANA zone name/);
    expect(() => describeForParticipant(start, end, 'Asia/Shanghai', 'not a locale')).toThrow(/BCP 47/);
    expect(() => describeForParticipant(end, start, 'Asia/Shanghai', 'en-GB')).toThrow(/end after start/);
  });
});
