// The official recording as the courtroom knows it: started and stopped from the main room of an
// open hearing, never twice, shown to everyone — the gallery included — while it runs, and closed
// with the hearing when it is adjourned. Who may control it at all is the permission table's
// (recording.control: the judge or the clerk), checked before the courtroom is asked.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom, type Arrival } from '../../../server/domain/hearing/Courtroom.js';
import { courtroomViews } from '../../../server/domain/hearing/courtroomView.js';
import type { HearingPhase } from '../../../server/domain/hearing/hearingPhase.js';
import { codeOf } from '../../helpers/courtErrors.js';

const HEARING = { caseId: 'case-1', floorLanguage: 'en' };
let now = 0;
let ids = 0;

beforeEach(() => {
  now = 1_000;
  ids = 0;
});

function arrival(participantId: string, role: CaseRole): Arrival {
  return { participantId, displayName: `The ${participantId}`, role, locale: 'en-GB', timeZone: 'Europe/London' };
}

/** The judge presides; a clerk, a claimant and an observer are admitted; a respondent waits in the lobby. */
function hearing(phase: HearingPhase = 'inSession'): Courtroom {
  const room = new Courtroom({ hearingId: 'hearing-1', phase, presidingId: 'judge', reconnectWindowMs: 30_000, now: () => now, newId: () => `id-${++ids}` });
  room.arrive(arrival('judge', 'judge'));
  for (const [id, role] of [['clerk', 'clerk'], ['claimant', 'claimant'], ['observer', 'observer']] as const) {
    room.arrive(arrival(id, role));
    room.admit('judge', id);
  }
  room.arrive(arrival('respondent', 'respondent'));
  return room;
}

test('the judge starts the recording: one event with a new recording id, and the courtroom knows it runs', () => {
  const room = hearing();
  now = 5_000;
  expect(room.startRecording('judge')).toEqual([{ type: 'recordingStarted', recordingId: 'id-1', by: 'judge' }]);
  expect(room.recording).toEqual({ recordingId: 'id-1', startedBy: 'judge', startedAt: 5_000 });
});

test('starting twice is refused with ALREADY_RECORDING, and the running recording is kept', () => {
  const room = hearing();
  room.startRecording('judge');
  expect(codeOf(() => room.startRecording('clerk'))).toBe('ALREADY_RECORDING');
  expect(room.recording?.recordingId).toBe('id-1');
});

test('stopping names the recording that stops; stopping when nothing is recorded is refused with NOT_RECORDING', () => {
  const room = hearing();
  expect(codeOf(() => room.stopRecording('judge'))).toBe('NOT_RECORDING');
  room.startRecording('judge');
  expect(room.stopRecording('clerk')).toEqual([{ type: 'recordingStopped', recordingId: 'id-1', by: 'clerk' }]);
  expect(room.recording).toBeUndefined();
  expect(codeOf(() => room.stopRecording('judge'))).toBe('NOT_RECORDING');
  expect(room.startRecording('judge')).toEqual([{ type: 'recordingStarted', recordingId: 'id-2', by: 'judge' }]);
});

test('the recording is controlled from the main room: not from the lobby, nor by someone not in the hearing', () => {
  const room = hearing();
  expect(codeOf(() => room.startRecording('respondent'))).toBe('NOT_ADMITTED');
  expect(codeOf(() => room.startRecording('nobody'))).toBe('NOT_IN_HEARING');
  expect(codeOf(() => room.startRecording('observer'))).toBe('NOT_ADMITTED');
  expect(room.recording).toBeUndefined();
});

test('a hearing is recorded only while it is open: not before the lobby opens', () => {
  const room = new Courtroom({ hearingId: 'hearing-1', phase: 'scheduled', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => now, newId: () => `id-${++ids}` });
  room.arrive(arrival('judge', 'judge'));
  expect(codeOf(() => room.startRecording('judge'))).toBe('HEARING_NOT_OPEN');
  room.movePhase('judge', 'lobbyOpen');
  expect(codeOf(() => room.startRecording('judge'))).toBeUndefined();
});

test('adjourning the hearing stops its recording first, then moves the phase', () => {
  const room = hearing();
  room.startRecording('judge');
  expect(room.movePhase('judge', 'adjourned')).toEqual([
    { type: 'recordingStopped', recordingId: 'id-1', by: 'judge' },
    { type: 'phaseChanged', from: 'inSession', to: 'adjourned', by: 'judge' },
  ]);
  expect(room.recording).toBeUndefined();
});

test('a recess does not stop the recording', () => {
  const room = hearing();
  room.startRecording('judge');
  expect(room.movePhase('judge', 'recess')).toEqual([{ type: 'phaseChanged', from: 'inSession', to: 'recess', by: 'judge' }]);
  expect(room.recording).toBeDefined();
});

test('every view shows whether the recording runs — the presiding side, the parties, the gallery, the lobby — and its fingerprint changes with it', () => {
  const room = hearing();
  const people = ['judge', 'clerk', 'claimant', 'observer', 'respondent'];
  const before = courtroomViews(room, HEARING);
  const fingerprints = new Map(people.map((id) => [id, before.fingerprintOf(id)]));
  expect(people.map((id) => before.viewOf(id)?.recording)).toEqual([false, false, false, false, false]);

  room.startRecording('clerk');
  const during = courtroomViews(room, HEARING);
  expect(people.map((id) => during.viewOf(id)?.recording)).toEqual([true, true, true, true, true]);
  for (const id of people) expect([id, during.fingerprintOf(id)]).not.toEqual([id, fingerprints.get(id)]);

  room.stopRecording('judge');
  const after = courtroomViews(room, HEARING);
  expect(people.map((id) => after.viewOf(id)?.recording)).toEqual([false, false, false, false, false]);
});
