// Courtroom control as the court expects it: who comes in, who is admitted, who may speak, who
// sees and hears whom, oaths, and what a dropped connection keeps. Pure domain: a fake clock and
// a counter for ids.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom, type Arrival, type CourtroomEvent, type FloorMode } from '../../../server/domain/hearing/Courtroom.js';
import type { HearingPhase } from '../../../server/domain/hearing/hearingPhase.js';
import { codeOf } from '../../helpers/courtErrors.js';

const WINDOW = 30_000;
let now = 0;
let ids = 0;

beforeEach(() => {
  now = 0;
  ids = 0;
});

function courtroom(phase: HearingPhase = 'inSession'): Courtroom {
  return new Courtroom({ hearingId: 'hearing-1', phase, presidingId: 'judge', reconnectWindowMs: WINDOW, now: () => now, newId: () => `id-${++ids}` });
}

function arrival(participantId: string, role: CaseRole, locale = 'en-GB'): Arrival {
  return { participantId, displayName: `The ${participantId}`, role, locale, timeZone: 'Europe/London' };
}

/** The participant id doubles as the role, except where a test adds a second of one kind. */
const CAST: Arrival[] = [
  arrival('clerk', 'clerk'),
  arrival('claimant', 'claimant'),
  arrival('respondent', 'respondent'),
  arrival('counsel', 'counsel'),
  arrival('witness', 'witness', 'zh-CN'),
  arrival('interpreter', 'interpreter'),
  arrival('observer', 'observer'),
];

/** A hearing in session: the judge presides, everyone in CAST admitted (the observer to the gallery). */
function inSession(): Courtroom {
  const room = courtroom('inSession');
  room.arrive(arrival('judge', 'judge'));
  for (const who of CAST) {
    room.arrive(who);
    room.admit('judge', who.participantId);
  }
  return room;
}

/** Everything observable about the courtroom, to show a refused command changed nothing. */
function state(room: Courtroom): unknown {
  return structuredClone({
    phase: room.phase,
    locked: room.locked,
    floorMode: room.floorMode,
    floorHolder: room.floorHolder,
    attendees: room.attendees(),
    consultations: room.consultations(),
    requests: room.pendingConsultationRequests(),
    hands: room.handQueue(),
  });
}

function seatOf(room: Courtroom, participantId: string): string | undefined {
  return room.attendee(participantId)?.seat;
}

// ====================================================================== lifecycle

describe('the life of a hearing', () => {
  test('the presiding judge moves the hearing through its phases and each move is reported', () => {
    const room = courtroom('scheduled');
    room.arrive(arrival('judge', 'judge'));
    const path: HearingPhase[] = ['lobbyOpen', 'inSession', 'recess', 'inSession', 'adjourned'];
    let from: HearingPhase = 'scheduled';
    for (const to of path) {
      expect(room.movePhase('judge', to)).toEqual([{ type: 'phaseChanged', from, to, by: 'judge' }]);
      expect(room.phase).toBe(to);
      from = to;
    }
  });

  test('a move the phase graph forbids is refused and the hearing stays where it was', () => {
    const room = inSession();
    expect(codeOf(() => room.movePhase('judge', 'lobbyOpen'))).toBe('HEARING_PHASE_NOT_ALLOWED');
    expect(room.phase).toBe('inSession');
    room.movePhase('judge', 'adjourned');
    expect(codeOf(() => room.movePhase('judge', 'inSession'))).toBe('HEARING_PHASE_NOT_ALLOWED');
    expect(room.phase).toBe('adjourned');
  });

  test.each(['claimant', 'counsel', 'witness', 'interpreter', 'observer', 'clerk'])(
    'a %s (without the chair) cannot move the hearing: NOT_PRESIDING',
    (who) => {
      const room = inSession();
      expect(codeOf(() => room.movePhase(who, 'recess'))).toBe('NOT_PRESIDING');
      expect(room.phase).toBe('inSession');
    },
  );

  test('someone who is not in the hearing at all cannot move it', () => {
    const room = inSession();
    expect(codeOf(() => room.movePhase('stranger', 'adjourned'))).toBe('NOT_PRESIDING');
  });

  test('a clerk the presiding judge delegates the chair to may move the hearing and admit', () => {
    const room = inSession();
    room.arrive(arrival('late', 'claimant'));
    expect(room.delegate('judge', 'clerk')).toEqual([{ type: 'delegated', participantId: 'clerk', by: 'judge' }]);
    expect(room.isPresiding('clerk')).toBe(true);
    expect(room.movePhase('clerk', 'recess')).toEqual([{ type: 'phaseChanged', from: 'inSession', to: 'recess', by: 'clerk' }]);
    expect(room.admit('clerk', 'late')).toEqual([{ type: 'admitted', participantId: 'late', seat: 'main', by: 'clerk' }]);
  });

  test('only the presiding judge delegates the chair: not a party, not a delegated clerk', () => {
    const room = inSession();
    room.arrive(arrival('clerk2', 'clerk'));
    room.admit('judge', 'clerk2');
    expect(codeOf(() => room.delegate('claimant', 'clerk'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.delegate('clerk', 'clerk'))).toBe('NOT_PRESIDING');
    expect(room.isPresiding('clerk')).toBe(false);
    room.delegate('judge', 'clerk');
    expect(codeOf(() => room.delegate('clerk', 'clerk2'))).toBe('NOT_PRESIDING');
    expect(room.isPresiding('clerk2')).toBe(false);
  });

  test.each(['claimant', 'counsel', 'witness', 'interpreter', 'observer'])('the chair cannot be delegated to a %s, only to a clerk', (who) => {
    const room = inSession();
    expect(codeOf(() => room.delegate('judge', who))).toBe('INVALID_PAYLOAD');
    expect(room.isPresiding(who)).toBe(false);
  });

  test('the chair cannot be delegated to another judge sitting in the hearing, only to a clerk', () => {
    const room = inSession();
    room.arrive(arrival('judge2', 'judge'));
    room.admit('judge', 'judge2');
    expect(codeOf(() => room.delegate('judge', 'judge2'))).toBe('INVALID_PAYLOAD');
  });

  test('the chair cannot be delegated to a clerk who is not in the hearing', () => {
    const room = inSession();
    expect(codeOf(() => room.delegate('judge', 'absent-clerk'))).toBe('NOT_IN_HEARING');
  });

  test('a clerk waiting in the lobby who is given the chair takes a seat in the main room', () => {
    const room = courtroom('lobbyOpen');
    room.arrive(arrival('judge', 'judge'));
    room.arrive(arrival('clerk', 'clerk'));
    expect(seatOf(room, 'clerk')).toBe('lobby');
    room.delegate('judge', 'clerk');
    expect(seatOf(room, 'clerk')).toBe('main');
  });
});

// ====================================================================== arriving

describe('arriving', () => {
  test('the presiding judge goes straight into the main room', () => {
    const room = courtroom('lobbyOpen');
    expect(room.arrive(arrival('judge', 'judge'))).toEqual([{ type: 'arrived', participantId: 'judge', seat: 'main', reconnected: false }]);
  });

  test.each(CAST.map((who) => [who.participantId, who] as const))('a %s waits in the lobby until admitted', (_name, who) => {
    const room = courtroom('lobbyOpen');
    room.arrive(arrival('judge', 'judge'));
    expect(room.arrive(who)).toEqual([{ type: 'arrived', participantId: who.participantId, seat: 'lobby', reconnected: false }]);
    expect(room.maySend(who.participantId, 'microphone')).toBe(false);
  });

  test('another judge who is not presiding waits in the lobby like everyone else', () => {
    const room = courtroom('lobbyOpen');
    room.arrive(arrival('judge', 'judge'));
    expect(room.arrive(arrival('judge2', 'judge'))[0]).toMatchObject({ seat: 'lobby' });
  });

  test('before the lobby opens only the presiding side may come in', () => {
    const room = courtroom('scheduled');
    expect(codeOf(() => room.arrive(arrival('claimant', 'claimant')))).toBe('HEARING_NOT_OPEN');
    expect(codeOf(() => room.arrive(arrival('clerk', 'clerk')))).toBe('HEARING_NOT_OPEN');
    expect(room.arrive(arrival('judge', 'judge'))[0]).toMatchObject({ seat: 'main' });
    expect(room.attendees().map((a) => a.participantId)).toEqual(['judge']);
  });

  test.each(['lobbyOpen', 'inSession', 'recess'] as HearingPhase[])('while the hearing is %s people may come into the lobby', (phase) => {
    const room = courtroom(phase);
    expect(room.arrive(arrival('claimant', 'claimant'))[0]).toMatchObject({ seat: 'lobby' });
  });

  test('after adjournment nobody may come in, not even the presiding judge', () => {
    const room = courtroom('adjourned');
    expect(codeOf(() => room.arrive(arrival('judge', 'judge')))).toBe('HEARING_ADJOURNED');
    expect(codeOf(() => room.arrive(arrival('claimant', 'claimant')))).toBe('HEARING_ADJOURNED');
    expect(room.attendees()).toEqual([]);
  });

  test('after adjournment a participant whose connection dropped does not come back in, even within the reconnection window', () => {
    const room = inSession();
    room.leave('claimant');
    now = 1_000;
    room.movePhase('judge', 'adjourned');
    now = 2_000;
    expect(codeOf(() => room.arrive(arrival('claimant', 'claimant')))).toBe('HEARING_ADJOURNED');
  });

  test('a locked hearing refuses newcomers', () => {
    const room = inSession();
    expect(room.lock('judge', true)).toEqual([{ type: 'locked', by: 'judge' }]);
    expect(room.locked).toBe(true);
    expect(codeOf(() => room.arrive(arrival('late', 'claimant')))).toBe('HEARING_LOCKED');
    expect(room.attendee('late')).toBeUndefined();
  });

  test('a locked hearing lets a reconnecting attendee back to their seat', () => {
    const room = inSession();
    room.leave('counsel');
    room.lock('judge', true);
    now = WINDOW - 1;
    expect(room.arrive(arrival('counsel', 'counsel'))).toEqual([{ type: 'arrived', participantId: 'counsel', seat: 'main', reconnected: true }]);
  });

  test('a locked hearing lets the presiding judge in', () => {
    const room = inSession();
    room.lock('judge', true);
    room.depart('judge');
    expect(room.arrive(arrival('judge', 'judge'))).toEqual([{ type: 'arrived', participantId: 'judge', seat: 'main', reconnected: false }]);
  });

  test('a locked hearing lets a clerk who holds the delegated chair in', () => {
    const room = inSession();
    room.delegate('judge', 'clerk');
    room.lock('judge', true);
    room.depart('clerk');
    expect(room.arrive(arrival('clerk', 'clerk'))[0]).toMatchObject({ seat: 'main', reconnected: false });
  });

  test('unlocking lets newcomers in again', () => {
    const room = inSession();
    room.lock('judge', true);
    expect(room.lock('judge', false)).toEqual([{ type: 'unlocked', by: 'judge' }]);
    expect(room.arrive(arrival('late', 'claimant'))[0]).toMatchObject({ seat: 'lobby' });
  });

  test('only the presiding side locks or unlocks the hearing', () => {
    const room = inSession();
    expect(codeOf(() => room.lock('counsel', true))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.lock('clerk', true))).toBe('NOT_PRESIDING');
    expect(room.locked).toBe(false);
  });

  test('a participant removed out of the hearing cannot come back, however long they wait', () => {
    const room = inSession();
    room.remove('judge', 'respondent', 'out');
    expect(codeOf(() => room.arrive(arrival('respondent', 'respondent')))).toBe('REMOVED_FROM_HEARING');
    now = 10 * WINDOW;
    expect(codeOf(() => room.arrive(arrival('respondent', 'respondent')))).toBe('REMOVED_FROM_HEARING');
    expect(room.attendee('respondent')).toBeUndefined();
  });

  test('a participant removed to the lobby waits there, also after reconnecting', () => {
    const room = inSession();
    room.remove('judge', 'respondent', 'lobby');
    expect(seatOf(room, 'respondent')).toBe('lobby');
    room.leave('respondent');
    now = 1_000;
    expect(room.arrive(arrival('respondent', 'respondent'))).toEqual([{ type: 'arrived', participantId: 'respondent', seat: 'lobby', reconnected: true }]);
    expect(room.maySend('respondent', 'microphone')).toBe(false);
  });
});

