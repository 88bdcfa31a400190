// Claims and issues: the claimant states its claims as a list; each respondent a claim is against
// answers it — admits, denies or partly admits it, with reasons and references to evidence of the
// case — and may change its answer (every version stays on the ledger). From what the parties
// said, and from nothing else, the court is shown the undisputed facts (claims admitted by every
// respondent they are against, and the admitted part of a partly admitted claim) and the issues
// in dispute (claims someone denied or only partly admitted). This is the honest core of
// "intelligent case analysis": every line of it quotes a party; nothing is inferred or invented.
import type { CaseParticipant } from '../cases/caseParticipant.js';
import { CourtError } from '../CourtError.js';

export const POSITIONS = ['admit', 'deny', 'partlyAdmit'] as const;
export type Position = (typeof POSITIONS)[number];

export const MAX_CLAIMS = 100;
export const MAX_CLAIMS_PER_STATEMENT = 50;
export const MAX_CLAIM_CHARS = 4000;
export const MAX_CLAIM_REASONS_CHARS = 8000;
export const MAX_CLAIM_EVIDENCE = 20;
export const MAX_RESPONSE_VERSIONS = 50;

export interface Claim {
  readonly id: string;
  /** 1, 2, 3… in the order stated. */
  readonly number: number;
  readonly text: string;
  readonly language: string;
  /** The respondents (participant ids) it is made against. */
  readonly against: readonly string[];
  readonly statedBy: string;
  readonly statedByName: string;
  readonly statedAt: string;
  readonly ledgerSeq: number;
}

export interface ClaimResponseInput {
  readonly position: Position;
  /** Why: required for a denial or a partial admission. */
  readonly reasons?: string;
  /** partlyAdmit: what the respondent admits of the claim, in its words. */
  readonly admittedPart?: string;
  readonly language: string;
  /** Evidence ids of this case the respondent relies on. */
  readonly evidence: readonly string[];
}

export interface ClaimResponse extends ClaimResponseInput {
  readonly claimId: string;
  /** The respondent it is the answer of. */
  readonly respondentId: string;
  readonly respondentName: string;
  readonly version: number;
  readonly by: string;
  readonly byName: string;
  readonly at: string;
  readonly ledgerSeq: number;
}

/** The claims of a case and the current answer of each respondent to each (claimId → respondentId → answer). */
export interface ClaimsRecord {
  readonly caseId: string;
  readonly claims: readonly Claim[];
  readonly responses: Readonly<Record<string, Readonly<Record<string, ClaimResponse>>>>;
}

export function emptyClaims(caseId: string): ClaimsRecord {
  return { caseId, claims: [], responses: {} };
}

const isParty = (p: Pick<CaseParticipant, 'role'>) => p.role === 'claimant' || p.role === 'respondent';

/** Claims are stated by the claimant's side: a claimant, or counsel for the claimants. */
export function requireClaimantSide(writer: Pick<CaseParticipant, 'role' | 'side'>): void {
  if (writer.side !== 'claimant' || !(isParty(writer) || writer.role === 'counsel')) {
    throw new CourtError('NOT_THE_CLAIMANT', 'claims are stated by the claimant (or its counsel); the respondent answers them');
  }
}

/** Whom new claims are against: the named respondents of the case, or (none named) every current respondent. */
export function respondentsAgainst(participants: readonly CaseParticipant[], named: readonly string[] | undefined): string[] {
  const respondents = participants.filter((p) => p.role === 'respondent' && p.removedAt === undefined);
  if (named === undefined || named.length === 0) {
    if (respondents.length === 0) throw new CourtError('PARTICIPANT_NOT_FOUND', 'this case has no respondent yet to make claims against; the court adds the respondent first');
    return respondents.map((p) => p.id);
  }
  if (new Set(named).size !== named.length) throw new CourtError('INVALID_PAYLOAD', 'body.against: name each respondent once');
  named.forEach((id, i) => {
    if (!respondents.some((p) => p.id === id)) throw new CourtError('PARTICIPANT_NOT_FOUND', `body.against.${i}: this case has no respondent ${id}`);
  });
  return [...named];
}

