// The courtroom's views go out only to those whose view changed, judged by a fingerprint that is
// cheap for the gallery. The rule it must keep: a view that changed always has a new fingerprint
// (or the change would never be shown), and an observer's does not change when only other people
// in the gallery come and go (or the gallery would be sent every arrival, the cost it avoids).
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom, concernedBy, type Arrival, type CourtroomEvent } from '../../../server/domain/hearing/Courtroom.js';
import { courtroomViews, courtroomViewFor } from '../../../server/domain/hearing/courtroomView.js';

const HEARING = { caseId: 'case-1', floorLanguage: 'en' };
let now = 0;
let ids = 0;

function arrival(participantId: string, role: CaseRole): Arrival {
  return { participantId, displayName: `The ${participantId}`, role, locale: 'en-GB', timeZone: 'Europe/London' };
}

function snapshot(room: Courtroom) {
  const views = courtroomViews(room, HEARING);
  return new Map(room.attendees().map((a) => [a.participantId, { view: JSON.stringify(views.viewOf(a.participantId)), fingerprint: views.fingerprintOf(a.participantId)! }]));
}

/** A hearing from the judge's arrival to a recess, one command per step. */
function wholeHearing(room: Courtroom): Array<() => CourtroomEvent[] | { events: CourtroomEvent[] }> {
  return [
    () => room.arrive(arrival('judge', 'judge')),
    () => room.arrive(arrival('claimant', 'claimant')),
    () => room.arrive(arrival('press-1', 'observer')),
    () => room.admit('judge', 'claimant'),
    () => room.admit('judge', 'press-1'),
    () => room.arrive(arrival('counsel', 'counsel')),
    () => room.admit('judge', 'counsel'),
    () => room.arrive(arrival('press-2', 'observer')),
    () => room.admit('judge', 'press-2'),
    () => room.raiseHand('counsel'),
    () => room.raiseHand('claimant'),
    () => room.grantFloor('judge', 'claimant'),
    () => room.mute('judge', 'counsel', ['microphone']),
    () => room.allowPresenting('judge', 'counsel', true),
    () => room.presentExhibit('counsel', { evidenceId: 'ev-1', title: 'Contract', mediaType: 'application/pdf' }),
    () => room.turnPage('counsel', 2),
    () => room.openConsultation('judge', 'Claimant and counsel', ['claimant', 'counsel']),
    () => room.callEveryoneBack('judge'),
    () => room.lock('judge', true),
    () => room.startRecording('judge'),
    () => room.leave('press-1'),
    () => room.stopRecording('judge'),
    () => room.movePhase('judge', 'recess'),
  ];
}

const newCourtroom = () => new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => now, newId: () => `id-${++ids}` });

test('through a whole hearing, every change to anyone’s view changes their fingerprint, and the views are the ones a single viewer would get', () => {
  const room = newCourtroom();
  const steps = wholeHearing(room);
  let before = snapshot(room);
  for (const step of steps) {
    now += 1000;
    step();
    const after = snapshot(room);
    for (const [id, { view, fingerprint }] of after) {
      const previous = before.get(id);
      if (previous !== undefined && previous.view !== view) expect([id, fingerprint]).not.toEqual([id, previous.fingerprint]);
      expect(view).toBe(JSON.stringify(courtroomViewFor(room, id, HEARING)));
    }
    before = after;
  }
});

/** What each seat shows alike, as it stands now. */
function seatKeys(room: Courtroom): Map<string, string> {
  const views = courtroomViews(room, HEARING);
  return new Map([...views.seating().keys()].map((seat) => [seat, views.seatKeyOf(seat)]));
}

