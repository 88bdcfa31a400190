// What the presiding side is told as it happens, not only shown in the console: someone waiting
// in the lobby to be admitted, a hand going up, a request for a consultation, someone in the
// rooms losing their connection and coming back (a party abroad whose network fails: the judge
// may wait for them), someone leaving the hearing for good. A judge watching the witness (or working with a screen reader) would
// otherwise miss them. Observers waiting for the public gallery are not announced: a public
// hearing may bring hundreds of them.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { inARoom, nameOf } from './people.js';

/**
 * The names of those newly waiting, with a hand newly raised, newly asking for a consultation,
 * whose connection was lost, who are back after losing it, and who left the rooms for good (they
 * left, their time to come back ran out, or the court removed them).
 */
export interface ChairNews {
  waiting: string[];
  handRaised: string[];
  asksConsultation: string[];
  connectionLost: string[];
  back: string[];
  left: string[];
}

/** What is new for the chair between two views of the same hearing (nothing for anyone else). */
export function chairNews(before: CourtroomView, now: CourtroomView): ChairNews {
  const news: ChairNews = { waiting: [], handRaised: [], asksConsultation: [], connectionLost: [], back: [], left: [] };
  if (!now.you.presiding || before.hearingId !== now.hearingId) return news;
  const waitingBefore = new Set(before.participants.filter((p) => p.seat === 'lobby').map((p) => p.participantId));
  news.waiting = now.participants.filter((p) => p.seat === 'lobby' && p.role !== 'observer' && !waitingBefore.has(p.participantId)).map((p) => p.displayName);
  const handsBefore = new Set(before.handQueue);
  news.handRaised = now.handQueue.filter((id) => !handsBefore.has(id)).map((id) => nameOf(now, id));
  const requestsBefore = new Set(before.consultationRequests.map((r) => r.requestId));
  news.asksConsultation = now.consultationRequests.filter((r) => !requestsBefore.has(r.requestId)).map((r) => nameOf(now, r.participantId));
  const inRoomsBefore = new Map(before.participants.filter(inARoom).map((p) => [p.participantId, p]));
  for (const person of now.participants.filter(inARoom)) {
    const was = inRoomsBefore.get(person.participantId)?.connected;
    if (was === true && !person.connected) news.connectionLost.push(person.displayName);
    if (was === false && person.connected) news.back.push(person.displayName);
  }
  const present = new Set(now.participants.map((p) => p.participantId));
  news.left = [...inRoomsBefore.values()].filter((p) => !present.has(p.participantId)).map((p) => p.displayName);
  return news;
}

