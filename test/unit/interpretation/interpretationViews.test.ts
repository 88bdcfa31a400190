// What the courtroom's views say of interpretation: every listener what they hear and which
// channels there are, an interpreter their console, the presiding side who interprets what. The
// gallery's views stay cheap: one observer's choice changes that observer's view only, and no
// view grows with the number of people listening to channels.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom, type Arrival } from '../../../server/domain/hearing/Courtroom.js';
import { courtroomViews } from '../../../server/domain/hearing/courtroomView.js';
import { Interpretation } from '../../../server/domain/interpretation/Interpretation.js';

let ids = 0;

function arrival(participantId: string, role: CaseRole): Arrival {
  return { participantId, displayName: `The ${participantId}`, role, locale: 'en', timeZone: 'UTC' };
}

function hearing(observers = 2) {
  const room = new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => 0, newId: () => `id-${++ids}` });
  const interpretation = new Interpretation('en', ['en', 'zh']);
  room.arrive(arrival('judge', 'judge'));
  for (const [id, role] of [['souza', 'claimant'], ['wu', 'interpreter'], ['li', 'interpreter']] as const) {
    room.arrive(arrival(id, role));
    room.admit('judge', id);
  }
  for (let i = 1; i <= observers; i++) {
    room.arrive(arrival(`press-${i}`, 'observer'));
    room.admit('judge', `press-${i}`);
  }
  interpretation.enrol('wu', { from: 'zh', to: 'en' });
  interpretation.enrol('li', { from: 'en', to: 'zh' });
  const views = () => courtroomViews(room, { caseId: 'case-1', floorLanguage: 'en', interpretation });
  return { room, interpretation, views };
}

test('a listener’s view says what they hear, the channels, and the floor’s default level; nothing of the interpreters', () => {
  const { interpretation, views } = hearing();
  interpretation.listen('souza', 'zh');
  const view = views().viewOf('souza')!;
  expect(view.you).toMatchObject({ listening: 'zh', interpreting: null });
  expect(view.interpretation).toEqual({ floorLanguage: 'en', languages: ['en', 'zh'], defaultFloorVolume: 0.2, interpreters: [], consecutive: [] });
});

test('an interpreter’s console shows their direction, source, booth partner and a handover offered to them', () => {
  const { interpretation, views } = hearing();
  interpretation.offerHandover('wu');
  expect(views().viewOf('li')!.you.interpreting).toEqual({
    participantId: 'li',
    pair: ['en', 'zh'],
    booth: 'en⇄zh',
    into: 'zh', // their own until they take the booth: then the booth's channel
    source: 'floor',
    active: false,
    partners: ['wu'],
    handoverOffer: { from: 'wu', to: 'li' },
  });
});

test('the presiding side sees who interprets what', () => {
  const { interpretation, views } = hearing();
  interpretation.interpretInto('wu', 'zh');
  expect(views().viewOf('judge')!.interpretation.interpreters).toEqual([
    { participantId: 'wu', pair: ['zh', 'en'], booth: 'en⇄zh', into: 'zh', source: 'floor', active: true },
    { participantId: 'li', pair: ['en', 'zh'], booth: 'en⇄zh', into: 'zh', source: 'floor', active: false },
  ]);
});

test('an observer’s choice of channel changes their own view only, and is shown to them', () => {
  const { interpretation, views } = hearing();
  const before = views();
  const fingerprints = ['press-1', 'press-2', 'souza'].map((id) => before.fingerprintOf(id));
  interpretation.listen('press-1', 'zh');
  const after = views();
  expect(after.fingerprintOf('press-1')).not.toEqual(fingerprints[0]);
  expect(after.viewOf('press-1')!.you.listening).toBe('zh');
  expect([after.fingerprintOf('press-2'), after.fingerprintOf('souza')]).toEqual(fingerprints.slice(1));
});

test('a gallery view does not grow with the number of people listening to channels', () => {
  const small = hearing(2);
  const large = hearing(200);
  for (let i = 1; i <= 200; i++) large.interpretation.listen(`press-${i}`, i % 2 === 0 ? 'zh' : 'en');
  small.interpretation.listen('press-1', 'en');
  const size = (views: ReturnType<typeof small.views>) => JSON.stringify(views.viewOf('press-1')).length;
  expect(size(large.views())).toBe(size(small.views()));
});

test('a pair the judge switched to consecutive is shown to everyone, the gallery included, with its witness', () => {
  const { interpretation, views } = hearing();
  const before = views();
  const fingerprints = ['press-1', 'souza', 'wu'].map((id) => before.fingerprintOf(id));
  interpretation.setMode('judge', true, ['zh', 'en'], 'consecutive', 'souza');
  const after = views();
  for (const viewer of ['judge', 'souza', 'wu', 'press-1']) {
    expect(after.viewOf(viewer)!.interpretation.consecutive).toEqual([{ booth: 'en⇄zh', pair: ['zh', 'en'], witness: 'souza' }]);
  }
  // Every view changes with it (the gallery's fingerprints included), so every client is told.
  ['press-1', 'souza', 'wu'].forEach((id, i) => expect(after.fingerprintOf(id)).not.toEqual(fingerprints[i]));
  interpretation.setMode('judge', true, ['en', 'zh'], 'simultaneous');
  expect(views().viewOf('press-1')!.interpretation.consecutive).toEqual([]);
  expect(views().fingerprintOf('press-1')).toEqual(fingerprints[0]);
});
