// The life of one hearing: scheduled → lobby open → in session ⇄ recess → adjourned (closed for
// good). Only the presiding judge, or a clerk they delegate, moves it.
import { CourtError } from '../CourtError.js';

export const HEARING_PHASES = ['scheduled', 'lobbyOpen', 'inSession', 'recess', 'adjourned'] as const;
export type HearingPhase = (typeof HEARING_PHASES)[number];

const NEXT: Record<HearingPhase, readonly HearingPhase[]> = {
  scheduled: ['lobbyOpen', 'adjourned'],
  lobbyOpen: ['inSession', 'adjourned'],
  inSession: ['recess', 'adjourned'],
  recess: ['inSession', 'adjourned'],
  adjourned: [],
};

export function nextPhases(from: HearingPhase): readonly HearingPhase[] {
  return NEXT[from];
}

export function requirePhaseMove(from: HearingPhase, to: HearingPhase): void {
  if (NEXT[from].includes(to)) return;
  throw new CourtError(
    'HEARING_PHASE_NOT_ALLOWED',
    from === 'adjourned' ? 'the hearing is adjourned for good; schedule a new hearing' : `a hearing that is ${from} can move to ${NEXT[from].join(' or ')}, not ${to}`,
  );
}

/** Whether people may come into the lobby or the room. */
export function isOpen(phase: HearingPhase): boolean {
  return phase === 'lobbyOpen' || phase === 'inSession' || phase === 'recess';
}
