// The life of a hearing: every move from every phase to every phase, allowed or refused, checked
// against the graph the court intends (written out here, not read from the code under test).
import { HEARING_PHASES, isOpen, nextPhases, requirePhaseMove, type HearingPhase } from '../../../server/domain/hearing/hearingPhase.js';
import { codeOf } from '../../helpers/courtErrors.js';

const INTENDED: Record<HearingPhase, HearingPhase[]> = {
  scheduled: ['lobbyOpen', 'adjourned'],
  lobbyOpen: ['inSession', 'adjourned'],
  inSession: ['recess', 'adjourned'],
  recess: ['inSession', 'adjourned'],
  adjourned: [],
};

const moves = HEARING_PHASES.flatMap((from) => HEARING_PHASES.map((to) => [from, to, INTENDED[from].includes(to)] as [HearingPhase, HearingPhase, boolean]));

test('the intended graph names every phase', () => {
  expect(Object.keys(INTENDED).sort()).toEqual([...HEARING_PHASES].sort());
});

test.each(moves)('a hearing that is %s may move to %s: %s', (from, to, allowed) => {
  expect(codeOf(() => requirePhaseMove(from, to))).toBe(allowed ? undefined : 'HEARING_PHASE_NOT_ALLOWED');
});

test.each(HEARING_PHASES)('the phases a %s hearing may move to are exactly the intended ones', (from) => {
  expect([...nextPhases(from)].sort()).toEqual([...INTENDED[from]].sort());
});

test('no phase moves to itself', () => {
  for (const phase of HEARING_PHASES) expect(codeOf(() => requirePhaseMove(phase, phase))).toBe('HEARING_PHASE_NOT_ALLOWED');
});

test('an adjourned hearing is closed for good and the refusal says to schedule a new one', () => {
  expect(() => requirePhaseMove('adjourned', 'inSession')).toThrow(/schedule a new hearing/);
});

test('a refused move names where the hearing may go instead', () => {
  expect(() => requirePhaseMove('inSession', 'lobbyOpen')).toThrow('a hearing that is inSession can move to recess or adjourned, not lobbyOpen');
});

test.each([
  ['scheduled', false],
  ['lobbyOpen', true],
  ['inSession', true],
  ['recess', true],
  ['adjourned', false],
] as [HearingPhase, boolean][])('people may come in while the hearing is %s: %s', (phase, open) => {
  expect(isOpen(phase)).toBe(open);
});
