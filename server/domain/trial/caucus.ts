// The mediator's caucus: in mediation, the mediator may talk to each side privately. A caucus is a
// round like any other (questions, answers, deadline, reads, reminders) with one more field,
// `privateTo`: the side it is held with. It exists only for that side and the mediator — listed,
// read, answered, pushed and reminded to nobody else (exchangeRule.ts, roundVisibleTo), not the
// other side, not the judge or arbitrator who may later decide the case, not the clerk,
// interpreters, witnesses or the gallery. The series of caucus rounds with a side is the
// private channel with it.
//
// The ledger is public to everyone in the case, so a caucus puts only its shape there (that a
// round with that side was opened, answered, closed, and when) and, for its words — title,
// questions, answers, reasons — a salted commitment made with the round's nonce, which only those
// who see the round are shown. Sealing has no one to seal from within one side, timed questions
// publish their text on the ledger once opened, and evidence belongs in the open record: a caucus
// takes none of them.
import { CourtError } from '../CourtError.js';
import type { CaseSide } from '../cases/caseParticipant.js';
import type { DisputeStage } from '../cases/disputeStage.js';
import type { JsonValue } from '../ledger/canonicalJson.js';
import type { ExchangeRule } from './exchangeRule.js';
import type { RequiredParticipant, Round } from './round.js';

/** Fields of a round's ledger entries that carry words, not just the shape of what happened. */
const WORDS = ['title', 'questions', 'reason', 'text'] as const;

export interface CaucusRequest {
  readonly stage: DisputeStage;
  readonly privateTo: CaseSide;
  readonly required: readonly RequiredParticipant[];
  readonly exchange: ExchangeRule;
  readonly timedQuestions: number;
}

/** A caucus is opened by the mediator, in mediation, with the members of one side only. */
export function requireCaucus(request: CaucusRequest): void {
  if (request.stage !== 'mediation') {
    throw new CourtError('CAUCUS_NOT_ALLOWED', `a private caucus with one side is held only in mediation; in ${request.stage} the court hears both sides together`);
  }
  const outsider = request.required.find((r) => r.side !== request.privateTo);
  if (outsider !== undefined) {
    throw new CourtError('INVALID_PAYLOAD', `body.required: a caucus with the ${request.privateTo} asks only its members; ${outsider.displayName} is not on that side`);
  }
  if (request.exchange !== 'sequential') throw new CourtError('INVALID_PAYLOAD', 'body.exchange: a caucus is private to one side already; open it "sequential"');
  if (request.timedQuestions > 0) throw new CourtError('INVALID_PAYLOAD', 'body.questions: a caucus takes no timed questions (their text is published on the ledger once opened)');
}

/** Evidence is filed in the open record, not in a caucus. */
export function requireNoCaucusEvidence(round: Pick<Round, 'privateTo' | 'number'>, attachments: number): void {
  if (round.privateTo === undefined || attachments === 0) return;
  throw new CourtError('INVALID_PAYLOAD', `round ${round.number} is a private caucus: it takes no evidence; file evidence in the open record`);
}

/**
 * What a round's ledger entry says: as given for an open round; for a caucus, without its words,
 * which are replaced by one salted commitment (`wordsCommitment`) made with the round's nonce.
 */
export function caucusLedgerPayload(
  round: Pick<Round, 'privateTo' | 'caucusNonce'>,
  payload: { readonly [key: string]: JsonValue },
  commit: (content: { readonly [key: string]: JsonValue }, nonce: string) => string,
): { [key: string]: JsonValue } {
  if (round.privateTo === undefined) return { ...payload };
  const words: { [key: string]: JsonValue } = {};
  const shape: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(payload)) {
    if ((WORDS as readonly string[]).includes(key)) words[key] = value;
    else shape[key] = value;
  }
  return { ...shape, privateTo: round.privateTo, ...(Object.keys(words).length === 0 ? {} : { wordsCommitment: commit(words, round.caucusNonce ?? '') }) };
}
