// A time in the ledger has one spelling: what toUtcTimestamp writes is always a timestamp
// isUtcTimestamp accepts, and a date outside the years 1970–9999 (or no date at all) is refused.
import { isUtcTimestamp, toUtcTimestamp } from '../../../server/domain/ledger/utcTimestamp.js';

test('a date from 1970 to 9999 is written as its ISO spelling, which reads back as itself', () => {
  for (const ms of [0, 1, Date.UTC(2025, 2, 14, 9, 26, 53, 589), Date.UTC(2028, 1, 29), Date.UTC(9999, 11, 31, 23, 59, 59, 999)]) {
    const text = toUtcTimestamp(new Date(ms));
    expect([text, isUtcTimestamp(text), Date.parse(text)]).toEqual([new Date(ms).toISOString(), true, ms]);
  }
});

test('a date before 1970, after 9999 or invalid is refused', () => {
  for (const ms of [-1, Date.UTC(1969, 11, 31), Date.UTC(10000, 0, 1), Number.NaN]) {
    expect(() => toUtcTimestamp(new Date(ms))).toThrow(RangeError);
  }
});

test('a timestamp that does not exist or is spelled otherwise is not one', () => {
  for (const text of ['2025-02-30T00:00:00.000Z', '2025-03-14T09:26:53Z', '2025-03-14T09:26:53.589+00:00', '+010000-01-01T00:00:00.000Z']) expect(isUtcTimestamp(text)).toBe(false);
});
