// A settlement ends the case, at whatever stage it is reached (negotiation, mediation,
// arbitration or trial): the case is closed as settled, and nothing further is opened in it — no
// round, hearing, offer, stage change or claim. What the parties agreed stays theirs (an accepted
// offer, domain/trial/offer.ts); the case and the ledger say only that, when and at which stage
// it settled, with a salted commitment to the terms.
import { CourtError } from '../CourtError.js';
import type { DisputeStage } from './disputeStage.js';

export interface CaseSettlement {
  readonly at: string;
  /** The dispute stage the case was at when it settled. */
  readonly stage: DisputeStage;
  /** The accepted offer. */
  readonly offerId: string;
  /** Its commitment on the ledger (the terms themselves are for the parties and the mediator). */
  readonly commitment: string;
  readonly ledgerSeq: number;
}

/** Refuses anything that would carry on a case that has settled. */
export function requireNotSettled(settlement: CaseSettlement | undefined, what: string): void {
  if (settlement === undefined) return;
  throw new CourtError('CASE_SETTLED', `the case settled at ${settlement.at} (in ${settlement.stage}); it is closed, so ${what} is no longer possible`);
}
