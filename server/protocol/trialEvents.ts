// What the server pushes about the asynchronous trial, on each participant's own channel (so a
// push is that participant's view, filtered by the same sealing rules as REST). Type-only: the
// browser client imports it; socket.io's Server generics make the compiler check the server.
import type { TrialMode } from '../domain/trial/consent.js';
import type { ClaimsAnalysisView, ClaimsView } from './claimSchemas.js';
import type { CrossExaminationView } from './crossExaminationSchemas.js';
import type { OffersView } from './offerSchemas.js';
import type { DeadlineViewShape, RoundView } from './trialSchemas.js';

export interface RoundReminder {
  caseId: string;
  roundId: string;
  number: number;
  title: string;
  /** The deadline on your clock, and how long is left. */
  deadline: DeadlineViewShape;
  minutesBefore: number;
  /** Questions you (or the party you answer for) have not answered yet. */
  unanswered: number;
}

export interface TrialServerToClientEvents {
  /** A round that asks you to answer was opened: this push is its service on you. */
  'round:served': (event: { caseId: string; round: RoundView }) => void;
  /** A round you can see changed (an answer, a reveal, a new deadline, closed…): your view of it now. */
  'round:changed': (event: { caseId: string; round: RoundView }) => void;
  /** Your deadline is near and you have not answered every question. */
  'round:reminder': (reminder: RoundReminder) => void;
  /** A post was added to an evidence item's cross-examination: the thread now. */
  'evidence:crossExamined': (event: { caseId: string; crossExamination: CrossExaminationView }) => void;
  /** Claims were stated or answered: the claims now, and (to the court) the analysis derived from them. */
  'claims:changed': (event: { caseId: string; claims: ClaimsView; analysis?: ClaimsAnalysisView }) => void;
  /** An offer was made, countered, rejected or accepted (to the parties and the mediator): the offers now, and the settlement if it settled. */
  'offers:changed': (event: { caseId: string; offers: OffersView }) => void;
  /** The case moved between live hearings and the asynchronous trial. */
  'trial:mode': (event: { caseId: string; mode: TrialMode; modeSince?: string }) => void;
}
