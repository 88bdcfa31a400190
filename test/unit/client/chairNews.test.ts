// The presiding side is told as it happens who waits in the lobby, whose hand went up, who asks
// for a consultation, who lost their connection, who is back and who left: between two of its
// views of a real courtroom, only what is new, by name; nothing for anyone else, nothing for
// observers waiting for the gallery.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom } from '../../../server/domain/hearing/Courtroom.js';
import { courtroomViewFor, type CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { chairNews } from '../../../client/src/courtroom/chairNews.js';

const HEARING = { caseId: 'case-1', floorLanguage: 'en' };

function hearingInSession(): Courtroom {
  let ids = 0;
  const room = new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => 0, newId: () => `id-${++ids}` });
  room.arrive(arrival('judge', 'judge'));
  for (const [id, role] of [['souza', 'claimant'], ['okafor', 'respondent']] as const) {
    room.arrive(arrival(id, role));
    room.admit('judge', id);
  }
  return room;
}

function arrival(participantId: string, role: CaseRole) {
  const displayName = { judge: 'Judge Li', souza: 'Ms Souza', okafor: 'Mr Okafor', park: 'Witness Park', press: 'Press One' }[participantId] ?? participantId;
  return { participantId, displayName, role, locale: 'en', timeZone: 'UTC' };
}

const NOTHING = { waiting: [], handRaised: [], asksConsultation: [], connectionLost: [], back: [], left: [] };
const viewOf = (room: Courtroom, viewerId: string): CourtroomView => courtroomViewFor(room, viewerId, HEARING)!;

test('a party arriving in the lobby is news for the chair; an observer arriving for the gallery is not', () => {
  const room = hearingInSession();
  const before = viewOf(room, 'judge');
  room.arrive(arrival('park', 'witness'));
  room.arrive(arrival('press', 'observer'));
  expect(chairNews(before, viewOf(room, 'judge'))).toEqual({ ...NOTHING, waiting: ['Witness Park'] });
});

test('hands going up and requests for a consultation are news, each once, with every name', () => {
  const room = hearingInSession();
  const before = viewOf(room, 'judge');
  room.raiseHand('souza');
  room.raiseHand('okafor');
  room.requestConsultation('souza', [], 'a word alone');
  const after = viewOf(room, 'judge');
  expect(chairNews(before, after)).toEqual({ ...NOTHING, handRaised: ['Ms Souza', 'Mr Okafor'], asksConsultation: ['Ms Souza'] });
  // Nothing new since: nothing said again.
  expect(chairNews(after, viewOf(room, 'judge'))).toEqual(NOTHING);
  // A hand lowered, a request approved: news to no one.
  room.lowerHand('okafor', 'okafor');
  room.approveConsultation('judge', 'id-1', 'Souza alone');
  expect(chairNews(after, viewOf(room, 'judge'))).toEqual(NOTHING);
});

test('someone in the rooms losing their connection is news, and so is their coming back, and someone leaving for good', () => {
  const room = hearingInSession();
  const before = viewOf(room, 'judge');
  room.leave('souza'); // the connection dropped: the seat is kept for the reconnection window
  const dropped = viewOf(room, 'judge');
  expect(chairNews(before, dropped)).toEqual({ ...NOTHING, connectionLost: ['Ms Souza'] });
  room.arrive(arrival('souza', 'claimant'));
  const back = viewOf(room, 'judge');
  expect(chairNews(dropped, back)).toEqual({ ...NOTHING, back: ['Ms Souza'] });
  room.depart('okafor');
  expect(chairNews(back, viewOf(room, 'judge'))).toEqual({ ...NOTHING, left: ['Mr Okafor'] });
});

test('a party is told nothing of others: the news is the chair’s alone', () => {
  const room = hearingInSession();
  const before = viewOf(room, 'souza');
  room.raiseHand('okafor');
  room.arrive(arrival('park', 'witness'));
  expect(chairNews(before, viewOf(room, 'souza'))).toEqual(NOTHING);
});
