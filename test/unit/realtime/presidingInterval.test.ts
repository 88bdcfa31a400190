// The presiding side's view lists everyone but the public gallery: its rounds are spaced as that
// list grows, so a crowded lobby costs the server the same per second as a small one.
import { Courtroom } from '../../../server/domain/hearing/Courtroom.js';
import { presidingInterval } from '../../../server/realtime/Courtrooms.js';

function courtroomWith(lobby: number, gallery: number): Courtroom {
  let ids = 0;
  const room = new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => 0, newId: () => `id-${++ids}` });
  room.arrive({ participantId: 'judge', displayName: 'Judge', role: 'judge', locale: 'en', timeZone: 'UTC' });
  for (let i = 0; i < lobby + gallery; i++) {
    room.arrive({ participantId: `observer-${i}`, displayName: `Observer ${i}`, role: 'observer', locale: 'en', timeZone: 'UTC' });
    if (i >= lobby) room.admit('judge', `observer-${i}`);
  }
  return room;
}

test('the presiding side is shown a small hearing every 100 ms', () => {
  expect(presidingInterval(courtroomWith(5, 0))).toBe(100);
  expect(presidingInterval(courtroomWith(199, 0))).toBe(100);
});

test('a lobby of a thousand is shown to the presiding side twice a second', () => {
  expect(presidingInterval(courtroomWith(999, 0))).toBe(500);
});

test('the public gallery, which the presiding side only counts, does not slow its view', () => {
  expect(presidingInterval(courtroomWith(5, 1_000))).toBe(100);
});
