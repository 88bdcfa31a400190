// Proposing hearing times that fall inside every participant's working hours. Each participant's
// working windows are worked out day by day in their own zone, the windows are intersected on
// the UTC time line, and the candidate starts of a UTC grid are laid over what is common. That
// way a week in which one country has changed its clocks and another has not comes out right
// without any special case.
import { CourtError } from '../CourtError.js';
import { clockTimeText } from './clockTime.js';
import { isoDateText, sameLocalDate, type Weekday } from './localDate.js';
import { workingWindowsBetween, type WorkingHours } from './workingHours.js';
import { wallClockIn } from './zonedTime.js';

export interface SlotParticipant {
  readonly id: string;
  readonly workingHours: WorkingHours;
}

export interface SlotRequest {
  readonly participants: readonly SlotParticipant[];
  readonly durationMinutes: number;
  /** Start of the search; candidates are on the UTC grid of stepMinutes, rounded up from here. */
  readonly from: Date;
  /** How many 24-hour days after `from` a slot may start in. */
  readonly days: number;
  /** Grid spacing, counted from the Unix epoch (so 30 gives :00 and :30 UTC). Default 30. */
  readonly stepMinutes?: number;
  /** Default 20. */
  readonly maxSlots?: number;
  /** No slot starts before this (e.g. the notice a party must be given). */
  readonly notBefore?: Date;
}

/** A slot as one participant reads it on their own clock. */
export interface LocalSlot {
  /** 'YYYY-MM-DD' in the participant's zone. */
  readonly date: string;
  /** 'HH:MM'. */
  readonly start: string;
  /** 'HH:MM'; '24:00' when the slot ends at local midnight. */
  readonly end: string;
  readonly timeZone: string;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: Weekday;
}

export interface ProposedSlot {
  readonly start: Date;
  readonly end: Date;
  /** Keyed by participant id. */
  readonly local: Record<string, LocalSlot>;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// Bounds that keep one request's work small; a hearing is scheduled weeks ahead, not years.
const MAX_DAYS = 366;
const MAX_SLOTS = 1000;

/**
 * Slots inside every participant's working hours, earliest first, at most maxSlots. An empty
 * array means there is no common time in the period asked about.
 */
export function proposeSlots(request: SlotRequest): ProposedSlot[] {
  const search = readRequest(request);
  if (search.begin >= search.horizon) return [];
  const until = new Date(search.horizon + search.durationMs);
  const common = request.participants
    .map((p) => workingWindowsBetween(p.workingHours, new Date(search.begin), until).map((w) => ({ start: w.start.getTime(), end: w.end.getTime() })))
    .reduce(intersect);
  return gridStarts(common, search).map((start) => slotAt(start, start + search.durationMs, request.participants));
}

interface Search {
  readonly begin: number;
  readonly horizon: number;
  readonly stepMs: number;
  readonly durationMs: number;
  readonly maxSlots: number;
}

function readRequest(request: SlotRequest): Search {
  requireParticipants(request.participants);
  const durationMinutes = requireCount('durationMinutes', request.durationMinutes, 24 * 60);
  const stepMs = requireCount('stepMinutes', request.stepMinutes ?? 30, 24 * 60) * MINUTE_MS;
  const days = requireCount('days', request.days, MAX_DAYS);
  const maxSlots = requireCount('maxSlots', request.maxSlots ?? 20, MAX_SLOTS);
  const from = requireDate('from', request.from);
  const notBefore = request.notBefore === undefined ? from : requireDate('notBefore', request.notBefore);
  return {
    begin: Math.ceil(Math.max(from, notBefore) / stepMs) * stepMs,
    horizon: from + days * DAY_MS,
    stepMs,
    durationMs: durationMinutes * MINUTE_MS,
    maxSlots,
  };
}

function requireParticipants(participants: readonly SlotParticipant[]): void {
  if (!Array.isArray(participants) || participants.length === 0) {
    throw new CourtError('INVALID_PAYLOAD', 'participants must list at least one participant with working hours');
  }
  const ids = participants.map((p) => p.id);
  if (ids.some((id) => typeof id !== 'string' || id === '') || new Set(ids).size !== ids.length) {
    throw new CourtError('INVALID_PAYLOAD', 'each participant needs a non-empty id, and no id may appear twice');
  }
}

function requireCount(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new CourtError('INVALID_PAYLOAD', `${name} must be a whole number from 1 to ${max}; got ${String(value)}`);
  }
  return value;
}

function requireDate(name: string, value: Date): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new CourtError('INVALID_PAYLOAD', `${name} must be a valid Date`);
  return ms;
}

/**
 * The pieces two sorted lists of spans have in common. Pieces are not merged even when they
 * touch: a slot must fit in one working day of each participant, never across two.
 */
function intersect(a: Span[], b: Span[]): Span[] {
  const common: Span[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const start = Math.max(a[i]!.start, b[j]!.start);
    const end = Math.min(a[i]!.end, b[j]!.end);
    if (start < end) common.push({ start, end });
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return common;
}

function gridStarts(common: Span[], search: Search): number[] {
  const starts: number[] = [];
  for (const span of common) {
    const first = Math.ceil(Math.max(span.start, search.begin) / search.stepMs) * search.stepMs;
    for (let start = first; start + search.durationMs <= span.end && start < search.horizon; start += search.stepMs) {
      if (starts.length === search.maxSlots) return starts;
      starts.push(start);
    }
  }
  return starts;
}

function slotAt(start: number, end: number, participants: readonly SlotParticipant[]): ProposedSlot {
  // fromEntries defines own properties, so an id such as '__proto__' stays an ordinary key.
  const local = Object.fromEntries(participants.map((p) => [p.id, localSlot(start, end, p.workingHours.timeZone)]));
  return { start: new Date(start), end: new Date(end), local };
}

function localSlot(start: number, end: number, timeZone: string): LocalSlot {
  const from = wallClockIn(new Date(start), timeZone);
  const to = wallClockIn(new Date(end), timeZone);
  // A slot lies inside one local day, so a different end date can only be the next midnight.
  const endText = sameLocalDate(from, to) ? clockTimeText(to.hour, to.minute) : '24:00';
  return { date: isoDateText(from), start: clockTimeText(from.hour, from.minute), end: endText, timeZone, weekday: from.weekday };
}
