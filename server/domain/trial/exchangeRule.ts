// How answers are exchanged in a round, and who may see what — the rules every read of the
// record applies (REST, socket pushes, the timeline, the export), so a sealed answer is sealed
// because no query returns it, not because a page hides it.
//
// Sequential: an answer is visible to everyone who sees the round as soon as it is submitted.
// Sealed (simultaneous): an answer is hidden from everyone but its own side and the court until
// the round reveals its answers together — when every required participant has answered every
// question, or when the deadline passes. Its own side is the participant it is for and, for a
// party, everyone on that party's side (the party and its counsel work together). The court
// (judge, arbitrator, mediator, clerk) runs the round and sees every answer as it comes; it is
// not a side. Interpreters, witnesses and anyone else see a sealed answer only once revealed.
// Evidence filed for a sealed answer is sealed the same way, until the same reveal.
// A caucus round (a mediator's round with one side, caucus.ts) is not sealed but private: it and
// its answers exist only for that side and the mediator, for good.
import { isStaffRole, type CaseRole } from '../access/roles.js';
import type { CaseSide } from '../cases/caseParticipant.js';

export const EXCHANGE_RULES = ['sequential', 'sealed'] as const;
export type ExchangeRule = (typeof EXCHANGE_RULES)[number];

/** Who is looking. */
export interface Viewer {
  readonly participantId: string;
  readonly role: CaseRole;
  readonly side?: CaseSide;
}

/** Whose an answer (or a sealed evidence item) is: the participant it is for, and their side. */
export interface Owner {
  readonly participantId: string;
  readonly side?: CaseSide;
}

export interface Exchange {
  readonly exchange: ExchangeRule;
  readonly revealedAt?: string;
}

/** The court runs rounds; it is no side of the dispute. */
export function isCourt(role: CaseRole): boolean {
  return isStaffRole(role);
}

/** The owner themself, or someone on the owner's side. */
export function isOwnSide(viewer: Viewer, owner: Owner): boolean {
  return viewer.participantId === owner.participantId || (viewer.side !== undefined && viewer.side === owner.side);
}

/** Whether the round still seals its answers from everyone but their own side and the court. */
export function isSealed(round: Exchange): boolean {
  return round.exchange === 'sealed' && round.revealedAt === undefined;
}

export function answerVisibleTo(viewer: Viewer, owner: Owner, round: Exchange): boolean {
  return !isSealed(round) || isCourt(viewer.role) || isOwnSide(viewer, owner);
}

/** Evidence filed sealed for a round, before that round reveals it. */
export function sealedEvidenceVisibleTo(viewer: Viewer, filer: Owner): boolean {
  return isCourt(viewer.role) || isOwnSide(viewer, filer);
}

/**
 * Which rounds someone sees at all (the table has let them view rounds): a witness only the
 * rounds that question them, so they do not read the parties' answers before giving theirs.
 */
export function roundVisibleTo(viewer: Viewer, round: { readonly required: ReadonlyArray<{ readonly participantId: string }>; readonly privateTo?: CaseSide }): boolean {
  // A mediator's caucus: that side and the mediator, nobody else (caucus.ts).
  if (round.privateTo !== undefined) return viewer.role === 'mediator' || (viewer.role !== 'witness' && viewer.side === round.privateTo);
  return viewer.role !== 'witness' || round.required.some((r) => r.participantId === viewer.participantId);
}
