// What each line of the case timeline says: the entry's type in words, and what it concerns (the
// round, hearing or offer its payload names), named from the timeline itself — a round by the
// number and title it was opened with, a hearing by its title, an offer by its number — so rounds
// and hearings read together in time order. No DOM and no i18n at run time (unit tests import it):
// the panel shows the messages.
import type { MessageKey } from '../messages/en.js';
import type { PlainMessage as Message } from './plainMessage.js';
import type { TimelineItem } from './apiTypes.js';
import { isPlainRecord } from '../../../server/domain/plainRecord.js';

/** Every type of ledger entry the server writes (server/record, server/realtime), each with a line in the catalogues. */
export const TIMELINE_ENTRY_TYPES = [
  'case.created',
  'case.updated',
  'case.stageChanged',
  'case.settled',
  'participant.added',
  'participant.removed',
  'participant.joined',
  'invitation.issued',
  'invitation.revoked',
  'evidence.filed',
  'evidence.filedSealed',
  'evidence.withdrawn',
  'evidence.crossExamined',
  'hearing.scheduled',
  'hearing.phaseChanged',
  'hearing.oathConfirmed',
  'recording.started',
  'recording.fileClosed',
  'recording.closed',
  'document.created',
  'document.released',
  'document.locked',
  'document.signed',
  'signingKey.created',
  'signingKey.registered',
  'trial.consentGiven',
  'trial.consentWithdrawn',
  'round.opened',
  'round.read',
  'round.deadlineExtended',
  'round.extensionRequested',
  'round.extensionGranted',
  'round.extensionDenied',
  'round.revealed',
  'round.evidenceRevealed',
  'round.resumed',
  'round.closed',
  'question.windowOpened',
  'answer.submitted',
  'claims.stated',
  'claim.answered',
  'offer.made',
  'offer.rejected',
] as const;

export type TimelineEntryType = (typeof TIMELINE_ENTRY_TYPES)[number];
export type About = NonNullable<TimelineItem['about']>;

const KNOWN = new Set<string>(TIMELINE_ENTRY_TYPES);

/** An entry type in words; a type this page does not know yet is shown as it is. */
export function entryTypeMessage(type: string): Message {
  return KNOWN.has(type) ? { key: `entry.${type}` as MessageKey } : { key: 'entry.other', params: { type } };
}

/** The names the timeline gives the rounds, hearings and offers it mentions, by `kind:id`. */
export function aboutNames(items: readonly Pick<TimelineItem, 'type' | 'payload'>[]): Map<string, Message> {
  const names = new Map<string, Message>();
  for (const { type, payload } of items) {
    const fields = isPlainRecord(payload) ? payload : {};
    const number = typeof fields.number === 'number' ? fields.number : undefined;
    const title = typeof fields.title === 'string' ? fields.title : undefined;
    if (type === 'round.opened' && typeof fields.roundId === 'string' && number !== undefined) {
      // A caucus's title is its words: the ledger holds a commitment instead, so it has a number only.
      names.set(`round:${fields.roundId}`, title === undefined ? { key: 'timeline.about.roundNumber', params: { number } } : { key: 'timeline.about.round', params: { number, title } });
    } else if (type === 'hearing.scheduled' && typeof fields.hearingId === 'string' && title !== undefined) {
      names.set(`hearing:${fields.hearingId}`, { key: 'timeline.about.hearing', params: { title } });
    } else if (type === 'offer.made' && typeof fields.offerId === 'string' && number !== undefined) {
      names.set(`offer:${fields.offerId}`, { key: 'timeline.about.offer', params: { number } });
    }
  }
  return names;
}

/** What an entry concerns, by its name on the timeline, or its kind and the start of its id. */
export function aboutMessage(about: About, names: ReadonlyMap<string, Message>): Message {
  return names.get(`${about.kind}:${about.id}`) ?? { key: `timeline.about.unnamed.${about.kind}` as MessageKey, params: { id: `${about.id.slice(0, 8)}…` } };
}
