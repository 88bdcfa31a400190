// The deadline of a round: an instant, stored in UTC with the IANA zone it was set in, and shown
// to each participant on their own clock. A judge sets it as an instant or as a wall-clock time in
// a zone ("17:00 in Shanghai on 10 March"); an extension by whole days keeps the wall-clock time
// of the zone it was set in, so "two more days" still ends at 17:00 there when the clocks change
// in between. Extension requests (a party asks, the court grants or denies) live here too.
import { CourtError } from '../CourtError.js';
import { isValidLanguageTag } from '../cases/caseParticipant.js';
import { toUtcTimestamp } from '../ledger/utcTimestamp.js';
import { addDays, isoDateText, pad2 } from '../scheduling/localDate.js';
import { instantOf, requireTimeZone, wallClockIn, zoneOffsetMinutes, type Disambiguation } from '../scheduling/zonedTime.js';

export interface Deadline {
  /** UTC instant, YYYY-MM-DDTHH:mm:ss.sssZ. */
  readonly at: string;
  /** The IANA zone it was set in. */
  readonly timeZone: string;
}

/** How a deadline is given: an instant, a wall-clock time in a zone, or whole days added to the current one. */
export type DeadlineInput =
  | { readonly at: string; readonly timeZone: string }
  | { readonly local: string; readonly timeZone: string; readonly ifAmbiguous?: 'earlier' | 'later' }
  | { readonly addDays: number };

/** A deadline on one viewer's clock. */
export interface LocalDeadline {
  readonly timeZone: string;
  /** 'YYYY-MM-DDTHH:mm' (':ss' when the deadline has seconds) on that zone's wall clock. */
  readonly local: string;
  /** The zone's offset from UTC at the deadline, '+08:00', '-03:00'. */
  readonly offset: string;
  /** In the viewer's language, with the zone named: 'Tuesday, 10 March 2026 at 17:00 (Asia/Shanghai)'. */
  readonly text: string;
}