export function requireRoomForClaims(record: ClaimsRecord, adding: number): void {
  if (record.claims.length + adding > MAX_CLAIMS) throw new CourtError('INVALID_PAYLOAD', `a case holds at most ${MAX_CLAIMS} claims; it has ${record.claims.length}`);
}

export function findClaim(record: ClaimsRecord, claimId: string): Claim {
  const claim = record.claims.find((c) => c.id === claimId);
  if (claim === undefined) throw new CourtError('CLAIM_NOT_FOUND', `this case has no claim ${claimId}`);
  return claim;
}

/**
 * Whose answer the writer gives: their own as a respondent the claim is against, or — as counsel
 * for the respondents — that of a respondent the claim is against (named with `for` when the
 * claim is against several). Anyone else is refused with NOT_THE_RESPONDENT.
 */
export function responderFor(writer: Pick<CaseParticipant, 'id' | 'role' | 'side'>, claim: Claim, forId: string | undefined): string {
  if (writer.role === 'respondent') {
    if (forId !== undefined && forId !== writer.id) throw new CourtError('NOT_THE_RESPONDENT', 'a respondent answers only for itself; leave out "for"');
    if (!claim.against.includes(writer.id)) throw new CourtError('NOT_THE_RESPONDENT', `claim ${claim.number} is not made against you`);
    return writer.id;
  }
  if (writer.role === 'counsel' && writer.side === 'respondent') {
    const target = forId ?? (claim.against.length === 1 ? claim.against[0] : undefined);
    if (target === undefined) throw new CourtError('INVALID_PAYLOAD', `body.for: claim ${claim.number} is against several respondents; say which one you answer for`);
    if (!claim.against.includes(target)) throw new CourtError('NOT_THE_RESPONDENT', `claim ${claim.number} is not made against ${target}`);
    return target;
  }
  throw new CourtError('NOT_THE_RESPONDENT', 'claims are answered by the respondents they are made against (or their counsel)');
}

/** A denial and a partial admission say why; a partial admission also says what it admits. */
export function requireCompleteResponse(input: ClaimResponseInput): void {
  if (input.position !== 'admit' && (input.reasons === undefined || input.reasons.trim() === '')) {
    throw new CourtError('INVALID_PAYLOAD', `body.reasons: ${input.position === 'deny' ? 'a denial' : 'a partial admission'} gives its reasons`);
  }
  if (input.position === 'partlyAdmit' && (input.admittedPart === undefined || input.admittedPart.trim() === '')) {
    throw new CourtError('INVALID_PAYLOAD', 'body.admittedPart: a partial admission says what it admits');
  }
  if (input.position !== 'partlyAdmit' && input.admittedPart !== undefined) {
    throw new CourtError('INVALID_PAYLOAD', 'body.admittedPart: only a partial admission (partlyAdmit) names an admitted part');
  }
}

/** What the evidence rule looks at in an evidence item. */
export interface ReferableEvidence {
  readonly caseId: string;
  readonly withdrawnAt?: string;
}

/** A response refers to evidence of its own case that is on the record (a sealed item it cannot see is passed as undefined). */
export function requireReferable(item: ReferableEvidence | undefined, evidenceId: string, caseId: string, index: number): void {
  if (item === undefined || item.caseId !== caseId) throw new CourtError('EVIDENCE_NOT_FOUND', `body.evidence.${index}: this case has no evidence ${evidenceId}`);
  if (item.withdrawnAt !== undefined) throw new CourtError('EVIDENCE_ALREADY_WITHDRAWN', `body.evidence.${index}: evidence ${evidenceId} was withdrawn at ${item.withdrawnAt}`);
}

// ---------------------------------------------------------------------------------------------
// The analysis

