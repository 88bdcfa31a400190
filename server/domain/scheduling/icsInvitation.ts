// The calendar invitation a participant adds to their own calendar (RFC 5545, with the iTIP
// methods of RFC 5546). Times are written in UTC, which every calendar program converts to its
// user's zone itself; the zone the hearing was set in travels as X-WR-TIMEZONE and, with the
// participant's own local time, in words in the description, so that a reader who doubts their
// calendar's conversion can check it.
import { CourtError } from '../CourtError.js';
import { escapeText, foldContentLine, icsUtcDateTime, paramValue } from './icsContentLine.js';
import { describeForParticipant } from './localTimeDescription.js';
import { requireTimeZone } from './zonedTime.js';

export interface IcsPerson {
  readonly name: string;
  /**
   * Without one the person is named only in the description: ORGANIZER and ATTENDEE must be
   * calendar addresses, and there is none to write.
   */
  readonly email?: string;
}

export interface IcsAttendee extends IcsPerson {
  /** The participant's own zone; their local time is added to the description. */
  readonly timeZone?: string;
  /** BCP 47; the language dates and hours are written in. Default 'en-GB'. */
  readonly locale?: string;
}

export interface IcsInvitationInput {
  /** Stays the same for every update and the cancellation of one hearing. */
  readonly uid: string;
  /** Raised with every change; calendars ignore an update whose sequence is not higher. */
  readonly sequence: number;
  readonly start: Date;
  readonly end: Date;
  /** The zone the hearing was set in. */
  readonly timeZone: string;
  readonly summary: string;
  readonly description: string;
  readonly joinUrl: string;
  readonly organizer?: IcsPerson;
  readonly attendee?: IcsAttendee;
  /** Default 15. */
  readonly reminderMinutesBefore?: number;
  readonly method: 'REQUEST' | 'CANCEL';
  /** Written as DTSTAMP; passed in so the output depends on its inputs only. */
  readonly now: Date;
}

const DEFAULT_LOCALE = 'en-GB';
const EMAIL = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+$/;

/** The .ics text: CRLF line ends, lines folded at 75 octets. */
export function icsInvitation(input: IcsInvitationInput): string {
  const joinUrl = requireInput(input);
  const cancelled = input.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//CrossCourt//Hearing//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    `X-WR-TIMEZONE:${escapeText(input.timeZone)}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(input.uid)}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${icsUtcDateTime(input.now)}`,
    `DTSTART:${icsUtcDateTime(input.start)}`,
    `DTEND:${icsUtcDateTime(input.end)}`,
    `SUMMARY:${escapeText(input.summary)}`,
    `DESCRIPTION:${escapeText(descriptionText(input, joinUrl))}`,
    // URI values are not TEXT and take no escaping (§3.3.13); URL parsing percent-encodes.
    `URL:${joinUrl}`,
    'LOCATION:Online hearing',
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    ...personLine('ORGANIZER', input.organizer, ''),
    ...personLine('ATTENDEE', input.attendee, ';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE'),
    // A cancelled hearing needs no reminder; some calendars would still ring one.
    ...(cancelled ? [] : alarmLines(input)),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldContentLine).join('\r\n') + '\r\n';
}

function personLine(property: string, person: IcsPerson | undefined, params: string): string[] {
  if (person?.email === undefined) return [];
  return [`${property};CN=${paramValue(person.name)}${params}:mailto:${person.email}`];
}

function alarmLines(input: IcsInvitationInput): string[] {
  return [
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    // DISPLAY alarms must carry a DESCRIPTION (§3.6.6).
    `DESCRIPTION:${escapeText(`Reminder: ${input.summary}`)}`,
    `TRIGGER:-PT${input.reminderMinutesBefore ?? 15}M`,
    'END:VALARM',
  ];
}

function descriptionText(input: IcsInvitationInput, joinUrl: string): string {
  const locale = input.attendee?.locale ?? DEFAULT_LOCALE;
  const own = input.attendee?.timeZone;
  const when = [`Time of the hearing: ${describeForParticipant(input.start, input.end, input.timeZone, locale)}`];
  if (own !== undefined && own !== input.timeZone) when.push(`Your local time: ${describeForParticipant(input.start, input.end, own, locale)}`);
  const people = [
    input.organizer && `Organised by: ${input.organizer.name}`,
    input.attendee && `Invitation for: ${input.attendee.name}`,
  ].filter((line): line is string => typeof line === 'string');
  return [
    input.method === 'CANCEL' ? 'This hearing has been cancelled.' : undefined,
    input.description === '' ? undefined : input.description,
    [`Join the hearing: ${joinUrl}`, ...when].join('\n'),
    people.length > 0 ? people.join('\n') : undefined,
  ]
    .filter((block) => block !== undefined)
    .join('\n\n');
}

/** Checks everything and gives back the join link in its normal form. */
function requireInput(input: IcsInvitationInput): string {
  requireText('uid', input.uid);
  requireText('summary', input.summary);
  if (typeof input.description !== 'string') bad('description must be a string (it may be empty)');
  if (input.method !== 'REQUEST' && input.method !== 'CANCEL') bad(`method must be 'REQUEST' or 'CANCEL'; got ${JSON.stringify(input.method)}`);
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 0) bad('sequence must be a whole number, 0 or more');
  const reminder = input.reminderMinutesBefore ?? 15;
  if (!Number.isSafeInteger(reminder) || reminder < 0) bad('reminderMinutesBefore must be a whole number of minutes, 0 or more');
  requireTimes(input);
  requireTimeZone(input.timeZone);
  if (input.attendee?.timeZone !== undefined) requireTimeZone(input.attendee.timeZone);
  for (const [role, person] of [['organizer', input.organizer], ['attendee', input.attendee]] as const) {
    if (person === undefined) continue;
    requireText(`${role}.name`, person.name);
    if (person.email !== undefined && !EMAIL.test(person.email)) bad(`${role}.email must be an address such as clerk@court.example`);
  }
  return requireJoinUrl(input.joinUrl);
}

function requireTimes(input: IcsInvitationInput): void {
  for (const [name, value] of [['start', input.start], ['end', input.end], ['now', input.now]] as const) {
    if (!(value instanceof Date) || !Number.isFinite(value.getTime())) bad(`${name} must be a valid Date`);
  }
  if (input.start.getTime() >= input.end.getTime()) bad('end must be after start');
  // iCalendar has whole seconds; rounding a hearing's time silently would misstate it.
  if (input.start.getTime() % 1000 !== 0 || input.end.getTime() % 1000 !== 0) bad('start and end must be whole seconds');
}

function requireJoinUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) bad(`joinUrl must be an http(s) address; got ${JSON.stringify(text)}`);
  return url.href;
}

function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') bad(`${name} must be a non-empty string`);
}

function bad(message: string): never {
  throw new CourtError('INVALID_PAYLOAD', message);
}
