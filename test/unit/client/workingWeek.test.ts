// The case page turns the days a person ticks, each with its hours, into the body it PUTs, and
// shows anyone's week grouped the way the court describes it.
import { hoursOn, weekBody, weekGroups } from '../../../client/src/record/workingWeek.js';

const day = (d: number, start: string, end: string) => ({ day: d, start, end });

describe('the days ticked on the page become one week', () => {
  test('the same hours every day: no byDay', () => {
    expect(weekBody([2, 3, 4, 5, 6].map((d) => day(d, '14:00', '22:00')))).toEqual({ days: [2, 3, 4, 5, 6], start: '14:00', end: '22:00' });
  });

  test('the hours most days share are the week’s; a short Saturday goes in byDay', () => {
    expect(weekBody([day(2, '14:00', '22:00'), day(3, '14:00', '22:00'), day(4, '14:00', '22:00'), day(6, '10:00', '14:00')])).toEqual({
      days: [2, 3, 4, 6],
      start: '14:00',
      end: '22:00',
      byDay: [{ day: 6, start: '10:00', end: '14:00' }],
    });
  });

  test('on a tie, the earliest day’s hours are the week’s', () => {
    expect(weekBody([day(1, '08:00', '12:00'), day(2, '13:00', '24:00')])).toEqual({ days: [1, 2], start: '08:00', end: '12:00', byDay: [{ day: 2, start: '13:00', end: '24:00' }] });
  });
});

describe('a week is grouped to be shown', () => {
  test('Mon–Thu at the usual hours and a short Friday', () => {
    const week = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', byDay: [{ day: 5, start: '09:00', end: '13:00' }] };
    expect(weekGroups(week)).toEqual([
      { runs: [[1, 4]], hours: '09:00–17:00' },
      { runs: [[5]], hours: '09:00–13:00' },
    ]);
    expect(hoursOn(week, 5)).toEqual({ start: '09:00', end: '13:00' });
    expect(hoursOn(week, 6)).toBeUndefined();
  });

  test('two days in a row are named one by one, three or more as a range', () => {
    expect(weekGroups({ days: [6, 7, 1], start: '10:00', end: '14:00' })).toEqual([{ runs: [[1], [6], [7]], hours: '10:00–14:00' }]);
    expect(weekGroups({ days: [2, 3, 4, 5, 6], start: '14:00', end: '22:00' })).toEqual([{ runs: [[2, 6]], hours: '14:00–22:00' }]);
  });
});