/** A respondent's word on a claim, as the analysis quotes it. */
export interface Stated {
  readonly respondentId: string;
  readonly respondentName: string;
  readonly position: Position;
  readonly reasons?: string;
  readonly admittedPart?: string;
  readonly evidence: readonly string[];
  readonly at: string;
  readonly ledgerSeq: number;
}

export interface UndisputedFact {
  readonly claimId: string;
  readonly number: number;
  /** The claim's text, or (partly admitted) the admitted part in the respondent's words. */
  readonly text: string;
  /** Admitted in full by every respondent, or only in part. */
  readonly basis: 'admitted' | 'partlyAdmitted';
  readonly admittedBy: readonly Stated[];
}

export interface IssueInDispute {
  readonly claimId: string;
  readonly number: number;
  readonly claim: string;
  /** Denied by someone, or only partly admitted. */
  readonly kind: 'denied' | 'partlyAdmitted';
  /** Every respondent's position on it (the admitting ones too), as they stated it. */
  readonly positions: readonly Stated[];
  /** Evidence either side relies on for this issue: the respondents' references. */
  readonly evidence: readonly string[];
}

export interface ClaimAwaiting {
  readonly claimId: string;
  readonly number: number;
  readonly claim: string;
  /** Respondents who have not answered it yet. */
  readonly awaiting: readonly string[];
}

export interface ClaimsAnalysis {
  readonly undisputedFacts: readonly UndisputedFact[];
  readonly issuesInDispute: readonly IssueInDispute[];
  readonly unanswered: readonly ClaimAwaiting[];
}

function stated(r: ClaimResponse): Stated {
  return {
    respondentId: r.respondentId,
    respondentName: r.respondentName,
    position: r.position,
    ...(r.reasons === undefined ? {} : { reasons: r.reasons }),
    ...(r.admittedPart === undefined ? {} : { admittedPart: r.admittedPart }),
    evidence: [...r.evidence],
    at: r.at,
    ledgerSeq: r.ledgerSeq,
  };
}

/**
 * The undisputed facts and the issues in dispute, derived from the claims and the current answers
 * only. A claim stays "unanswered" until every respondent it is against has answered it: silence
 * is not taken as admission. Once all have answered, a claim every one of them admitted is an
 * undisputed fact; a claim anyone denied or only partly admitted is an issue in dispute, and the
 * part a respondent admitted (in its own words) is an undisputed fact beside it when every other
 * respondent admitted the claim in full.
 */
export function analyseClaims(record: ClaimsRecord): ClaimsAnalysis {
  const undisputedFacts: UndisputedFact[] = [];
  const issuesInDispute: IssueInDispute[] = [];
  const unanswered: ClaimAwaiting[] = [];
  for (const claim of record.claims) {
    const given = record.responses[claim.id] ?? {};
    const awaiting = claim.against.filter((id) => given[id] === undefined);
    if (awaiting.length > 0) {
      unanswered.push({ claimId: claim.id, number: claim.number, claim: claim.text, awaiting });
      continue;
    }
    const positions = claim.against.map((id) => stated(given[id]!));
    if (positions.every((p) => p.position === 'admit')) {
      undisputedFacts.push({ claimId: claim.id, number: claim.number, text: claim.text, basis: 'admitted', admittedBy: positions });
      continue;
    }
    const denied = positions.some((p) => p.position === 'deny');
    issuesInDispute.push({
      claimId: claim.id,
      number: claim.number,
      claim: claim.text,
      kind: denied ? 'denied' : 'partlyAdmitted',
      positions,
      evidence: [...new Set(positions.flatMap((p) => p.evidence))],
    });
    // An admitted part is undisputed only when every other respondent admitted the whole claim:
    // two respondents admitting different parts have not agreed on either.
    for (const p of positions.filter((q) => q.position === 'partlyAdmit')) {
      if (positions.every((q) => q === p || q.position === 'admit')) {
        undisputedFacts.push({ claimId: claim.id, number: claim.number, text: p.admittedPart!, basis: 'partlyAdmitted', admittedBy: [p] });
      }
    }
  }
  return { undisputedFacts, issuesInDispute, unanswered };
}