test('outside the presiding side, a view changes only for someone a change names or in a seat whose shared part changed (the rounds look no further)', () => {
  const room = newCourtroom();
  let before = snapshot(room);
  let keysBefore = seatKeys(room);
  let scoped = 0;
  for (const step of wholeHearing(room)) {
    now += 1000;
    const done = step();
    const concerned = concernedBy(Array.isArray(done) ? done : done.events);
    const after = snapshot(room);
    const keysAfter = seatKeys(room);
    if (concerned !== undefined) scoped += 1;
    for (const attendee of room.attendees()) {
      const id = attendee.participantId;
      const changed = before.get(id) !== undefined && before.get(id)!.view !== after.get(id)!.view;
      if (!changed || room.isPresiding(id) || concerned === undefined || concerned.includes(id)) continue;
      // Their own state did not change: what their seat shows alike did.
      expect([id, keysAfter.get(attendee.seat)]).not.toEqual([id, keysBefore.get(attendee.seat)]);
    }
    before = after;
    keysBefore = keysAfter;
  }
  // The rule was put to the test by changes about one person, not only by hearing-wide ones.
  expect(scoped).toBeGreaterThan(10);
});

test('an observer’s view and fingerprint stay the same while other observers come into the gallery', () => {
  const room = newCourtroom();
  room.arrive(arrival('judge', 'judge'));
  room.arrive(arrival('claimant', 'claimant'));
  room.admit('judge', 'claimant');
  room.arrive(arrival('press-1', 'observer'));
  room.admit('judge', 'press-1');
  const first = snapshot(room);
  for (let i = 2; i <= 20; i += 1) {
    room.arrive(arrival(`press-${i}`, 'observer'));
    room.admit('judge', `press-${i}`);
  }
  const later = snapshot(room);
  expect(later.get('press-1')).toEqual(first.get('press-1'));
  expect(later.get('claimant')).toEqual(first.get('claimant'));
  // The presiding side counts the gallery too (courtroom:gallery): theirs did not change either.
  expect(later.get('judge')).toEqual(first.get('judge'));
});

test('outside the presiding side you see your room’s people in arrival order, yourself among them; the lobby only yourself; the gallery the main room without yourself', () => {
  const room = newCourtroom();
  room.arrive(arrival('judge', 'judge'));
  for (const [id, role] of [['claimant', 'claimant'], ['press-1', 'observer'], ['counsel', 'counsel'], ['witness', 'witness']] as const) room.arrive(arrival(id, role));
  room.admit('judge', 'counsel');
  room.admit('judge', 'press-1');
  room.admit('judge', 'claimant'); // admitted last, arrived first
  const shown = (viewer: string) => courtroomViewFor(room, viewer, HEARING)!.participants.map((p) => p.participantId);
  expect(shown('claimant')).toEqual(['judge', 'claimant', 'counsel']);
  expect(shown('counsel')).toEqual(['judge', 'claimant', 'counsel']);
  expect(shown('press-1')).toEqual(['judge', 'claimant', 'counsel']);
  expect(shown('witness')).toEqual(['witness']);
  room.openConsultation('judge', 'Claimant and counsel', ['counsel', 'claimant']);
  expect(shown('counsel')).toEqual(['claimant', 'counsel']);
  expect(shown('press-1')).toEqual(['judge']);
});

test('only the presiding side is told each person’s language and time zone: not the parties, not the lobby, not the public gallery', () => {
  const room = newCourtroom();
  room.arrive(arrival('judge', 'judge'));
  for (const [id, role] of [['claimant', 'claimant'], ['press-1', 'observer'], ['witness', 'witness']] as const) room.arrive(arrival(id, role));
  room.admit('judge', 'claimant');
  room.admit('judge', 'press-1');
  const views = courtroomViews(room, HEARING);
  const presiding = views.viewOf('judge')!.participants;
  expect(presiding.map((p) => [p.participantId, p.locale, p.timeZone])).toEqual(['judge', 'claimant', 'witness'].map((id) => [id, 'en-GB', 'Europe/London']));
  for (const viewer of ['claimant', 'press-1', 'witness']) {
    const seen = views.viewOf(viewer)!.participants;
    expect(seen.length).toBeGreaterThan(0);
    for (const person of seen) expect([viewer, person.participantId, 'locale' in person, 'timeZone' in person]).toEqual([viewer, person.participantId, false, false]);
  }
  for (const person of views.galleryView().participants) expect('timeZone' in person).toBe(false);
});
