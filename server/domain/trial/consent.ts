// Consent to the asynchronous trial. A case is tried asynchronously only with the recorded
// consent of every party (as China's Online Litigation Rules require); any party may withdraw
// it, and the case goes back to live hearings at once.
//
// Who consents: each side (claimant, respondent) must consent. Counsel is the side's agent, so
// counsel's consent is the consent of every party on its side; without it, every party of the
// side must consent in person. A withdrawal by anyone on a side — a party or its counsel — is
// that side's refusal, whatever else the side said: a party is never held to async trial by
// its counsel's earlier word. A side with nobody in the case cannot consent.
import { CourtError } from '../CourtError.js';
import type { CaseParticipant, CaseSide } from '../cases/caseParticipant.js';

export type TrialMode = 'live' | 'async';
export const TRIAL_MODES = ['live', 'async'] as const;
export const SIDES: readonly CaseSide[] = ['claimant', 'respondent'];

export type ConsentState = 'given' | 'withdrawn';

/** One participant's last word on async trial. */
export interface Consent {
  readonly participantId: string;
  readonly state: ConsentState;
  readonly at: string;
  /** The ledger entry that records it. */
  readonly ledgerSeq: number;
  /** Why a withdrawal was made, in the withdrawer's words. */
  readonly reason?: string;
}

/** The case's way of trial: its mode, everyone's consent, and how many rounds it has opened. */
export interface TrialState {
  readonly caseId: string;
  readonly mode: TrialMode;
  readonly modeSince?: string;
  readonly consents: Readonly<Record<string, Consent>>;
  /** Rounds opened so far (the next round's number is this + 1). */
  readonly rounds: number;
  /**
   * When the case settled (domain/cases/settlement.ts). Written with the settlement, so a round
   * opened at the same moment either conflicts and is refused, or is closed by it.
   */
  readonly settledAt?: string;
}

export function initialTrialState(caseId: string): TrialState {
  return { caseId, mode: 'live', consents: {}, rounds: 0 };
}

/** Whether a participant speaks for a side in consent: the parties and their counsel. */
export function isConsentGiver(participant: Pick<CaseParticipant, 'role' | 'side'>): boolean {
  return (participant.role === 'claimant' || participant.role === 'respondent' || participant.role === 'counsel') && participant.side !== undefined;
}

export interface SideConsent {
  readonly side: CaseSide;
  readonly consented: boolean;
  /** Counsel whose consent carries the side, if that is how it consents. */
  readonly throughCounsel?: string;
  /** Who has withdrawn (so the side refuses). */
  readonly withdrawnBy: readonly string[];
  /** Parties whose consent is still missing (when no counsel gave it for them). */
  readonly missing: readonly string[];
}

export interface ConsentSummary {
  readonly complete: boolean;
  readonly sides: readonly SideConsent[];
}

/** Where consent stands for each side, among the participants still in the case. */
export function consentOf(participants: readonly CaseParticipant[], consents: Readonly<Record<string, Consent>>): ConsentSummary {
  const active = participants.filter((p) => p.removedAt === undefined && isConsentGiver(p));
  const sides = SIDES.map((side): SideConsent => {
    const members = active.filter((p) => p.side === side);
    const stateOf = (p: CaseParticipant) => consents[p.id]?.state;
    const withdrawnBy = members.filter((p) => stateOf(p) === 'withdrawn').map((p) => p.id);
    const counsel = members.find((p) => p.role === 'counsel' && stateOf(p) === 'given');
    const parties = members.filter((p) => p.role !== 'counsel');
    const missing = counsel === undefined ? parties.filter((p) => stateOf(p) !== 'given').map((p) => p.id) : [];
    const heard = counsel !== undefined || (parties.length > 0 && missing.length === 0);
    return {
      side,
      consented: withdrawnBy.length === 0 && heard,
      ...(counsel === undefined ? {} : { throughCounsel: counsel.id }),
      withdrawnBy,
      missing,
    };
  });
  return { complete: sides.every((s) => s.consented), sides };
}

/**
 * Rounds are opened only in async mode, and only while every party's consent still holds (a
 * party added since the case went async has not given theirs).
 */
export function requireAsyncTrial(state: TrialState, participants: readonly CaseParticipant[]): void {
  if (state.settledAt !== undefined) throw new CourtError('CASE_SETTLED', `the case settled at ${state.settledAt}; its asynchronous trial ended with it`);
  const summary = consentOf(participants, state.consents);
  if (state.mode === 'async' && summary.complete) return;
  const names = new Map(participants.map((p) => [p.id, p.displayName]));
  const reasons = summary.sides
    .filter((s) => !s.consented)
    .map((s) => {
      if (s.withdrawnBy.length > 0) return `${s.withdrawnBy.map((id) => names.get(id)).join(', ')} withdrew consent for the ${s.side}`;
      if (s.missing.length > 0) return `${s.missing.map((id) => names.get(id)).join(', ')} (${s.side}) has not consented`;
      return `nobody takes part for the ${s.side} yet`;
    });
  throw new CourtError(
    'CONSENT_REQUIRED',
    `the case is tried in live hearings: an asynchronous trial needs the consent of every party (${reasons.join('; ') || 'consent is incomplete'})`,
  );
}

/** The state after a participant's consent or withdrawal, and whether the case changes mode with it. */
export function recordConsent(
  state: TrialState,
  participants: readonly CaseParticipant[],
  consent: Consent,
): { next: TrialState; modeChanged: boolean } {
  const consents = { ...state.consents, [consent.participantId]: consent };
  const complete = consentOf(participants, consents).complete;
  // Only a withdrawal moves the case back; only full consent moves it to async.
  const mode: TrialMode = consent.state === 'withdrawn' ? 'live' : complete ? 'async' : state.mode;
  const modeChanged = mode !== state.mode;
  return { next: { ...state, consents, mode, ...(modeChanged ? { modeSince: consent.at } : {}) }, modeChanged };
}
