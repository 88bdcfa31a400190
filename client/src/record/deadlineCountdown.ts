// How long is left before a round's deadline, for the live countdown on the round. No DOM and
// no i18n at run time (unit tests import it): the page turns the parts into a message.
//
// The court is the clock's authority: the page counts down from the `remainingSeconds` the
// server sent with the round, not from the browser's idea of the time, so a browser whose clock
// is wrong by minutes still shows what the court will enforce.
import type { MessageKey } from '../messages/en.js';

/** A message to show (i18n.ts's Message; declared here so this file needs no DOM). */
export interface CountdownMessage {
  key: MessageKey;
  params?: Record<string, number>;
}

export interface Remaining {
  passed: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The moment, on this browser's clock, that the court's deadline falls at. */
export function countdownTarget(remainingSeconds: number, receivedAtMs: number): number {
  return receivedAtMs + remainingSeconds * 1000;
}

/** What is left from `nowMs` to `targetMs`, in whole days, hours, minutes and seconds (rounded down). */
export function remainingUntil(targetMs: number, nowMs: number): Remaining {
  const left = Math.floor((targetMs - nowMs) / 1000);
  if (left <= 0) return { passed: true, days: 0, hours: 0, minutes: 0, seconds: 0 };
  return {
    passed: false,
    days: Math.floor(left / 86_400),
    hours: Math.floor((left % 86_400) / 3600),
    minutes: Math.floor((left % 3600) / 60),
    seconds: left % 60,
  };
}

/**
 * The countdown as a message: days, hours and minutes while more than a day is left; hours,
 * minutes and seconds on the last day; minutes and seconds in the last hour.
 */
export function countdownMessage(left: Remaining): CountdownMessage {
  if (left.passed) return { key: 'trial.countdownPassed' };
  if (left.days > 0) return { key: 'trial.countdownDays', params: { days: left.days, hours: left.hours, minutes: left.minutes } };
  if (left.hours > 0) return { key: 'trial.countdownHours', params: { hours: left.hours, minutes: left.minutes, seconds: left.seconds } };
  return { key: 'trial.countdownMinutes', params: { minutes: left.minutes, seconds: left.seconds } };
}

/** Whether the deadline is near enough for the countdown to be shown as urgent (under a day). */
export function isUrgent(left: Remaining): boolean {
  return !left.passed && left.days === 0;
}
