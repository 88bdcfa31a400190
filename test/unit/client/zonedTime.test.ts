// The case page's scheduling form turns a local date and time in a chosen zone into the UTC
// instant it POSTs; these are the rules it must keep across daylight-saving changes.
import { parseWallTime, zonedWallTimeToUtc, zoneOffsetMs } from '../../../client/src/record/zonedTime.js';

const at = (date: string, time: string, zone: string) => {
  const result = zonedWallTimeToUtc(parseWallTime(date, time)!, zone);
  return { ok: result.ok, iso: result.instant.toISOString() };
};

test('a time in a zone without daylight saving is its fixed offset from UTC', () => {
  expect(at('2030-03-10', '10:00', 'Asia/Shanghai')).toEqual({ ok: true, iso: '2030-03-10T02:00:00.000Z' });
  expect(at('2030-01-01', '00:30', 'Asia/Kolkata')).toEqual({ ok: true, iso: '2029-12-31T19:00:00.000Z' });
  expect(zoneOffsetMs(Date.parse('2030-03-10T02:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3600_000);
});

test('the offset is the one in force on the day: summer and winter time differ', () => {
  expect(at('2030-01-15', '09:00', 'Europe/London')).toEqual({ ok: true, iso: '2030-01-15T09:00:00.000Z' });
  expect(at('2030-07-15', '09:00', 'Europe/London')).toEqual({ ok: true, iso: '2030-07-15T08:00:00.000Z' });
  expect(at('2030-07-15', '09:00', 'America/Sao_Paulo')).toEqual({ ok: true, iso: '2030-07-15T12:00:00.000Z' });
});

test('a time just after the clocks go forward gets the new offset, though the guess at the wall time had the old one', () => {
  // New York moves to EDT (UTC−4) at 02:00 on 10 March 2030.
  expect(at('2030-03-10', '03:30', 'America/New_York')).toEqual({ ok: true, iso: '2030-03-10T07:30:00.000Z' });
  expect(at('2030-03-10', '01:30', 'America/New_York')).toEqual({ ok: true, iso: '2030-03-10T06:30:00.000Z' });
  // London moves to BST at 01:00 UTC on 31 March 2030: 00:30 local is still GMT.
  expect(at('2030-03-31', '00:30', 'Europe/London')).toEqual({ ok: true, iso: '2030-03-31T00:30:00.000Z' });
  expect(at('2030-03-31', '02:30', 'Europe/London')).toEqual({ ok: true, iso: '2030-03-31T01:30:00.000Z' });
});

test('a time the clocks skip is reported, not silently moved', () => {
  expect(at('2030-03-10', '02:30', 'America/New_York').ok).toBe(false);
  expect(at('2030-03-31', '01:30', 'Europe/London').ok).toBe(false);
});

test('a time that occurs twice when the clocks go back is taken at its first occurrence', () => {
  // New York: 01:30 on 3 November 2030 is first EDT (05:30 UTC), then EST (06:30 UTC).
  expect(at('2030-11-03', '01:30', 'America/New_York')).toEqual({ ok: true, iso: '2030-11-03T05:30:00.000Z' });
  // London: 01:30 on 27 October 2030 is first BST (00:30 UTC), then GMT (01:30 UTC).
  expect(at('2030-10-27', '01:30', 'Europe/London')).toEqual({ ok: true, iso: '2030-10-27T00:30:00.000Z' });
});

test('a zone east of UTC crossing midnight keeps the right date', () => {
  expect(at('2030-03-10', '05:00', 'Pacific/Auckland')).toEqual({ ok: true, iso: '2030-03-09T16:00:00.000Z' });
});

test('dates and times that do not exist on any calendar are refused by the reader', () => {
  expect(parseWallTime('2030-04-31', '10:00')).toBeUndefined();
  expect(parseWallTime('2030-02-10', '24:00')).toBeUndefined();
  expect(parseWallTime('10/03/2030', '10:00')).toBeUndefined();
  expect(parseWallTime('2030-02-10', '09:05')).toEqual({ year: 2030, month: 2, day: 10, hour: 9, minute: 5 });
});
