// A round's countdown on the page counts down to the deadline the court enforces: from the time
// left that the court sent, not from the browser's own clock, in days, hours, minutes and
// seconds, in English and in Chinese.
import { countdownMessage, countdownTarget, isUrgent, remainingUntil, type CountdownMessage } from '../../../client/src/record/deadlineCountdown.js';
import { en } from '../../../client/src/messages/en.js';
import { zhCN } from '../../../client/src/messages/zh-CN.js';

// The catalogues' text with the parameters filled in, as the page's i18n does (that module needs
// the DOM, which the tests are not compiled with).
function format(message: CountdownMessage, language: 'en' | 'zh-CN'): string {
  const template = (language === 'en' ? en : zhCN)[message.key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(message.params?.[name] ?? placeholder));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test('the countdown counts from the time left the court sent, whatever the browser’s clock says', () => {
  // The court says 90 s are left; this browser's clock is 10 minutes fast. Receiving the round at
  // its "now", the deadline falls 90 s later on its own clock.
  const browserNow = Date.parse('2026-03-10T09:10:00Z');
  expect(countdownTarget(90, browserNow)).toBe(browserNow + 90 * SECOND);
  expect(remainingUntil(countdownTarget(90, browserNow), browserNow + 30 * SECOND)).toEqual({ passed: false, days: 0, hours: 0, minutes: 1, seconds: 0 });
});

test('time left is split into whole days, hours, minutes and seconds, rounded down', () => {
  const now = 1_000_000;
  expect(remainingUntil(now + 2 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND + 999, now)).toEqual({ passed: false, days: 2, hours: 3, minutes: 4, seconds: 5 });
  expect(remainingUntil(now + 59 * MINUTE + 59 * SECOND, now)).toEqual({ passed: false, days: 0, hours: 0, minutes: 59, seconds: 59 });
});

test('at the deadline and after it, the deadline has passed', () => {
  const now = 1_000_000;
  for (const target of [now, now + 999, now - HOUR]) expect(remainingUntil(target, now)).toEqual({ passed: true, days: 0, hours: 0, minutes: 0, seconds: 0 });
});

test('more than a day left reads in days, hours and minutes; the last day adds seconds; the last hour is minutes and seconds', () => {
  const now = 0;
  const text = (ms: number, language: 'en' | 'zh-CN' = 'en') => format(countdownMessage(remainingUntil(now + ms, now)), language);
  expect(text(2 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND)).toBe('2 d 3 h 4 min left');
  expect(text(5 * HOUR + 6 * MINUTE + 7 * SECOND)).toBe('5 h 6 min 7 s left');
  expect(text(8 * MINUTE + 9 * SECOND)).toBe('8 min 9 s left');
  expect(text(-SECOND)).toBe('The deadline has passed');
  expect(text(2 * DAY + 3 * HOUR + 4 * MINUTE, 'zh-CN')).toBe('剩余 2 天 3 小时 4 分');
  expect(text(8 * MINUTE + 9 * SECOND, 'zh-CN')).toBe('剩余 8 分 9 秒');
  expect(text(-SECOND, 'zh-CN')).toBe('已过截止时间');
});

test('under a day left is urgent; a passed deadline is not', () => {
  expect(isUrgent(remainingUntil(DAY + SECOND, 0))).toBe(false);
  expect(isUrgent(remainingUntil(DAY - SECOND, 0))).toBe(true);
  expect(isUrgent(remainingUntil(0, 0))).toBe(false);
});
