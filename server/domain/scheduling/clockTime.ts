// A time of day written 'HH:MM' (24-hour), as working hours and local slot times are.
import { pad2 } from './localDate.js';

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_DAY = 24 * 60;

/**
 * Minutes after midnight, or undefined when the text is not 'HH:MM'. `allowEndOfDay` accepts
 * '24:00', so that a window can run to midnight (00:00–24:00 is a whole day).
 */
export function parseClockTime(text: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && text === '24:00') return MINUTES_PER_DAY;
  const match = typeof text === 'string' ? CLOCK_TIME.exec(text) : null;
  if (match === null) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function clockTimeText(hour: number, minute: number): string {
  return `${pad2(hour)}:${pad2(minute)}`;
}