// ====================================================================== admit and deny

describe('the lobby: admitting and denying', () => {
  function lobby(): Courtroom {
    const room = courtroom('lobbyOpen');
    room.arrive(arrival('judge', 'judge'));
    room.arrive(arrival('claimant', 'claimant'));
    room.arrive(arrival('counsel', 'counsel'));
    room.arrive(arrival('observer', 'observer'));
    return room;
  }

  test('admitting moves a participant from the lobby into the main room', () => {
    const room = lobby();
    expect(room.admit('judge', 'claimant')).toEqual([{ type: 'admitted', participantId: 'claimant', seat: 'main', by: 'judge' }]);
    expect(seatOf(room, 'claimant')).toBe('main');
    expect(room.maySend('claimant', 'microphone')).toBe(true);
  });

  test('an admitted observer takes a seat in the public gallery, not in the main room', () => {
    const room = lobby();
    expect(room.admit('judge', 'observer')).toEqual([{ type: 'admitted', participantId: 'observer', seat: 'gallery', by: 'judge' }]);
    expect(seatOf(room, 'observer')).toBe('gallery');
  });

  test('admitting everyone admits all who wait in the lobby and nobody else', () => {
    const room = lobby();
    room.admit('judge', 'claimant');
    const events = room.admitAll('judge');
    expect(events).toEqual([
      { type: 'admitted', participantId: 'counsel', seat: 'main', by: 'judge' },
      { type: 'admitted', participantId: 'observer', seat: 'gallery', by: 'judge' },
    ]);
    expect(room.attendees().filter((a) => a.seat === 'lobby')).toEqual([]);
    expect(room.admitAll('judge')).toEqual([]);
  });

  test('denying entry sends the participant away with the reason, without barring them', () => {
    const room = lobby();
    expect(room.deny('judge', 'counsel', 'not counsel of record')).toEqual([{ type: 'denied', participantId: 'counsel', reason: 'not counsel of record', by: 'judge' }]);
    expect(room.attendee('counsel')).toBeUndefined();
    expect(room.arrive(arrival('counsel', 'counsel'))[0]).toMatchObject({ seat: 'lobby', reconnected: false });
  });

  test('admitting or denying someone who is not waiting in the lobby is refused: NOT_IN_LOBBY', () => {
    const room = lobby();
    room.admit('judge', 'claimant');
    expect(codeOf(() => room.admit('judge', 'claimant'))).toBe('NOT_IN_LOBBY');
    expect(codeOf(() => room.deny('judge', 'claimant', 'no'))).toBe('NOT_IN_LOBBY');
    expect(codeOf(() => room.admit('judge', 'judge'))).toBe('NOT_IN_LOBBY');
    expect(seatOf(room, 'claimant')).toBe('main');
  });

  test('admitting someone who is not in the hearing at all is refused: NOT_IN_HEARING', () => {
    const room = lobby();
    expect(codeOf(() => room.admit('judge', 'stranger'))).toBe('NOT_IN_HEARING');
  });

  test('a party cannot admit themselves or anyone else: an admission exists only as server state', () => {
    const room = lobby();
    room.admit('judge', 'claimant');
    expect(codeOf(() => room.admit('counsel', 'counsel'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.admit('claimant', 'counsel'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.admitAll('counsel'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.deny('claimant', 'counsel', 'rival'))).toBe('NOT_PRESIDING');
    expect(seatOf(room, 'counsel')).toBe('lobby');
    expect(room.maySend('counsel', 'microphone')).toBe(false);
    expect(codeOf(() => room.requireMaySend('counsel', 'microphone'))).toBe('NOT_ADMITTED');
  });

  test('a clerk without the delegated chair cannot admit from the lobby', () => {
    const room = lobby();
    room.arrive(arrival('clerk', 'clerk'));
    room.admit('judge', 'clerk');
    expect(codeOf(() => room.admit('clerk', 'counsel'))).toBe('NOT_PRESIDING');
    expect(seatOf(room, 'counsel')).toBe('lobby');
  });
});

// ====================================================================== mute

describe('muting by the court', () => {
  test('a muted party cannot send their microphone until the judge unmutes them', () => {
    const room = inSession();
    expect(room.mute('judge', 'claimant')).toEqual([{ type: 'muted', participantId: 'claimant', sources: ['microphone'], by: 'judge' }]);
    expect(room.maySend('claimant', 'microphone')).toBe(false);
    expect(codeOf(() => room.requireMaySend('claimant', 'microphone'))).toBe('MUTED_BY_COURT');
    expect(room.maySend('claimant', 'camera')).toBe(true);
    expect(room.unmute('judge', 'claimant')).toEqual([{ type: 'unmuted', participantId: 'claimant', sources: ['microphone'], by: 'judge' }]);
    expect(room.maySend('claimant', 'microphone')).toBe(true);
    expect(() => room.requireMaySend('claimant', 'microphone')).not.toThrow();
  });

  test('a camera switched off by the court cannot be sent until the judge allows it, while the microphone still may', () => {
    const room = inSession();
    room.mute('judge', 'witness', ['camera']);
    expect(room.maySend('witness', 'camera')).toBe(false);
    expect(codeOf(() => room.requireMaySend('witness', 'camera'))).toBe('MUTED_BY_COURT');
    expect(room.maySend('witness', 'microphone')).toBe(true);
    room.unmute('judge', 'witness', ['camera']);
    expect(room.maySend('witness', 'camera')).toBe(true);
  });

  test('unmuting the microphone does not lift the camera mute', () => {
    const room = inSession();
    room.mute('judge', 'witness', ['microphone', 'camera']);
    room.unmute('judge', 'witness');
    expect(room.maySend('witness', 'microphone')).toBe(true);
    expect(room.maySend('witness', 'camera')).toBe(false);
  });

  test('only the presiding side mutes and unmutes', () => {
    const room = inSession();
    expect(codeOf(() => room.mute('respondent', 'claimant'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.mute('clerk', 'claimant'))).toBe('NOT_PRESIDING');
    room.mute('judge', 'claimant');
    expect(codeOf(() => room.unmute('claimant', 'claimant'))).toBe('NOT_PRESIDING');
    expect(room.maySend('claimant', 'microphone')).toBe(false);
    room.delegate('judge', 'clerk');
    room.unmute('clerk', 'claimant');
    expect(room.maySend('claimant', 'microphone')).toBe(true);
  });

  test('muting someone who is not in the hearing is refused: NOT_IN_HEARING', () => {
    const room = inSession();
    expect(codeOf(() => room.mute('judge', 'stranger'))).toBe('NOT_IN_HEARING');
  });

  test('muting all but the named mutes every microphone in the rooms except theirs and the presiding side', () => {
    const room = inSession();
    room.delegate('judge', 'clerk');
    room.arrive(arrival('late', 'respondent'));
    const { roomId } = room.openConsultation('judge', 'claimant side', ['claimant', 'counsel']);
    const events = room.muteAllExcept('judge', ['witness']);
    const muted = events.map((e) => (e.type === 'muted' ? e.participantId : e.type)).sort();
    expect(muted).toEqual(['claimant', 'counsel', 'interpreter', 'respondent']);
    for (const e of events) expect(e).toMatchObject({ type: 'muted', sources: ['microphone'], by: 'judge' });
    expect(seatOf(room, 'claimant')).toBe(`consultation:${roomId}`);
    for (const id of muted) expect(room.maySend(id, 'microphone')).toBe(false);
    for (const id of ['witness', 'judge', 'clerk']) expect(room.maySend(id, 'microphone')).toBe(true);
    // The lobby and the gallery are not in the rooms: nothing of theirs is touched.
    expect(room.attendee('late')!.courtMuted.microphone).toBe(false);
    expect(room.attendee('observer')!.courtMuted.microphone).toBe(false);
    for (const id of muted) expect(room.maySend(id, 'camera')).toBe(true);
  });

  test('only the presiding side mutes everyone', () => {
    const room = inSession();
    expect(codeOf(() => room.muteAllExcept('claimant', ['claimant']))).toBe('NOT_PRESIDING');
    expect(room.maySend('respondent', 'microphone')).toBe(true);
  });

  test('the presiding side may ask a participant to turn on their camera', () => {
    const room = inSession();
    expect(room.requestCamera('judge', 'witness')).toEqual([{ type: 'cameraRequested', participantId: 'witness', by: 'judge' }]);
    expect(codeOf(() => room.requestCamera('counsel', 'witness'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.requestCamera('judge', 'stranger'))).toBe('NOT_IN_HEARING');
  });
});

// ====================================================================== floor

describe('the floor', () => {
  test('raising a hand needs a seat in a room: from the lobby or the gallery it is refused', () => {
    const room = inSession();
    room.arrive(arrival('late', 'claimant'));
    expect(codeOf(() => room.raiseHand('late'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.raiseHand('observer'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.raiseHand('stranger'))).toBe('NOT_IN_HEARING');
    expect(room.handQueue()).toEqual([]);
  });

  test('a hand may be raised in a consultation room', () => {
    const room = inSession();
    room.openConsultation('judge', 'respondent side', ['respondent']);
    expect(room.raiseHand('respondent')).toEqual([{ type: 'handRaised', participantId: 'respondent' }]);
  });

  test('raised hands queue in the order they were raised, and raising again keeps one\'s place', () => {
    const room = inSession();
    now = 10;
    room.raiseHand('witness');
    now = 20;
    room.raiseHand('claimant');
    now = 30;
    expect(room.raiseHand('witness')).toEqual([]);
    room.raiseHand('counsel');
    expect(room.handQueue()).toEqual(['witness', 'claimant', 'counsel']);
  });

  test('hands raised within the same millisecond queue in the order they were raised', () => {
    const room = inSession();
    // Arrived in CAST order (claimant before counsel before witness); raised the other way round.
    now = 5;
    room.raiseHand('witness');
    room.raiseHand('counsel');
    room.raiseHand('claimant');
    expect(room.handQueue()).toEqual(['witness', 'counsel', 'claimant']);
  });

  test('a hand is lowered by its owner or by the presiding side, and by no other party', () => {
    const room = inSession();
    room.raiseHand('claimant');
    room.raiseHand('respondent');
    expect(codeOf(() => room.lowerHand('respondent', 'claimant'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.lowerHand('clerk', 'claimant'))).toBe('NOT_PRESIDING');
    expect(room.handQueue()).toEqual(['claimant', 'respondent']);
    expect(room.lowerHand('claimant', 'claimant')).toEqual([{ type: 'handLowered', participantId: 'claimant', by: 'claimant' }]);
    expect(room.lowerHand('judge', 'respondent')).toEqual([{ type: 'handLowered', participantId: 'respondent', by: 'judge' }]);
    expect(room.handQueue()).toEqual([]);
    expect(room.lowerHand('judge', 'respondent')).toEqual([]);
  });

  test('granting the floor lowers the hand and revokes the floor from its previous holder', () => {
    const room = inSession();
    room.raiseHand('claimant');
    room.raiseHand('respondent');
    expect(room.grantFloor('judge', 'claimant')).toEqual([
      { type: 'handLowered', participantId: 'claimant', by: 'judge' },
      { type: 'floorGranted', participantId: 'claimant', by: 'judge' },
    ]);
    expect(room.floorHolder).toBe('claimant');
    expect(room.grantFloor('judge', 'respondent')).toEqual([
      { type: 'floorRevoked', participantId: 'claimant', by: 'judge' },
      { type: 'handLowered', participantId: 'respondent', by: 'judge' },
      { type: 'floorGranted', participantId: 'respondent', by: 'judge' },
    ]);
    expect(room.floorHolder).toBe('respondent');
    expect(room.handQueue()).toEqual([]);
  });

  test('granting the floor to its holder again revokes nothing', () => {
    const room = inSession();
    room.grantFloor('judge', 'witness');
    expect(room.grantFloor('judge', 'witness')).toEqual([{ type: 'floorGranted', participantId: 'witness', by: 'judge' }]);
  });

  test('the floor is given only to someone seated in a room', () => {
    const room = inSession();
    room.arrive(arrival('late', 'claimant'));
    expect(codeOf(() => room.grantFloor('judge', 'late'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.grantFloor('judge', 'observer'))).toBe('NOT_ADMITTED');
    expect(room.floorHolder).toBeUndefined();
  });

  test('only the presiding side grants or revokes the floor or changes the floor mode', () => {
    const room = inSession();
    expect(codeOf(() => room.grantFloor('claimant', 'claimant'))).toBe('NOT_PRESIDING');
    room.grantFloor('judge', 'claimant');
    expect(codeOf(() => room.revokeFloor('respondent'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.setFloorMode('clerk', 'floorOnly'))).toBe('NOT_PRESIDING');
    expect(room.floorHolder).toBe('claimant');
    expect(room.floorMode).toBe('open');
    expect(room.revokeFloor('judge')).toEqual([{ type: 'floorRevoked', participantId: 'claimant', by: 'judge' }]);
    expect(room.revokeFloor('judge')).toEqual([]);
  });

  test('in floor-only mode only the holder of the floor and the presiding side may send the microphone; cameras are unaffected', () => {
    const room = inSession();
    room.delegate('judge', 'clerk');
    expect(room.setFloorMode('judge', 'floorOnly')).toEqual([{ type: 'floorModeChanged', mode: 'floorOnly', by: 'judge' }]);
    room.grantFloor('judge', 'witness');
    expect(room.maySend('witness', 'microphone')).toBe(true);
    expect(room.maySend('judge', 'microphone')).toBe(true);
    expect(room.maySend('clerk', 'microphone')).toBe(true);
    for (const id of ['claimant', 'respondent', 'counsel']) {
      expect(room.maySend(id, 'microphone')).toBe(false);
      expect(codeOf(() => room.requireMaySend(id, 'microphone'))).toBe('FLOOR_NOT_GIVEN');
      expect(room.maySend(id, 'camera')).toBe(true);
    }
  });

  test('in floor-only mode the holder of the floor muted by the court stays muted', () => {
    const room = inSession();
    room.setFloorMode('judge', 'floorOnly');
    room.grantFloor('judge', 'witness');
    room.mute('judge', 'witness');
    expect(room.maySend('witness', 'microphone')).toBe(false);
    expect(codeOf(() => room.requireMaySend('witness', 'microphone'))).toBe('MUTED_BY_COURT');
  });

  test('in floor-only mode revoking the floor silences its former holder', () => {
    const room = inSession();
    room.setFloorMode('judge', 'floorOnly');
    room.grantFloor('judge', 'witness');
    room.revokeFloor('judge');
    expect(codeOf(() => room.requireMaySend('witness', 'microphone'))).toBe('FLOOR_NOT_GIVEN');
  });

  test('back in open mode everyone in the rooms not muted by the court may send the microphone', () => {
    const room = inSession();
    room.setFloorMode('judge', 'floorOnly');
    room.mute('judge', 'respondent');
    room.setFloorMode('judge', 'open' satisfies FloorMode);
    expect(room.floorMode).toBe('open');
    for (const id of ['claimant', 'counsel', 'witness', 'interpreter']) expect(room.maySend(id, 'microphone')).toBe(true);
    expect(room.maySend('respondent', 'microphone')).toBe(false);
  });

  test('in floor-only mode the interpreter keeps interpreting while the witness holds the floor', () => {
    // A witness who testifies in Chinese is understood only through the interpreter; giving the
    // floor to the witness must not cut the interpretation of their testimony.
    const room = inSession();
    room.setFloorMode('judge', 'floorOnly');
    room.grantFloor('judge', 'witness');
    expect(room.maySend('interpreter', 'microphone')).toBe(true);
  });
});

// ====================================================================== observers

describe('the public gallery', () => {
  test.each(['microphone', 'camera', 'screen'] as const)('an observer never sends their %s', (source) => {
    const room = inSession();
    expect(room.maySend('observer', source)).toBe(false);
    expect(codeOf(() => room.requireMaySend('observer', source))).toBe('FORBIDDEN');
  });

  test('an observer never sends, whatever the floor mode', () => {
    const room = inSession();
    room.setFloorMode('judge', 'floorOnly');
    expect(codeOf(() => room.requireMaySend('observer', 'microphone'))).toBe('FORBIDDEN');
    expect(codeOf(() => room.grantFloor('judge', 'observer'))).toBe('NOT_ADMITTED');
  });

  test('an observer receives the main room', () => {
    const room = inSession();
    expect(room.spaceOf('observer')).toBe('main');
    for (const id of ['judge', 'claimant', 'witness', 'interpreter']) expect(room.mayReceiveFrom('observer', id)).toBe(true);
  });

  test('nobody receives from an observer: the gallery is never seen or heard', () => {
    const room = inSession();
    room.arrive(arrival('observer2', 'observer'));
    room.admit('judge', 'observer2');
    for (const id of ['judge', 'claimant', 'observer2']) expect(room.mayReceiveFrom(id, 'observer')).toBe(false);
  });

  test('an observer cannot be moved into a consultation room', () => {
    const room = inSession();
    const { roomId } = room.openConsultation('judge', 'chambers', []);
    expect(codeOf(() => room.moveTo('judge', 'observer', `consultation:${roomId}`))).toBe('NOT_ADMITTED');
    expect(seatOf(room, 'observer')).toBe('gallery');
  });

  test('an observer cannot raise a hand or ask for a consultation', () => {
    const room = inSession();
    expect(codeOf(() => room.raiseHand('observer'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.requestConsultation('observer', [], 'a word'))).toBe('NOT_ADMITTED');
  });

  test('an observer does not see or hear into a consultation room', () => {
    const room = inSession();
    room.openConsultation('judge', 'claimant side', ['claimant', 'counsel']);
    expect(room.mayReceiveFrom('observer', 'claimant')).toBe(false);
  });
});

// ====================================================================== consultation rooms

describe('consultation rooms', () => {
  test('opening a consultation room moves its members into it', () => {
    const room = inSession();
    const { roomId, events } = room.openConsultation('judge', 'claimant and counsel', ['claimant', 'counsel']);
    expect(roomId).toBe('id-1');
    expect(events).toEqual([
      { type: 'consultationOpened', roomId, name: 'claimant and counsel', by: 'judge' },
      { type: 'moved', participantId: 'claimant', from: 'main', to: `consultation:${roomId}`, by: 'judge' },
      { type: 'moved', participantId: 'counsel', from: 'main', to: `consultation:${roomId}`, by: 'judge' },
    ]);
    expect(room.consultations()).toEqual([{ id: roomId, name: 'claimant and counsel', openedBy: 'judge' }]);
    expect(room.spaceOf('claimant')).toBe(`consultation:${roomId}`);
  });

  test('media flows only within one space: the main room, or one consultation room', () => {
    const room = inSession();
    room.arrive(arrival('late', 'claimant'));
    const a = room.openConsultation('judge', 'A', ['claimant', 'counsel']).roomId;
    const b = room.openConsultation('judge', 'B', ['respondent']).roomId;
    expect(a).not.toBe(b);
    const cases: [string, string, boolean][] = [
      ['judge', 'witness', true], // main ↔ main
      ['witness', 'judge', true],
      ['claimant', 'counsel', true], // within consultation A
      ['counsel', 'claimant', true],
      ['judge', 'claimant', false], // main ↔ consultation
      ['claimant', 'judge', false],
      ['claimant', 'respondent', false], // consultation A ↔ B
      ['respondent', 'counsel', false],
      ['late', 'judge', false], // the lobby receives nothing and sends nothing
      ['judge', 'late', false],
      ['late', 'claimant', false],
      ['respondent', 'late', false],
      ['late', 'late', false],
      ['stranger', 'judge', false],
      ['judge', 'stranger', false],
    ];
    for (const [viewer, sender, expected] of cases) expect([viewer, sender, room.mayReceiveFrom(viewer, sender)]).toEqual([viewer, sender, expected]);
  });

  test('closing a consultation room brings its members back to the main room', () => {
    const room = inSession();
    const { roomId } = room.openConsultation('judge', 'A', ['claimant', 'counsel']);
    expect(room.closeConsultation('judge', roomId)).toEqual([
      { type: 'moved', participantId: 'claimant', from: `consultation:${roomId}`, to: 'main', by: 'judge' },
      { type: 'moved', participantId: 'counsel', from: `consultation:${roomId}`, to: 'main', by: 'judge' },
      { type: 'consultationClosed', roomId, by: 'judge' },
    ]);
    expect(room.consultations()).toEqual([]);
    expect(room.mayReceiveFrom('judge', 'claimant')).toBe(true);
    expect(codeOf(() => room.closeConsultation('judge', roomId))).toBe('CONSULTATION_NOT_FOUND');
  });

  test('calling everyone back closes every consultation room', () => {
    const room = inSession();
    room.openConsultation('judge', 'A', ['claimant', 'counsel']);
    room.openConsultation('judge', 'B', ['respondent']);
    const events = room.callEveryoneBack('judge');
    expect(events.filter((e) => e.type === 'consultationClosed')).toHaveLength(2);
    expect(room.consultations()).toEqual([]);
    for (const id of ['claimant', 'counsel', 'respondent']) expect(seatOf(room, id)).toBe('main');
  });

  test('a party asks for a consultation and the presiding side opens it with the requester and those named', () => {
    const room = inSession();
    const [requested] = room.requestConsultation('claimant', ['counsel'], 'instructions on settlement');
    expect(requested).toEqual({ type: 'consultationRequested', request: { requestId: 'id-1', participantId: 'claimant', with: ['counsel'], reason: 'instructions on settlement' } });
    expect(room.pendingConsultationRequests()).toHaveLength(1);
    const { roomId, events } = room.approveConsultation('judge', 'id-1', 'claimant side');
    expect(events[0]).toEqual({ type: 'consultationOpened', roomId, name: 'claimant side', by: 'judge' });
    expect(seatOf(room, 'claimant')).toBe(`consultation:${roomId}`);
    expect(seatOf(room, 'counsel')).toBe(`consultation:${roomId}`);
    expect(seatOf(room, 'respondent')).toBe('main');
    expect(room.pendingConsultationRequests()).toEqual([]);
  });

  test('a consultation is asked for only from a room and only with people in a room', () => {
    const room = inSession();
    room.arrive(arrival('late', 'counsel'));
    expect(codeOf(() => room.requestConsultation('late', ['claimant'], 'x'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.requestConsultation('claimant', ['late'], 'x'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.requestConsultation('claimant', ['observer'], 'x'))).toBe('NOT_ADMITTED');
    expect(room.pendingConsultationRequests()).toEqual([]);
  });

  test('only the presiding side approves a consultation request', () => {
    const room = inSession();
    room.requestConsultation('claimant', ['counsel'], 'x');
    expect(codeOf(() => room.approveConsultation('claimant', 'id-1', 'mine'))).toBe('NOT_PRESIDING');
    expect(room.pendingConsultationRequests()).toHaveLength(1);
    expect(room.consultations()).toEqual([]);
  });

  test('approving an unknown or already decided request is refused: CONSULTATION_NOT_FOUND', () => {
    const room = inSession();
    expect(codeOf(() => room.approveConsultation('judge', 'no-such-request', 'x'))).toBe('CONSULTATION_NOT_FOUND');
    room.requestConsultation('claimant', ['counsel'], 'x');
    room.approveConsultation('judge', 'id-1', 'x');
    expect(codeOf(() => room.approveConsultation('judge', 'id-1', 'x'))).toBe('CONSULTATION_NOT_FOUND');
  });

  test('the presiding side declines a request: it is gone, and the requester is named on the event with the reason', () => {
    const room = inSession();
    room.requestConsultation('claimant', ['counsel'], 'x');
    expect(room.declineConsultation('judge', 'id-1', 'not while the witness is on the stand')).toEqual([
      { type: 'consultationDeclined', participantId: 'claimant', requestId: 'id-1', reason: 'not while the witness is on the stand', by: 'judge' },
    ]);
    expect(room.pendingConsultationRequests()).toEqual([]);
    expect(room.consultations()).toEqual([]);
    expect(seatOf(room, 'claimant')).toBe('main');
    // Decided: neither approved nor declined again.
    expect(codeOf(() => room.approveConsultation('judge', 'id-1', 'x'))).toBe('CONSULTATION_NOT_FOUND');
    expect(codeOf(() => room.declineConsultation('judge', 'id-1'))).toBe('CONSULTATION_NOT_FOUND');
    room.requestConsultation('claimant', [], 'y');
    expect(room.declineConsultation('judge', 'id-2')).toEqual([{ type: 'consultationDeclined', participantId: 'claimant', requestId: 'id-2', by: 'judge' }]);
  });

  test('only the presiding side declines a consultation request: NOT_PRESIDING, and the request stays', () => {
    const room = inSession();
    room.requestConsultation('claimant', ['counsel'], 'x');
    expect(codeOf(() => room.declineConsultation('respondent', 'id-1'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.declineConsultation('claimant', 'id-1'))).toBe('NOT_PRESIDING');
    expect(room.pendingConsultationRequests()).toHaveLength(1);
  });

  test('a request from someone who departs is dropped', () => {
    const room = inSession();
    room.requestConsultation('claimant', ['counsel'], 'x');
    room.depart('claimant');
    expect(room.pendingConsultationRequests()).toEqual([]);
  });

  test('moving someone into a consultation room that does not exist is refused: CONSULTATION_NOT_FOUND', () => {
    const room = inSession();
    expect(codeOf(() => room.moveTo('judge', 'claimant', 'consultation:nowhere'))).toBe('CONSULTATION_NOT_FOUND');
    expect(seatOf(room, 'claimant')).toBe('main');
  });

  test('only the presiding side opens, closes and moves people between rooms', () => {
    const room = inSession();
    expect(codeOf(() => room.openConsultation('claimant', 'mine', ['claimant']))).toBe('NOT_PRESIDING');
    const { roomId } = room.openConsultation('judge', 'A', ['claimant']);
    expect(codeOf(() => room.moveTo('counsel', 'counsel', `consultation:${roomId}`))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.closeConsultation('claimant', roomId))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.callEveryoneBack('clerk'))).toBe('NOT_PRESIDING');
    expect(seatOf(room, 'claimant')).toBe(`consultation:${roomId}`);
  });

  test('someone waiting in the lobby cannot be moved into a room past the lobby', () => {
    const room = inSession();
    room.arrive(arrival('late', 'counsel'));
    const { roomId } = room.openConsultation('judge', 'A', []);
    expect(codeOf(() => room.moveTo('judge', 'late', `consultation:${roomId}`))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.moveTo('judge', 'late', 'main'))).toBe('NOT_ADMITTED');
    expect(seatOf(room, 'late')).toBe('lobby');
  });

  test('opening a consultation room with someone who is not in the hearing room is refused and changes nothing', () => {
    const room = inSession();
    room.arrive(arrival('late', 'counsel'));
    const before = state(room);
    expect(codeOf(() => room.openConsultation('judge', 'A', ['claimant', 'late']))).toBe('NOT_ADMITTED');
    expect(state(room)).toEqual(before);
  });

  test('approving a request whose named participant has since been sent to the lobby is refused and changes nothing', () => {
    const room = inSession();
    room.requestConsultation('claimant', ['counsel'], 'x');
    room.remove('judge', 'counsel', 'lobby');
    const before = state(room);
    expect(codeOf(() => room.approveConsultation('judge', 'id-1', 'x'))).toBe('NOT_ADMITTED');
    expect(state(room)).toEqual(before);
  });
});

// ====================================================================== oath

describe('the oath', () => {
  const TEXTS = {
    en: 'I swear to tell the truth.',
    'zh-CN': '我发誓如实陈述。',
    'zh-TW': '我發誓如實陳述。',
    fr: 'Je jure de dire la vérité.',
    'pt-PT': 'Juro dizer a verdade.',
  };

  function sworn(locale: string): Courtroom {
    const room = inSession();
    room.arrive(arrival('deponent', 'witness', locale));
    room.admit('judge', 'deponent');
    return room;
  }

  function calledIn(events: CourtroomEvent[]): { language: string; text: string; oathId: string } {
    const [event] = events;
    if (event?.type !== 'oathCalled') throw new Error('no oath was called');
    return event.oath;
  }

  test('the oath is read in the witness\'s own locale when the court has that exact text', () => {
    const room = sworn('zh-TW');
    expect(calledIn(room.callOath('judge', 'deponent', TEXTS, 'en'))).toMatchObject({ language: 'zh-TW', text: TEXTS['zh-TW'] });
  });

  test('the exact locale tag is matched regardless of case', () => {
    const room = sworn('zh-cn');
    expect(calledIn(room.callOath('judge', 'deponent', TEXTS, 'en')).language).toBe('zh-CN');
  });

  test('without the exact tag the oath is read in the witness\'s base language', () => {
    expect(calledIn(sworn('fr-CA').callOath('judge', 'deponent', TEXTS, 'en'))).toMatchObject({ language: 'fr', text: TEXTS.fr });
    expect(calledIn(sworn('pt-BR').callOath('judge', 'deponent', TEXTS, 'en')).language).toBe('pt-PT');
  });

  test('without the witness\'s language the oath is read in the floor language', () => {
    expect(calledIn(sworn('ja-JP').callOath('judge', 'deponent', TEXTS, 'en'))).toMatchObject({ language: 'en', text: TEXTS.en });
  });

  test('an oath without a text in the floor language is refused', () => {
    expect(codeOf(() => sworn('ja-JP').callOath('judge', 'deponent', { fr: TEXTS.fr }, 'en'))).toBe('INVALID_PAYLOAD');
  });

  test('the oath call records who is sworn and who called it', () => {
    const [event] = sworn('en-GB').callOath('judge', 'deponent', TEXTS, 'en');
    expect(event).toEqual({ type: 'oathCalled', oath: { oathId: 'id-1', participantId: 'deponent', language: 'en', text: TEXTS.en, calledBy: 'judge' } });
  });

  test.each(['clerk', 'judge'])('court staff (a %s) do not take the oath', (who) => {
    const room = inSession();
    expect(codeOf(() => room.callOath('judge', who, TEXTS, 'en'))).toBe('INVALID_PAYLOAD');
  });

  test('an interpreter may be sworn', () => {
    const room = inSession();
    expect(calledIn(room.callOath('judge', 'interpreter', TEXTS, 'en')).language).toBe('en');
  });

  test('only the presiding side calls a witness to the oath', () => {
    const room = inSession();
    expect(codeOf(() => room.callOath('counsel', 'witness', TEXTS, 'en'))).toBe('NOT_PRESIDING');
  });

  test('nobody is sworn from the lobby or the gallery', () => {
    const room = inSession();
    room.arrive(arrival('late', 'witness'));
    expect(codeOf(() => room.callOath('judge', 'late', TEXTS, 'en'))).toBe('NOT_ADMITTED');
    expect(codeOf(() => room.callOath('judge', 'observer', TEXTS, 'en'))).toBe('NOT_ADMITTED');
  });

  test('only the called participant confirms the oath, once, at the time of the court\'s clock', () => {
    const room = inSession();
    const { oathId } = calledIn(room.callOath('judge', 'witness', TEXTS, 'en'));
    expect(codeOf(() => room.confirmOath('counsel', oathId))).toBe('OATH_NOT_FOUND');
    expect(codeOf(() => room.confirmOath('judge', oathId))).toBe('OATH_NOT_FOUND');
    expect(codeOf(() => room.confirmOath('witness', 'no-such-oath'))).toBe('OATH_NOT_FOUND');
    now = 1_234_567;
    expect(room.confirmOath('witness', oathId)).toEqual([
      { type: 'oathConfirmed', oath: { oathId, participantId: 'witness', language: 'zh-CN', text: TEXTS['zh-CN'], calledBy: 'judge', confirmedAt: 1_234_567 } },
    ]);
    now = 2_000_000;
    expect(codeOf(() => room.confirmOath('witness', oathId))).toBe('OATH_NOT_FOUND');
  });
});

// ====================================================================== reconnection

describe('a dropped connection', () => {
  test('a participant whose connection drops keeps their seat and the court\'s state', () => {
    const room = inSession();
    room.mute('judge', 'respondent');
    const { roomId } = room.openConsultation('judge', 'A', ['claimant']);
    room.grantFloor('judge', 'witness');
    room.raiseHand('counsel');
    now = 100;
    for (const id of ['respondent', 'claimant', 'witness', 'counsel']) expect(room.leave(id)).toEqual([{ type: 'left', participantId: id }]);
    expect(room.attendee('respondent')).toMatchObject({ seat: 'main', connected: false, awaySince: 100, courtMuted: { microphone: true } });
    expect(seatOf(room, 'claimant')).toBe(`consultation:${roomId}`);
    expect(room.floorHolder).toBe('witness');
    expect(room.handQueue()).toEqual(['counsel']);
  });

  test('coming back within the reconnection window returns the same seat and state, without the lobby', () => {
    const room = inSession();
    room.mute('judge', 'respondent');
    const { roomId } = room.openConsultation('judge', 'A', ['claimant']);
    room.setFloorMode('judge', 'floorOnly');
    room.grantFloor('judge', 'witness');
    room.lock('judge', true);
    for (const id of ['respondent', 'claimant', 'witness']) room.leave(id);
    now = WINDOW - 1;
    expect(room.arrive(arrival('respondent', 'respondent'))).toEqual([{ type: 'arrived', participantId: 'respondent', seat: 'main', reconnected: true }]);
    expect(room.arrive(arrival('claimant', 'claimant'))).toEqual([{ type: 'arrived', participantId: 'claimant', seat: `consultation:${roomId}`, reconnected: true }]);
    expect(room.arrive(arrival('witness', 'witness'))).toEqual([{ type: 'arrived', participantId: 'witness', seat: 'main', reconnected: true }]);
    expect(codeOf(() => room.requireMaySend('respondent', 'microphone'))).toBe('MUTED_BY_COURT');
    expect(room.maySend('witness', 'microphone')).toBe(true);
    expect(room.floorHolder).toBe('witness');
    expect(room.attendee('respondent')).toMatchObject({ connected: true });
    expect(room.attendee('respondent')!.awaySince).toBeUndefined();
  });

  test('a dropped connection is reported once', () => {
    const room = inSession();
    expect(room.leave('claimant')).toHaveLength(1);
    expect(room.leave('claimant')).toEqual([]);
    expect(room.leave('stranger')).toEqual([]);
  });

  test('within the window nobody is forgotten', () => {
    const room = inSession();
    room.leave('claimant');
    now = WINDOW - 1;
    expect(room.expireAway()).toEqual([]);
    expect(room.attendee('claimant')).toBeDefined();
  });

  test('after the window the participant is forgotten and reported departed, once', () => {
    const room = inSession();
    now = 1_000;
    room.leave('claimant');
    now = 1_000 + WINDOW + 1;
    expect(room.expireAway()).toEqual([{ type: 'departed', participantId: 'claimant' }]);
    expect(room.attendee('claimant')).toBeUndefined();
    expect(room.expireAway()).toEqual([]);
  });

  test('each seat is kept for the window from its own holder\'s last drop', () => {
    const room = inSession();
    now = 0;
    room.leave('claimant');
    room.leave('respondent');
    now = 1_000;
    room.leave('witness');
    now = 2_000;
    // Back, then dropped again: their window starts over.
    room.arrive(arrival('claimant', 'claimant'));
    room.leave('claimant');
    now = WINDOW + 1;
    expect(room.expireAway()).toEqual([{ type: 'departed', participantId: 'respondent' }]);
    now = 1_000 + WINDOW + 1;
    expect(room.expireAway()).toEqual([{ type: 'departed', participantId: 'witness' }]);
    expect(room.attendee('claimant')).toMatchObject({ connected: false, seat: 'main' });
    now = 2_000 + WINDOW + 1;
    expect(room.expireAway()).toEqual([{ type: 'departed', participantId: 'claimant' }]);
  });

  test('a party coming back after the window waits in the lobby again', () => {
    const room = inSession();
    room.leave('claimant');
    now = WINDOW + 1;
    expect(room.arrive(arrival('claimant', 'claimant'))).toContainEqual({ type: 'arrived', participantId: 'claimant', seat: 'lobby', reconnected: false });
    expect(room.maySend('claimant', 'microphone')).toBe(false);
  });

  test('a departure noticed while someone else arrives is still reported', () => {
    const room = inSession();
    room.leave('respondent');
    now = WINDOW + 1;
    const events = [...room.arrive(arrival('late', 'claimant')), ...room.expireAway()];
    expect(events).toContainEqual({ type: 'departed', participantId: 'respondent' });
  });

  test('the holder of the floor whose window runs out loses the floor', () => {
    const room = inSession();
    room.grantFloor('judge', 'witness');
    room.leave('witness');
    now = WINDOW + 1;
    room.expireAway();
    expect(room.floorHolder).toBeUndefined();
  });

  test('leaving the hearing on purpose forgets the participant at once', () => {
    const room = inSession();
    room.mute('judge', 'respondent');
    expect(room.depart('respondent')).toEqual([{ type: 'departed', participantId: 'respondent' }]);
    expect(room.attendee('respondent')).toBeUndefined();
    expect(room.arrive(arrival('respondent', 'respondent'))).toEqual([{ type: 'arrived', participantId: 'respondent', seat: 'lobby', reconnected: false }]);
    expect(room.depart('stranger')).toEqual([]);
  });

  test('the holder of the floor who leaves on purpose gives up the floor', () => {
    const room = inSession();
    room.grantFloor('judge', 'witness');
    room.depart('witness');
    expect(room.floorHolder).toBeUndefined();
  });
});

// ====================================================================== removal

describe('removal', () => {
  test('removing a participant to the lobby lowers their hand and takes the floor from them', () => {
    const room = inSession();
    room.raiseHand('counsel');
    room.grantFloor('judge', 'respondent');
    expect(room.remove('judge', 'counsel', 'lobby')).toEqual([
      { type: 'handLowered', participantId: 'counsel', by: 'judge' },
      { type: 'removed', participantId: 'counsel', to: 'lobby', by: 'judge' },
    ]);
    expect(room.remove('judge', 'respondent', 'lobby')).toEqual([
      { type: 'floorRevoked', participantId: 'respondent', by: 'judge' },
      { type: 'removed', participantId: 'respondent', to: 'lobby', by: 'judge' },
    ]);
    expect(room.handQueue()).toEqual([]);
    expect(room.floorHolder).toBeUndefined();
    expect(seatOf(room, 'respondent')).toBe('lobby');
    expect(codeOf(() => room.requireMaySend('respondent', 'microphone'))).toBe('NOT_ADMITTED');
    expect(room.mayReceiveFrom('judge', 'respondent')).toBe(false);
    expect(room.mayReceiveFrom('respondent', 'judge')).toBe(false);
  });

  test('a participant removed to the lobby from a consultation room is out of it', () => {
    const room = inSession();
    room.openConsultation('judge', 'A', ['claimant', 'counsel']);
    room.remove('judge', 'counsel', 'lobby');
    expect(room.mayReceiveFrom('claimant', 'counsel')).toBe(false);
  });

  test('removing a participant out of the hearing forgets and bars them', () => {
    const room = inSession();
    room.grantFloor('judge', 'respondent');
    expect(room.remove('judge', 'respondent', 'out')).toEqual([
      { type: 'floorRevoked', participantId: 'respondent', by: 'judge' },
      { type: 'removed', participantId: 'respondent', to: 'out', by: 'judge' },
    ]);
    expect(room.attendee('respondent')).toBeUndefined();
    expect(room.floorHolder).toBeUndefined();
    expect(codeOf(() => room.arrive(arrival('respondent', 'respondent')))).toBe('REMOVED_FROM_HEARING');
  });

  test('the presiding side cannot be removed from its own hearing', () => {
    const room = inSession();
    room.delegate('judge', 'clerk');
    expect(codeOf(() => room.remove('clerk', 'judge', 'out'))).toBe('INVALID_PAYLOAD');
    expect(codeOf(() => room.remove('judge', 'clerk', 'lobby'))).toBe('INVALID_PAYLOAD');
    expect(codeOf(() => room.remove('judge', 'judge', 'out'))).toBe('INVALID_PAYLOAD');
    expect(seatOf(room, 'judge')).toBe('main');
    expect(seatOf(room, 'clerk')).toBe('main');
  });

  test('only the presiding side removes anyone', () => {
    const room = inSession();
    expect(codeOf(() => room.remove('claimant', 'respondent', 'out'))).toBe('NOT_PRESIDING');
    expect(codeOf(() => room.remove('clerk', 'respondent', 'lobby'))).toBe('NOT_PRESIDING');
    expect(seatOf(room, 'respondent')).toBe('main');
  });

  test('removing someone who is not in the hearing is refused: NOT_IN_HEARING', () => {
    const room = inSession();
    expect(codeOf(() => room.remove('judge', 'stranger', 'lobby'))).toBe('NOT_IN_HEARING');
  });
});

// ====================================================================== refusals

describe('a refusal changes nothing', () => {
  const refused: [string, (room: Courtroom) => unknown][] = [
    ['a party moving the hearing', (room) => room.movePhase('claimant', 'adjourned')],
    ['a forbidden phase move', (room) => room.movePhase('judge', 'scheduled')],
    ['a party admitting everyone', (room) => room.admitAll('counsel')],
    ['a party muting everyone', (room) => room.muteAllExcept('counsel', [])],
    ['a party removing another', (room) => room.remove('counsel', 'claimant', 'out')],
    ['removing the judge', (room) => room.remove('judge', 'judge', 'out')],
    ['a party granting themselves the floor', (room) => room.grantFloor('counsel', 'counsel')],
    ['a party calling everyone back', (room) => room.callEveryoneBack('counsel')],
    ['a party delegating the chair', (room) => room.delegate('counsel', 'clerk')],
    ['delegating to a party', (room) => room.delegate('judge', 'counsel')],
    ['an oath for the clerk', (room) => room.callOath('judge', 'clerk', { en: 'I swear' }, 'en')],
    ['confirming an oath never called', (room) => room.confirmOath('witness', 'id-99')],
  ];

  test.each(refused)('%s', (_name, command) => {
    const room = inSession();
    room.arrive(arrival('late', 'claimant'));
    room.openConsultation('judge', 'A', ['respondent']);
    room.raiseHand('witness');
    const before = state(room);
    expect(codeOf(() => command(room))).toBeDefined();
    expect(state(room)).toEqual(before);
  });
});

// ====================================================================== pre-admission and exhibits

describe('pre-admission', () => {
  test('someone admitted in advance skips the lobby when they come; an observer goes to the gallery', () => {
    const room = courtroom('inSession');
    room.arrive(arrival('judge', 'judge'));
    room.preAdmit('judge', ['witness', 'observer']);
    expect(room.arrive(arrival('witness', 'witness'))).toEqual([{ type: 'arrived', participantId: 'witness', seat: 'main', reconnected: false }]);
    expect(room.arrive(arrival('observer', 'observer'))).toEqual([{ type: 'arrived', participantId: 'observer', seat: 'gallery', reconnected: false }]);
    expect(room.arrive(arrival('claimant', 'claimant'))[0]).toMatchObject({ seat: 'lobby' });
  });

  test('pre-admitting someone already waiting admits them now; only the presiding side may', () => {
    const room = courtroom('inSession');
    room.arrive(arrival('judge', 'judge'));
    room.arrive(arrival('claimant', 'claimant'));
    expect(codeOf(() => room.preAdmit('claimant', ['claimant']))).toBe('NOT_PRESIDING');
    expect(room.preAdmit('judge', ['claimant'])).toEqual([{ type: 'admitted', participantId: 'claimant', seat: 'main', by: 'judge' }]);
  });
});

describe('exhibits and screens', () => {
  const exhibit = { evidenceId: 'ev-1', title: 'Bill of lading', mediaType: 'application/pdf' };

  test('the presiding side shows an exhibit; a party needs the court’s leave, for exhibits and for screens', () => {
    const room = inSession();
    expect(codeOf(() => room.presentExhibit('claimant', exhibit))).toBe('NOT_PRESENTER');
    expect(room.maySend('claimant', 'screen')).toBe(false);
    expect(codeOf(() => room.requireMaySend('claimant', 'screen'))).toBe('NOT_PRESENTER');
    room.allowPresenting('judge', 'claimant', true);
    expect(room.presentExhibit('claimant', exhibit, 2)).toEqual([{ type: 'exhibitShown', presentation: { ...exhibit, page: 2, presenterId: 'claimant' } }]);
    expect(room.maySend('claimant', 'screen')).toBe(true);
    room.allowPresenting('judge', 'claimant', false);
    expect(room.maySend('claimant', 'screen')).toBe(false);
    expect(room.presentExhibit('judge', exhibit)[0]).toMatchObject({ type: 'exhibitShown' });
  });

  test('only the presenter or the presiding side turns pages or stops; nothing shown is a clear refusal', () => {
    const room = inSession();
    expect(codeOf(() => room.turnPage('judge', 2))).toBe('NOTHING_PRESENTED');
    room.allowPresenting('judge', 'claimant', true);
    room.presentExhibit('claimant', exhibit);
    expect(codeOf(() => room.turnPage('respondent', 5))).toBe('NOT_PRESENTER');
    expect(room.turnPage('claimant', 4)).toEqual([{ type: 'exhibitPageTurned', evidenceId: 'ev-1', page: 4, by: 'claimant' }]);
    expect(room.turnPage('judge', 5)[0]).toMatchObject({ page: 5 });
    expect(room.presentation?.page).toBe(5);
    expect(room.stopPresenting('judge')).toEqual([{ type: 'exhibitClosed', evidenceId: 'ev-1', by: 'judge' }]);
    expect(room.presentation).toBeUndefined();
  });

  test('exhibits are shown from the main room, not from a consultation room', () => {
    const room = inSession();
    room.allowPresenting('judge', 'counsel', true);
    room.openConsultation('judge', 'Counsel and client', ['claimant', 'counsel']);
    expect(codeOf(() => room.presentExhibit('counsel', exhibit))).toBe('NOT_ADMITTED');
  });
});

describe('who sits where', () => {
  test('each seat lists its people in the order they came, whatever order they sat down in, through moves, removals and departures', () => {
    const room = courtroom();
    for (const who of [arrival('judge', 'judge'), arrival('claimant', 'claimant'), arrival('counsel', 'counsel'), arrival('press', 'observer')]) room.arrive(who);
    room.admit('judge', 'press');
    room.admit('judge', 'counsel');
    room.admit('judge', 'claimant');
    const ids = (seat: Parameters<Courtroom['seatedIn']>[0]) => room.seatedIn(seat).map((a) => a.participantId);
    expect(ids('main')).toEqual(['judge', 'claimant', 'counsel']);
    expect(ids('gallery')).toEqual(['press']);
    expect(ids('lobby')).toEqual([]);

    const { roomId } = room.openConsultation('judge', 'claimant side', ['claimant']);
    expect(ids('main')).toEqual(['judge', 'counsel']);
    expect(ids(`consultation:${roomId}`)).toEqual(['claimant']);
    room.callEveryoneBack('judge');
    expect(ids('main')).toEqual(['judge', 'claimant', 'counsel']);

    room.remove('judge', 'counsel', 'lobby');
    expect(ids('main')).toEqual(['judge', 'claimant']);
    expect(ids('lobby')).toEqual(['counsel']);
    room.depart('claimant');
    room.leave('press');
    now += WINDOW + 1;
    room.expireAway();
    expect(ids('main')).toEqual(['judge']);
    expect(ids('gallery')).toEqual([]);
    // Everyone listed is someone the courtroom still has, and each seat's count is its list's.
    for (const seat of ['main', 'lobby', 'gallery'] as const) {
      for (const a of room.seatedIn(seat)) expect(room.attendee(a.participantId)).toBe(a);
      expect(room.seatedCount(seat)).toBe(room.seatedIn(seat).length);
    }
  });
});
