// The courtroom's views go out only to those whose view changed, judged by a fingerprint that is
// cheap for the gallery. The rule it must keep: a view that changed always has a new fingerprint
// (or the change would never be shown), and an observer's does not change when only other people
// in the gallery come and go (or the gallery would be sent every arrival, the cost it avoids).
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom, type Arrival } from '../../../server/domain/hearing/Courtroom.js';
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

test('through a whole hearing, every change to anyone’s view changes their fingerprint, and the views are the ones a single viewer would get', () => {
  const room = new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => now, newId: () => `id-${++ids}` });
  const steps: Array<() => unknown> = [
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

test('an observer’s view and fingerprint stay the same while other observers come into the gallery', () => {
  const room = new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => now, newId: () => `id-${++ids}` });
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
  // The presiding side sees everyone in the gallery: theirs changed.
  expect(later.get('judge')!.fingerprint).not.toBe(first.get('judge')!.fingerprint);
});
