// The shapes the case record API sends and accepts, taken (types only) from the server's zod
// schemas, so a change there that the pages do not follow fails to compile here. Nothing of the
// server reaches the bundle: every import is erased.
import type { z } from 'zod';
import type {
  caseListView,
  caseWithYouView,
  entriesView,
  evidenceListView,
  inclusionView,
  issuedInvitationView,
  participantListView,
  publicKeyView,
  timelineView,
  addParticipantBody,
  createCaseBody,
  hearingListView,
  hearingRecordView,
  scheduleHearingBody,
} from '../../../server/protocol/caseRecordSchemas.js';
import type { createDocumentBody, documentListView, restoreView, signatureView, versionListView } from '../../../server/protocol/documentSchemas.js';
import type { CaseAction } from '../../../server/domain/access/permissions.js';
import type { CaseRole, ParticipantRole, StaffRole } from '../../../server/domain/access/roles.js';
import type { DisputeStage } from '../../../server/domain/cases/disputeStage.js';
import type { HearingPhase } from '../../../server/domain/hearing/hearingPhase.js';
import type { EvidenceMediaType } from '../../../server/domain/evidence/evidenceTypes.js';
import type { ErrorCode } from '../../../server/protocol/ack.js';
import type { extendRoundBody, extensionDecisionBody, openRoundBody } from '../../../server/protocol/trialSchemas.js';

export type {
  CaseView,
  EvidenceView,
  HearingView,
  InvitationView,
  ParticipantView,
  PrincipalView,
  SessionView,
  TreeHeadView,
  WorkingHoursBody,
  WorkingWeekView,
} from '../../../server/protocol/caseRecordSchemas.js';
export type { CaseAction, CaseRole, DisputeStage, ErrorCode, EvidenceMediaType, HearingPhase, ParticipantRole, StaffRole };

export type CaseWithYouView = z.infer<typeof caseWithYouView>;
export type CaseListView = z.infer<typeof caseListView>;
export type CreateCaseBody = z.input<typeof createCaseBody>;
export type AddParticipantBody = z.input<typeof addParticipantBody>;
export type ParticipantListView = z.infer<typeof participantListView>;
export type IssuedInvitationView = z.infer<typeof issuedInvitationView>;
export type TimelineView = z.infer<typeof timelineView>;
export type TimelineItem = TimelineView['items'][number];
export type EvidenceListView = z.infer<typeof evidenceListView>;
export type PublicKeyView = z.infer<typeof publicKeyView>;
export type EntriesView = z.infer<typeof entriesView>;
export type InclusionView = z.infer<typeof inclusionView>;
export type HearingListView = z.infer<typeof hearingListView>;
export type ScheduleHearingBody = z.input<typeof scheduleHearingBody>;
export type HearingRecordView = z.infer<typeof hearingRecordView>;
export type HearingRecordLine = HearingRecordView['lines'][number];
export type { DiffView, DocumentView, SignatureStatusView, VersionView } from '../../../server/protocol/documentSchemas.js';
export type VersionListView = z.infer<typeof versionListView>;
export type RestoreView = z.infer<typeof restoreView>;
export type SignatureView = z.infer<typeof signatureView>;
export type DocumentListView = z.infer<typeof documentListView>;
export type CreateDocumentBody = z.input<typeof createDocumentBody>;

// The asynchronous trial: consent, rounds, threads, answers (server/protocol/trialSchemas.ts) and
// the pushes on each participant's own channel (trialEvents.ts).
export type {
  AnswerVersionsView,
  AnswerView,
  DeadlineViewShape as DeadlineView,
  RoundSummaryView,
  RoundView,
  ThreadView,
  TrialView,
} from '../../../server/protocol/trialSchemas.js';
export type { RoundReminder, TrialServerToClientEvents } from '../../../server/protocol/trialEvents.js';
export type OpenRoundBody = z.input<typeof openRoundBody>;
export type ExtendRoundBody = z.input<typeof extendRoundBody>;
export type ExtensionDecisionBody = z.input<typeof extensionDecisionBody>;
export type { TrialStage } from '../../../server/domain/trial/round.js';
export type { ExchangeRule } from '../../../server/domain/trial/exchangeRule.js';
export { ANSWERING_ROLES, TRIAL_STAGES } from '../../../server/domain/trial/round.js';
export { EXCHANGE_RULES } from '../../../server/domain/trial/exchangeRule.js';

// The role, stage and evidence-type lists come from the server's pure domain modules (no I/O,
// nothing that needs Node), so the pages and the server cannot disagree on them.
export { isStaffRole, PARTICIPANT_ROLES, STAFF_ROLES } from '../../../server/domain/access/roles.js';
export { DISPUTE_STAGES } from '../../../server/domain/cases/disputeStage.js';
export { EVIDENCE_MEDIA_TYPES } from '../../../server/domain/evidence/evidenceTypes.js';
// Which kinds of document a role may open: the domain's own rule over the permission table.
export { DOCUMENT_KINDS, mayCreate, type DocumentKind } from '../../../server/domain/documents/documentKinds.js';

/** An application/problem+json body; `code` may also be one of the generic HTTP ones. */
export interface ProblemBody {
  code: ErrorCode | 'NOT_FOUND' | 'BAD_REQUEST';
  detail: string;
  status: number;
}

// Claims and issues, and the cross-examination of evidence (server/protocol/claimSchemas.ts,
// crossExaminationSchemas.ts), pushed as claims:changed and evidence:crossExamined.
export type { ClaimsAnalysisView, ClaimsView } from '../../../server/protocol/claimSchemas.js';
export type { CrossExaminationView } from '../../../server/protocol/crossExaminationSchemas.js';
export type ClaimView = import('../../../server/protocol/claimSchemas.js').ClaimsView['claims'][number];
export type ClaimResponseView = ClaimView['responses'][number];
export type StateClaimsBody = z.input<typeof import('../../../server/protocol/claimSchemas.js').stateClaimsBody>;
export type ClaimAnswerBody = z.input<typeof import('../../../server/protocol/claimSchemas.js').claimAnswerBody>;
export type CrossExaminationPostBody = z.input<typeof import('../../../server/protocol/crossExaminationSchemas.js').crossExaminationPostBody>;
export type CrossExaminationListView = z.infer<typeof import('../../../server/protocol/crossExaminationSchemas.js').crossExaminationListView>;
export type ExaminationPostView = import('../../../server/protocol/crossExaminationSchemas.js').CrossExaminationView['posts'][number];
export { EXAMINATION_POINTS, STANCES, type ExaminationPoint, type Stance } from '../../../server/domain/trial/crossExamination.js';
export { POSITIONS, type Position } from '../../../server/domain/trial/claims.js';

// Offers and settlement (server/protocol/offerSchemas.ts), pushed as offers:changed to the parties
// and the mediator; an accepted offer settles the case (CaseView.settlement).
export type { OffersView } from '../../../server/protocol/offerSchemas.js';
export type OfferView = import('../../../server/protocol/offerSchemas.js').OffersView['offers'][number];
export type SettlementView = NonNullable<import('../../../server/protocol/offerSchemas.js').OffersView['settlement']>;
export type OfferBody = z.input<typeof import('../../../server/protocol/offerSchemas.js').offerBody>;
export { AMOUNT, CURRENCY, OFFER_STATUSES, type OfferStatus } from '../../../server/domain/trial/offer.js';
// The stage says who presides (and may move part of the case to a live hearing).
export { presidingRoleOf } from '../../../server/domain/trial/round.js';
