// What the presiding side is told as it happens, not only shown in the console: someone waiting
// in the lobby to be admitted, a hand going up, a request for a consultation. A judge watching
// the witness (or working with a screen reader) would otherwise miss them. Observers waiting for
// the public gallery are not announced: a public hearing may bring hundreds of them.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';

/** The names of those newly waiting, with a hand newly raised, newly asking for a consultation. */
export interface ChairNews {
  waiting: string[];
  handRaised: string[];
  asksConsultation: string[];
}

/** What is new for the chair between two views of the same hearing (nothing for anyone else). */
export function chairNews(before: CourtroomView, now: CourtroomView): ChairNews {
  const news: ChairNews = { waiting: [], handRaised: [], asksConsultation: [] };
  if (!now.you.presiding || before.hearingId !== now.hearingId) return news;
  // (Names as the console shows them; this file stays free of the page's text machinery.)
  const nameOf = (id: string) => now.participants.find((p) => p.participantId === id)?.displayName ?? id.slice(0, 8);
  const waitingBefore = new Set(before.participants.filter((p) => p.seat === 'lobby').map((p) => p.participantId));
  news.waiting = now.participants.filter((p) => p.seat === 'lobby' && p.role !== 'observer' && !waitingBefore.has(p.participantId)).map((p) => p.displayName);
  const handsBefore = new Set(before.handQueue);
  news.handRaised = now.handQueue.filter((id) => !handsBefore.has(id)).map(nameOf);
  const requestsBefore = new Set(before.consultationRequests.map((r) => r.requestId));
  news.asksConsultation = now.consultationRequests.filter((r) => !requestsBefore.has(r.requestId)).map((r) => nameOf(r.participantId));
  return news;
}
