// A case: what the dispute is called, the languages it is conducted in, and where it stands.
import type { DisputeStage } from './disputeStage.js';
import type { CaseSettlement } from './settlement.js';

export interface CourtCase {
  readonly id: string;
  readonly title: string;
  /** BCP 47 tags; the first is the language of the proceedings. */
  readonly languages: readonly string[];
  readonly stage: DisputeStage;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Set when the parties settle: the case is closed (settlement.ts). */
  readonly settlement?: CaseSettlement;
}
