// A round of an asynchronous trial: the court puts questions for one stage of the trial to the
// participants who must answer, with a deadline, an exchange rule and a late rule. This file
// holds the round's shape and its clock: who presides, when it accepts answers, when it reveals
// sealed answers and when it closes by itself.
//
// A round is open, suspended (a party withdrew consent to async trial: nothing is accepted, its
// clock stops, sealed answers stay sealed) or closed (by the court, or by itself at its deadline;
// with accept-and-flag late answers, at the end of the late window after the deadline).
import type { CaseRole } from '../access/roles.js';
import type { CaseParticipant, CaseSide } from '../cases/caseParticipant.js';
import type { DisputeStage } from '../cases/disputeStage.js';
import { CourtError } from '../CourtError.js';
import { hasPassed, type Deadline, type ExtensionRequest } from './deadline.js';
import type { ExchangeRule } from './exchangeRule.js';
import type { Thread } from './question.js';

/** The stages of a trial that a round belongs to. */
export const TRIAL_STAGES = ['investigation', 'evidenceExamination', 'debate', 'finalStatements'] as const;
export type TrialStage = (typeof TRIAL_STAGES)[number];

export const ROUND_STATUSES = ['open', 'suspended', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** What happens to an answer that comes after the deadline. */
export type LateRule = { readonly kind: 'refuse' } | { readonly kind: 'acceptFlagged'; readonly windowMinutes: number };
export const MAX_LATE_WINDOW_MINUTES = 30 * 24 * 60;

/** The roles that may be required to answer (the table's answer.submit). */
export const ANSWERING_ROLES: readonly CaseRole[] = ['claimant', 'respondent', 'counsel', 'witness'];
export const MAX_REQUIRED = 20;

export type PresidingRole = 'judge' | 'arbitrator' | 'mediator';

export interface RequiredParticipant {
  readonly participantId: string;
  readonly displayName: string;
  readonly role: CaseRole;
  readonly side?: CaseSide;
  /** When the round was served on them: its opening, pushed to their channel. */
  readonly servedAt: string;
}

export interface DeadlineChange {
  readonly deadline: Deadline;
  readonly setAt: string;
  readonly setBy: string;
  readonly because: 'opened' | 'extended' | 'granted' | 'resumed';
  readonly requestId?: string;
  readonly reason?: string;
}

export interface Round {
  readonly id: string;
  readonly caseId: string;
  /** 1, 2, 3… within the case. */
  readonly number: number;
  readonly stage: TrialStage;
  readonly title: string;
  /** The role that runs this round (the dispute stage's presiding role when it opened). */
  readonly presidingRole: PresidingRole;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly threads: readonly Thread[];
  readonly required: readonly RequiredParticipant[];
  /** A mediator's caucus with one side: the round exists only for that side and the mediator (caucus.ts). */
  readonly privateTo?: CaseSide;
  /** A caucus round's nonce: its words go on the ledger only as commitments made with it. */
  readonly caucusNonce?: string;
  readonly exchange: ExchangeRule;
  readonly late: LateRule;
  readonly deadline: Deadline;
  readonly deadlineHistory: readonly DeadlineChange[];
  readonly extensionRequests: readonly ExtensionRequest[];
  /** participant id → thread id → when they first answered it. */
  readonly answered: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly status: RoundStatus;
  readonly suspendedAt?: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
  readonly closedBecause?: 'court' | 'deadline' | 'settled';
  readonly closeReason?: string;
  /** Sealed rounds: when the answers were revealed together. */
  readonly revealedAt?: string;
}

const PRESIDING_BY_STAGE: Record<DisputeStage, PresidingRole | undefined> = {
  // The parties negotiate alone: their rounds are offers and counter-offers (offer.ts).
  negotiation: undefined,
  mediation: 'mediator',
  arbitration: 'arbitrator',
  trial: 'judge',
};

/** Who runs rounds in a case at this stage of the dispute. */
export function presidingRoleOf(stage: DisputeStage): PresidingRole | undefined {
  return PRESIDING_BY_STAGE[stage];
}

/** The table lets judges, arbitrators and mediators run rounds; the dispute stage says which of them. */
export function requirePresidingFor(stage: DisputeStage, role: CaseRole): PresidingRole {
  const presiding = presidingRoleOf(stage);
  if (presiding === undefined) throw new CourtError('NOT_PRESIDING', 'a case in negotiation has no one presiding: the parties negotiate alone; move the case to mediation, arbitration or trial first');
  if (presiding !== role) throw new CourtError('NOT_PRESIDING', `in ${stage} the ${presiding} runs the rounds, not ${withArticle(role)}`);
  return presiding;
}

/** Closing, extending and deciding requests are for the role that runs the round. */
export function requireRunsRound(round: Round, role: CaseRole): void {
  if (round.presidingRole !== role) throw new CourtError('NOT_PRESIDING', `round ${round.number} is run by the ${round.presidingRole}, not ${withArticle(role)}`);
}

/**
 * The participants who must answer, as the court named them: each a current participant of the
 * case in a role that answers (a party, counsel or a witness), each named once.
 */
export function requiredFrom(participants: readonly CaseParticipant[], ids: readonly string[], servedAt: string): RequiredParticipant[] {
  if (ids.length === 0) throw new CourtError('INVALID_PAYLOAD', 'body.required: name at least one participant who must answer');
  if (new Set(ids).size !== ids.length) throw new CourtError('INVALID_PAYLOAD', 'body.required: name each participant once');
  return ids.map((id, i) => {
    const p = participants.find((candidate) => candidate.id === id && candidate.removedAt === undefined);
    if (p === undefined) throw new CourtError('PARTICIPANT_NOT_FOUND', `body.required.${i}: this case has no participant ${id}`);
    if (!ANSWERING_ROLES.includes(p.role)) {
      throw new CourtError('INVALID_PAYLOAD', `body.required.${i}: ${p.displayName} is a ${p.role}; only parties, counsel and witnesses answer rounds`);
    }
    return { participantId: p.id, displayName: p.displayName, role: p.role, ...(p.side === undefined ? {} : { side: p.side }), servedAt };
  });
}

export function isRequired(round: Round, participantId: string): boolean {
  return round.required.some((r) => r.participantId === participantId);
}

/** When the round closes by itself: at the deadline, or at the end of the late window after it. */
export function closesAt(round: Pick<Round, 'deadline' | 'late'>): string {
  const deadline = Date.parse(round.deadline.at);
  return new Date(round.late.kind === 'refuse' ? deadline : deadline + round.late.windowMinutes * 60_000).toISOString();
}

/** Whether a participant has answered every question of the round. */
export function hasAnsweredAll(round: Round, participantId: string): boolean {
  const answered = round.answered[participantId] ?? {};
  return round.threads.every((t) => answered[t.id] !== undefined);
}

/** When they answered the last of the questions, if they have answered all. */
export function completedAt(round: Round, participantId: string): string | undefined {
  if (!hasAnsweredAll(round, participantId)) return undefined;
  const times = Object.values(round.answered[participantId] ?? {}).sort();
  return times[times.length - 1];
}

export function everyoneAnswered(round: Round): boolean {
  return round.required.every((r) => hasAnsweredAll(round, r.participantId));
}

/**
 * What the round's clock and answers make due now: the reveal of a sealed round (everyone has
 * answered, or the deadline has passed) and its closing by itself. A suspended round's clock is
 * stopped; a closed one has nothing left to happen.
 */
export function dueChanges(round: Round, now: Date): { reveal: boolean; close: boolean } {
  if (round.status !== 'open') return { reveal: false, close: false };
  const reveal = round.exchange === 'sealed' && round.revealedAt === undefined && (everyoneAnswered(round) || hasPassed(round.deadline, now));
  const close = now.getTime() >= Date.parse(closesAt(round));
  return { reveal, close };
}

/**
 * Whether the round takes an answer now, and whether it comes late. A first answer after the
 * deadline is refused or accepted and flagged, by the round's late rule; an answer already given
 * can be changed only until the deadline.
 */
export function acceptsAnswer(round: Round, now: Date, editing: boolean): { late: boolean } {
  requireNotPastTime(round);
  requireNotStopped(round);
  if (!hasPassed(round.deadline, now)) return { late: false };
  if (editing) throw new CourtError('DEADLINE_PASSED', `the deadline was ${round.deadline.at}: an answer can be changed only until then`);
  if (round.late.kind === 'refuse') throw new CourtError('DEADLINE_PASSED', `the deadline was ${round.deadline.at} and this round refuses late answers; ask the court to extend it`);
  if (now.getTime() >= Date.parse(closesAt(round))) throw new CourtError('DEADLINE_PASSED', `the deadline was ${round.deadline.at} and the late window ended at ${closesAt(round)}`);
  return { late: true };
}

/** Asking for more time: only while the round runs and before its deadline. */
export function acceptsExtensionRequest(round: Round, now: Date): void {
  requireNotPastTime(round);
  requireNotStopped(round);
  if (hasPassed(round.deadline, now)) throw new CourtError('DEADLINE_PASSED', `the deadline was ${round.deadline.at}; an extension must be asked for before it passes`);
}

export function requireNotClosed(round: Round): void {
  if (round.status === 'closed' && round.closedBecause === 'settled') throw new CourtError('CASE_SETTLED', `the case settled at ${round.closedAt}; round ${round.number} closed with it`);
  if (round.status === 'closed') throw new CourtError('ROUND_CLOSED', `round ${round.number} was closed at ${round.closedAt}`);
}

/** A round its clock closed is past its time: that, not the closing, is what the writer needs to hear. */
function requireNotPastTime(round: Round): void {
  if (round.status !== 'closed' || round.closedBecause !== 'deadline') return;
  throw new CourtError(
    'DEADLINE_PASSED',
    round.late.kind === 'refuse'
      ? `the deadline was ${round.deadline.at} and this round refuses late answers; it closed then`
      : `the deadline was ${round.deadline.at} and the late window ended at ${closesAt(round)}; the round closed then`,
  );
}

function requireNotStopped(round: Round): void {
  requireNotClosed(round);
  if (round.status === 'suspended') {
    throw new CourtError('ROUND_SUSPENDED', `round ${round.number} is suspended since ${round.suspendedAt}: a party withdrew consent to the asynchronous trial`);
  }
}

function withArticle(role: CaseRole): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}
