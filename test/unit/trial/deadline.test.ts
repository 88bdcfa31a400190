// Round deadlines: stored as a UTC instant with the zone they were set in, shown on each viewer's
// own clock, and extended by whole days at the same wall-clock time — right across the clocks
// changing. Expected readings come from Intl directly (readClock), not from the module under test.
import { CourtError } from '../../../server/domain/CourtError.js';
import {
  deadlineOf,
  deadlineView,
  localDeadline,
  requireLater,
  requireNoPendingRequest,
  requirePendingRequest,
  type ExtensionRequest,
} from '../../../server/domain/trial/deadline.js';
import { readClock } from '../../helpers/zoneClock.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof CourtError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a deadline set on a wall clock', () => {
  test('17:00 in Berlin is 16:00 UTC before the clocks go forward and 15:00 UTC after', () => {
    expect(deadlineOf({ local: '2026-03-27T17:00', timeZone: 'Europe/Berlin' }, NOW)).toEqual({ at: '2026-03-27T16:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(deadlineOf({ local: '2026-03-30T17:00', timeZone: 'Europe/Berlin' }, NOW)).toEqual({ at: '2026-03-30T15:00:00.000Z', timeZone: 'Europe/Berlin' });
  });

  test('a time the clocks skip is refused, naming the field, unless ifAmbiguous says what is meant', () => {
    const skipped = refusal(() => deadlineOf({ local: '2026-03-29T02:30', timeZone: 'Europe/Berlin' }, NOW));
    expect(skipped.code).toBe('INVALID_PAYLOAD');
    expect(skipped.message).toMatch(/^deadline\.local: .*does not exist in Europe\/Berlin/);
    // Moved forward by the length of the gap: 03:30 CEST.
    expect(deadlineOf({ local: '2026-03-29T02:30', timeZone: 'Europe/Berlin', ifAmbiguous: 'later' }, NOW).at).toBe('2026-03-29T01:30:00.000Z');
  });

  test('a time the clocks show twice is refused unless ifAmbiguous picks the earlier or the later one', () => {
    expect(refusal(() => deadlineOf({ local: '2026-10-25T02:30', timeZone: 'Europe/Berlin' }, NOW)).message).toMatch(/happens twice/);
    expect(deadlineOf({ local: '2026-10-25T02:30', timeZone: 'Europe/Berlin', ifAmbiguous: 'earlier' }, NOW).at).toBe('2026-10-25T00:30:00.000Z');
    expect(deadlineOf({ local: '2026-10-25T02:30', timeZone: 'Europe/Berlin', ifAmbiguous: 'later' }, NOW).at).toBe('2026-10-25T01:30:00.000Z');
  });

  test('an instant keeps the zone it was set in', () => {
    expect(deadlineOf({ at: '2026-03-10T09:00Z', timeZone: 'Asia/Shanghai' }, NOW)).toEqual({ at: '2026-03-10T09:00:00.000Z', timeZone: 'Asia/Shanghai' });
  });

  test('a deadline in the past, more than a year ahead, in an unknown zone or badly written is refused', () => {
    expect(refusal(() => deadlineOf({ at: '2026-02-28T00:00:00Z', timeZone: 'UTC' }, NOW)).message).toMatch(/not in the future/);
    expect(refusal(() => deadlineOf({ at: '2027-06-01T00:00:00Z', timeZone: 'UTC' }, NOW)).message).toMatch(/at most 366 days/);
    expect(refusal(() => deadlineOf({ at: '2026-03-10T09:00:00Z', timeZone: 'Mars/Olympus' }, NOW)).message).toMatch(/deadline\.timeZone/);
    expect(refusal(() => deadlineOf({ local: '10/03/2026 17:00', timeZone: 'UTC' }, NOW)).message).toMatch(/deadline\.local must be/);
    expect(refusal(() => deadlineOf({ addDays: 2 }, NOW)).message).toMatch(/addDays extends an existing deadline/);
  });
});

describe('extending by whole days keeps the wall-clock time of the zone the deadline was set in', () => {
  test('Friday 17:00 in Berlin plus 3 days is Monday 17:00 in Berlin, 71 hours later across the change', () => {
    const friday = deadlineOf({ local: '2026-03-27T17:00', timeZone: 'Europe/Berlin' }, NOW);
    const monday = deadlineOf({ addDays: 3 }, NOW, friday);
    expect(readClock(new Date(monday.at), 'Europe/Berlin')).toEqual({ date: '2026-03-30', time: '17:00', weekday: 'Mon' });
    expect((Date.parse(monday.at) - Date.parse(friday.at)) / 3_600_000).toBe(71);
    expect(monday.timeZone).toBe('Europe/Berlin');
  });

  test('across the autumn change the same local time is 25 hours on', () => {
    const saturday = deadlineOf({ local: '2026-10-31T09:00', timeZone: 'America/New_York' }, NOW);
    const sunday = deadlineOf({ addDays: 1 }, NOW, saturday);
    expect(readClock(new Date(sunday.at), 'America/New_York').time).toBe('09:00');
    expect((Date.parse(sunday.at) - Date.parse(saturday.at)) / 3_600_000).toBe(25);
  });

  test('an extension must end after the current deadline', () => {
    const current = { at: '2026-03-10T09:00:00.000Z', timeZone: 'UTC' };
    expect(() => requireLater({ at: '2026-03-10T09:00:01.000Z', timeZone: 'UTC' }, current)).not.toThrow();
    expect(refusal(() => requireLater({ at: '2026-03-09T09:00:00.000Z', timeZone: 'UTC' }, current)).message).toMatch(/must end after the current deadline/);
  });
});

describe('each viewer reads the deadline on their own clock', () => {
  const deadline = { at: '2026-03-10T09:00:00.000Z', timeZone: 'Asia/Shanghai' };

  test('17:00 in Shanghai is 06:00 in São Paulo and 05:00 in New York, which moved its clocks two days before', () => {
    const view = deadlineView(deadline, { timeZone: 'America/Sao_Paulo', locale: 'pt-BR' }, NOW);
    expect(view.setIn).toMatchObject({ timeZone: 'Asia/Shanghai', local: '2026-03-10T17:00', offset: '+08:00' });
    expect(view.yours).toMatchObject({ timeZone: 'America/Sao_Paulo', local: '2026-03-10T06:00', offset: '-03:00' });
    expect(localDeadline(deadline, 'America/New_York', 'en-US')).toMatchObject({ local: '2026-03-10T05:00', offset: '-04:00' });
    // A week earlier New York was still on standard time.
    expect(localDeadline({ ...deadline, at: '2026-03-03T09:00:00.000Z' }, 'America/New_York', 'en-US')).toMatchObject({ local: '2026-03-03T04:00', offset: '-05:00' });
    for (const zone of ['Asia/Shanghai', 'America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon']) {
      const reading = readClock(new Date(deadline.at), zone);
      expect(localDeadline(deadline, zone, 'en').local).toBe(`${reading.date}T${reading.time}`);
    }
  });

  test('the text is in the viewer’s language and names the zone', () => {
    expect(localDeadline(deadline, 'Asia/Shanghai', 'zh-CN').text).toMatch(/^2026年3月10日.*17:00 \(Asia\/Shanghai\)$/);
    expect(localDeadline(deadline, 'America/Sao_Paulo', 'pt-BR').text).toMatch(/10 de março de 2026.*06:00 \(America\/Sao_Paulo\)$/);
  });

  test('the countdown counts whole seconds to the deadline and stops at zero', () => {
    expect(deadlineView(deadline, { timeZone: 'UTC', locale: 'en' }, new Date('2026-03-10T08:59:00.500Z'))).toMatchObject({ remainingSeconds: 59, passed: false });
    expect(deadlineView(deadline, { timeZone: 'UTC', locale: 'en' }, new Date('2026-03-10T09:00:00.000Z'))).toMatchObject({ remainingSeconds: 0, passed: true });
  });
});

describe('extension requests', () => {
  const pending: ExtensionRequest = { id: 'r1', by: 'p1', byName: 'Ana', reason: 'travel', requestedAt: '2026-03-02T00:00:00.000Z', status: 'pending' };
  const denied: ExtensionRequest = { ...pending, id: 'r2', status: 'denied', decidedAt: '2026-03-03T00:00:00.000Z' };

  test('a party has one request waiting at a time', () => {
    expect(refusal(() => requireNoPendingRequest([pending], 'p1')).code).toBe('EXTENSION_ALREADY_REQUESTED');
    expect(() => requireNoPendingRequest([denied], 'p1')).not.toThrow();
    expect(() => requireNoPendingRequest([pending], 'p2')).not.toThrow();
  });

  test('only a waiting request is decided, and an unknown one is not found', () => {
    expect(requirePendingRequest([pending], 'r1')).toBe(pending);
    expect(refusal(() => requirePendingRequest([denied], 'r2')).code).toBe('EXTENSION_ALREADY_DECIDED');
    expect(refusal(() => requirePendingRequest([pending], 'nope')).code).toBe('EXTENSION_NOT_FOUND');
  });
});
