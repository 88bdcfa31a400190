// The asynchronous trial of a case, assembled: consent (TrialConsent), rounds with their
// deadlines, service, reads, reveals and closing (TrialRounds), answers with their versions
// and attachments (TrialAnswers), the cross-examination of evidence (EvidenceCrossExamination)
// and claims with the issues they leave in dispute (CaseClaims), over one store, the case's gate
// and its ledger. The observer tells the rest of the node (socket pushes, the court's clock) what
// changed, after it is durable.
import { EventEmitter } from 'node:events';
import type { TrialState } from '../domain/trial/consent.js';
import { dueChanges } from '../domain/trial/round.js';
import type { RecordStore } from '../store/RecordStore.js';
import type { CaseAccess } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';
import type { EvidenceLocker } from './EvidenceLocker.js';
import { CaseClaims } from './CaseClaims.js';
import { CaseOffers } from './CaseOffers.js';
import { EvidenceCrossExamination } from './EvidenceCrossExamination.js';
import { TrialAnswers } from './TrialAnswers.js';
import { TrialConsent } from './TrialConsent.js';
import { TrialRounds } from './TrialRounds.js';
import { TrialRecords } from './trialRecords.js';

export interface AsyncTrialEvents {
  /** The case moved between live hearings and the asynchronous trial. */
  modeChanged: [caseId: string, state: TrialState];
  /** A round was opened (and so served on the participants it asks to answer). */
  roundOpened: [caseId: string, roundId: string];
  /** Anything about a round changed: an answer, a read, a reveal, a deadline, its status. */
  roundChanged: [caseId: string, roundId: string];
  /** A post was added to the cross-examination of an evidence item. */
  crossExaminationChanged: [caseId: string, evidenceId: string];
  /** Claims were stated, or a respondent answered one: the analysis changed with them. */
  claimsChanged: [caseId: string];
  /** An offer was made, countered, rejected or accepted (and so, perhaps, the case settled). */
  offersChanged: [caseId: string];
  /** A reveal or close the clock made due could not be written; the next check tries again. */
  settleFailed: [caseId: string, roundId: string, error: unknown];
}

/** What the trial's services share. */
export interface TrialServices {
  readonly store: RecordStore;
  readonly access: CaseAccess;
  readonly ledger: CaseLedger;
  readonly evidence: EvidenceLocker;
  readonly records: TrialRecords;
  readonly now: () => Date;
  readonly observer: EventEmitter<AsyncTrialEvents>;
}

export class AsyncTrial {
  readonly observer = new EventEmitter<AsyncTrialEvents>();
  readonly #records: TrialRecords;
  readonly #now: () => Date;
  readonly consent: TrialConsent;
  readonly rounds: TrialRounds;
  readonly answers: TrialAnswers;
  readonly crossExamination: EvidenceCrossExamination;
  readonly claims: CaseClaims;
  /** Offers and counter-offers, and the settlement that ends the case. */
  readonly offers: CaseOffers;

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; evidence: EvidenceLocker; now: () => Date }) {
    const shared: TrialServices = { ...services, records: new TrialRecords(services.store), observer: this.observer };
    this.#records = shared.records;
    this.#now = services.now;
    this.consent = new TrialConsent(shared);
    this.rounds = new TrialRounds(shared);
    this.answers = new TrialAnswers(shared, this.rounds);
    this.crossExamination = new EvidenceCrossExamination(shared);
    this.claims = new CaseClaims(shared);
    this.offers = new CaseOffers(shared);
  }

  /**
   * Settles every round of the case that its clock has made due (a reveal, a close at the
   * deadline), so the case's timeline never shows a round its deadline has already ended as open.
   */
  async settleCase(caseId: string): Promise<void> {
    const now = this.#now();
    for (const { value: round } of await this.#records.roundsOf(caseId)) {
      const due = dueChanges(round, now);
      if (due.reveal || due.close) await this.rounds.settle(caseId, round.id);
    }
  }
}
