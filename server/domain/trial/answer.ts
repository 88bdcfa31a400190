// An answer to one question (thread) of a round, by or for one required participant: text with a
// language tag and evidence attachments, changed as often as needed until the deadline, every
// version kept. Who may write it: the participant it is for, or — counsel being the party's
// agent — counsel for a party of its own side. Nobody answers for anyone else.
import { CourtError } from '../CourtError.js';
import type { CaseParticipant } from '../cases/caseParticipant.js';
import { isRequired, type RequiredParticipant, type Round } from './round.js';

export const MAX_ANSWER_CHARS = 16_000;
export const MAX_ATTACHMENTS = 20;
/** Versions kept per answer; past this, a party is asked to settle its text. */
export const MAX_VERSIONS = 200;

export interface AnswerContent {
  readonly text: string;
  /** BCP 47 tag of the language the answer is written in. */
  readonly language: string;
  /** Evidence ids, each filed through the evidence store by the answer's side. */
  readonly attachments: readonly string[];
}

export interface AnswerVersion extends AnswerContent {
  readonly version: number;
  readonly submittedAt: string;
  /** Who wrote this version: the participant it is for, or their counsel. */
  readonly submittedBy: string;
  readonly submittedByName: string;
  /** After the deadline (accepted by the round's late rule). */
  readonly late: boolean;
  /** After a sealed round revealed the others' answers. */
  readonly afterReveal: boolean;
  /** Submitted while the round sealed it: the ledger holds only `commitment` until the reveal. */
  readonly sealed: boolean;
  /** sealCommitment of { answerId, threadId, for, version, text, language, attachments } with `nonce`. */
  readonly commitment: string;
  /** Kept secret until the reveal publishes it (sealed versions only). */
  readonly nonce?: string;
  readonly ledgerSeq: number;
  /** A timed question's answer: the window it was given in, and whether it came after the window closed. */
  readonly window?: AnswerWindowTimes;
}

export interface AnswerWindowTimes {
  readonly openedAt: string;
  readonly closesAt: string;
  readonly outside: boolean;
}

/** The answer as stored: its latest version in full; every version is in its own log. */
export interface Answer {
  readonly id: string;
  readonly caseId: string;
  readonly roundId: string;
  readonly threadId: string;
  /** The required participant it is the answer of. */
  readonly for: string;
  readonly forName: string;
  readonly forSide?: RequiredParticipant['side'];
  readonly version: number;
  readonly current: AnswerVersion;
  readonly firstSubmittedAt: string;
}

/**
 * Whose answer the writer is writing: their own (when `forId` is absent or themself), or — as
 * counsel — that of a party on their side. The answer's owner must be required in the round.
 */
export function answerOwner(writer: CaseParticipant, forId: string | undefined, round: Round, participants: readonly CaseParticipant[]): RequiredParticipant {
  const targetId = forId ?? writer.id;
  if (targetId !== writer.id) {
    const target = participants.find((p) => p.id === targetId && p.removedAt === undefined);
    const counselForParty =
      writer.role === 'counsel' && target !== undefined && (target.role === 'claimant' || target.role === 'respondent') && target.side === writer.side;
    if (!counselForParty) {
      throw new CourtError('NOT_YOUR_ANSWER', 'you may answer only for yourself (counsel also for the parties of its own side); leave out "for"');
    }
  }
  if (!isRequired(round, targetId)) {
    throw new CourtError('NOT_REQUIRED_IN_ROUND', `${targetId === writer.id ? 'you are' : 'that party is'} not among those round ${round.number} asks to answer`);
  }
  return round.required.find((r) => r.participantId === targetId)!;
}

/** A writer who edits names the version they edited, so an older tab cannot overwrite a newer answer. */
export function requireCurrentVersion(current: number, basedOn: number | undefined): void {
  if (basedOn === undefined || basedOn === current) return;
  throw new CourtError('RECORD_CHANGED', `the answer is at version ${current}, not ${basedOn}: it was changed elsewhere (another tab?); reload it, then submit again`);
}

export function requireRoomForVersion(current: number): void {
  if (current >= MAX_VERSIONS) throw new CourtError('INVALID_PAYLOAD', `an answer keeps at most ${MAX_VERSIONS} versions; this one has them all`);
}

/** What the attachment rule looks at in an evidence item. */
export interface AttachableEvidence {
  readonly id: string;
  readonly caseId: string;
  /** 'participant:<id>' or 'account:<id>'. */
  readonly filedBy: string;
  readonly side?: RequiredParticipant['side'];
  readonly withdrawnAt?: string;
  /** Filed sealed for a round, and not revealed yet. */
  readonly sealed?: { readonly roundId: string };
}

/**
 * An answer attaches evidence of its own case that its own side filed (the participant it is for,
 * or anyone on their side), still on the record; evidence sealed for a round only in that round.
 */
export function requireAttachable(item: AttachableEvidence | undefined, evidenceId: string, caseId: string, owner: RequiredParticipant, roundId: string): void {
  if (item === undefined || item.caseId !== caseId) throw new CourtError('EVIDENCE_NOT_FOUND', `body.attachments: this case has no evidence ${evidenceId}; file it first`);
  const ownSide = item.filedBy === `participant:${owner.participantId}` || (owner.side !== undefined && item.side === owner.side);
  // Another side's sealed evidence does not exist, as far as this side can tell.
  if (!ownSide && item.sealed !== undefined) throw new CourtError('EVIDENCE_NOT_FOUND', `body.attachments: this case has no evidence ${evidenceId}; file it first`);
  if (!ownSide) throw new CourtError('NOT_YOUR_EVIDENCE', `body.attachments: evidence ${evidenceId} was not filed by your side; an answer attaches only its own side's evidence`);
  if (item.withdrawnAt !== undefined) throw new CourtError('EVIDENCE_ALREADY_WITHDRAWN', `body.attachments: evidence ${evidenceId} was withdrawn at ${item.withdrawnAt}`);
  if (item.sealed !== undefined && item.sealed.roundId !== roundId) {
    throw new CourtError('EVIDENCE_SEALED', `body.attachments: evidence ${evidenceId} is sealed for round ${item.sealed.roundId}; until that round reveals it, it can be attached only there`);
  }
}

/** Whose answers a participant may write in a round: their own if required; counsel's, also its side's required parties. */
export function answerableBy(writer: Pick<CaseParticipant, 'id' | 'role' | 'side'>, round: Pick<Round, 'required'>): string[] {
  return round.required
    .filter((r) => r.participantId === writer.id || (writer.role === 'counsel' && writer.side !== undefined && r.side === writer.side && (r.role === 'claimant' || r.role === 'respondent')))
    .map((r) => r.participantId);
}