export interface DeadlineView {
  readonly at: string;
  readonly setIn: LocalDeadline;
  readonly yours: LocalDeadline;
  /** Whole seconds left (0 once passed), for a countdown. */
  readonly remainingSeconds: number;
  readonly passed: boolean;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
/** The longest a round may run: a year. */
export const MAX_DEADLINE_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The deadline an input names, which must be in the future (after `now`) and within a year. A
 * wall-clock time the clocks skip or show twice is refused unless `ifAmbiguous` says which is
 * meant; `addDays` needs the current deadline and keeps its wall-clock time in its zone.
 */
export function deadlineOf(input: DeadlineInput, now: Date, current?: Deadline): Deadline {
  const deadline = resolve(input, current);
  const at = Date.parse(deadline.at);
  if (at <= now.getTime()) {
    throw new CourtError('INVALID_PAYLOAD', `deadline: ${deadline.at} is not in the future (it is now ${toUtcTimestamp(now)}); give a later time`);
  }
  if (at - now.getTime() > MAX_DEADLINE_DAYS * DAY_MS) throw new CourtError('INVALID_PAYLOAD', `deadline: a round runs at most ${MAX_DEADLINE_DAYS} days; give an earlier time`);
  return deadline;
}

function resolve(input: DeadlineInput, current: Deadline | undefined): Deadline {
  if ('addDays' in input) {
    if (current === undefined) throw new CourtError('INVALID_PAYLOAD', 'deadline.addDays extends an existing deadline; give a time (at or local) instead');
    if (!Number.isInteger(input.addDays) || input.addDays < 1) throw new CourtError('INVALID_PAYLOAD', 'deadline.addDays must be a whole number of days, at least 1');
    const wall = wallClockIn(new Date(current.at), current.timeZone);
    // 'later': a wall time that happens twice keeps the party's longer deadline.
    const moved = instantOf({ ...addDays(wall, input.addDays), hour: wall.hour, minute: wall.minute }, current.timeZone, 'later');
    return { at: toUtcTimestamp(new Date(moved.getTime() + wall.second * 1000)), timeZone: current.timeZone };
  }
  requireZone(input.timeZone);
  if ('at' in input) {
    if (!INSTANT.test(input.at) || Number.isNaN(Date.parse(input.at))) {
      throw new CourtError('INVALID_PAYLOAD', `deadline.at must be a UTC instant like 2026-03-10T09:00:00Z; got ${JSON.stringify(input.at)}`);
    }
    return { at: toUtcTimestamp(new Date(Date.parse(input.at))), timeZone: input.timeZone };
  }
  const match = LOCAL_TIME.exec(input.local);
  if (match === null) throw new CourtError('INVALID_PAYLOAD', `deadline.local must be a wall-clock time 'YYYY-MM-DDTHH:mm' such as 2026-03-10T17:00; got ${JSON.stringify(input.local)}`);
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const disambiguation: Disambiguation = input.ifAmbiguous ?? 'reject';
  try {
    return { at: toUtcTimestamp(instantOf({ year, month, day, hour, minute }, input.timeZone, disambiguation)), timeZone: input.timeZone };
  } catch (error) {
    // The scheduling module says what is wrong with the time; the caller needs to know which field.
    if (error instanceof CourtError) throw new CourtError('INVALID_PAYLOAD', `deadline.local: ${error.message}${disambiguation === 'reject' ? ' (or set ifAmbiguous)' : ''}`);
    throw error;
  }
}

function requireZone(zone: string): void {
  try {
    requireTimeZone(zone);
  } catch {
    throw new CourtError('INVALID_PAYLOAD', `deadline.timeZone must be an IANA zone such as "Asia/Shanghai"; got ${JSON.stringify(zone)}`);
  }
}

export function hasPassed(deadline: Deadline, now: Date): boolean {
  return now.getTime() >= Date.parse(deadline.at);
}

const deadlineFormats = new Map<string, Intl.DateTimeFormat>();

/** Made once per language and zone: making one costs far more than formatting with it. */
function deadlineFormat(language: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${language}\u0000${timeZone}`;
  let format = deadlineFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'full', timeStyle: 'short' });
    deadlineFormats.set(key, format);
  }
  return format;
}

/** Deadlines already written out, by instant, zone and locale (the oldest forgotten first). */
const written = new Map<string, LocalDeadline>();
const WRITTEN_KEPT = 2_000;

/** The deadline on a zone's wall clock, written in `locale`. */
export function localDeadline(deadline: Deadline, timeZone: string, locale: string): LocalDeadline {
  const key = `${deadline.at}\u0000${timeZone}\u0000${locale}`;
  let local = written.get(key);
  if (local === undefined) {
    local = writeLocalDeadline(deadline, timeZone, locale);
    if (written.size >= WRITTEN_KEPT) written.delete(written.keys().next().value!);
    written.set(key, local);
  }
  return local;
}

function writeLocalDeadline(deadline: Deadline, timeZone: string, locale: string): LocalDeadline {
  const instant = new Date(deadline.at);
  const wall = wallClockIn(instant, timeZone);
  const local = `${isoDateText(wall)}T${pad2(wall.hour)}:${pad2(wall.minute)}${wall.second === 0 ? '' : `:${pad2(wall.second)}`}`;
  const minutes = Math.round(zoneOffsetMinutes(instant, timeZone));
  const offset = `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(minutes) / 60))}:${pad2(Math.abs(minutes) % 60)}`;
  const language = isValidLanguageTag(locale) ? locale : 'en';
  const text = `${deadlineFormat(language, timeZone).format(instant)} (${timeZone})`;
  return { timeZone, local, offset, text };
}

/** The deadline as one viewer sees it: on the clock it was set on, on theirs, and how long is left. */
export function deadlineView(deadline: Deadline, viewer: { timeZone: string; locale: string }, now: Date): DeadlineView {
  const left = Date.parse(deadline.at) - now.getTime();
  return {
    at: deadline.at,
    setIn: localDeadline(deadline, deadline.timeZone, viewer.locale),
    yours: localDeadline(deadline, viewer.timeZone, viewer.locale),
    remainingSeconds: Math.max(0, Math.floor(left / 1000)),
    passed: left <= 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Extension requests

export type ExtensionStatus = 'pending' | 'granted' | 'denied';

export interface ExtensionRequest {
  readonly id: string;
  /** The participant who asked (a required participant, or counsel for one). */
  readonly by: string;
  readonly byName: string;
  readonly reason: string;
  readonly requestedAt: string;
  /** What they asked for, if they named a time. */
  readonly proposed?: Deadline;
  readonly status: ExtensionStatus;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  /** The court's reason for a denial (or a note with a grant). */
  readonly decisionReason?: string;
  /** The deadline a grant set. */
  readonly granted?: Deadline;
}

/** A party may have one request waiting at a time. */
export function requireNoPendingRequest(requests: readonly ExtensionRequest[], by: string): void {
  const pending = requests.find((r) => r.by === by && r.status === 'pending');
  if (pending !== undefined) {
    throw new CourtError('EXTENSION_ALREADY_REQUESTED', `you asked for an extension at ${pending.requestedAt} and the court has not decided yet; wait for its decision`);
  }
}

export function requirePendingRequest(requests: readonly ExtensionRequest[], requestId: string): ExtensionRequest {
  const request = requests.find((r) => r.id === requestId);
  if (request === undefined) throw new CourtError('EXTENSION_NOT_FOUND', `this round has no extension request ${requestId}`);
  if (request.status !== 'pending') throw new CourtError('EXTENSION_ALREADY_DECIDED', `this request was already ${request.status} at ${request.decidedAt}`);
  return request;
}

/** An extension moves the deadline later, never earlier (that would cut short a party's time). */
export function requireLater(next: Deadline, current: Deadline): void {
  if (Date.parse(next.at) <= Date.parse(current.at)) {
    throw new CourtError('INVALID_PAYLOAD', `deadline: an extension must end after the current deadline ${current.at}; give a later time`);
  }
}
