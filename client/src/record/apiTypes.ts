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
import type { CaseAction } from '../../../server/domain/access/permissions.js';
import type { CaseRole, ParticipantRole, StaffRole } from '../../../server/domain/access/roles.js';
import type { DisputeStage } from '../../../server/domain/cases/disputeStage.js';
import type { HearingPhase } from '../../../server/domain/hearing/hearingPhase.js';
import type { EvidenceMediaType } from '../../../server/domain/evidence/evidenceTypes.js';
import type { ErrorCode } from '../../../server/protocol/ack.js';

export type {
  CaseView,
  EvidenceView,
  HearingView,
  InvitationView,
  ParticipantView,
  PrincipalView,
  SessionView,
  TreeHeadView,
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

// The role and stage lists are values on the server; the client keeps its own copies, checked
// against the server's types both ways (a missing or unknown member does not compile).
const exactly =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'missing a member')) =>
    list;

export const STAFF_ROLES = exactly<StaffRole>()(['judge', 'arbitrator', 'mediator', 'clerk']);
export const PARTICIPANT_ROLES = exactly<ParticipantRole>()(['claimant', 'respondent', 'counsel', 'witness', 'interpreter', 'observer']);
export const DISPUTE_STAGES = exactly<DisputeStage>()(['negotiation', 'mediation', 'arbitration', 'trial']);
export const EVIDENCE_MEDIA_TYPES = exactly<EvidenceMediaType>()([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'audio/mpeg',
  'audio/ogg',
  'video/ogg',
  'audio/wav',
  'video/webm',
  'audio/webm',
  'video/mp4',
  'audio/mp4',
  'text/plain',
]);

export function isStaffRole(role: CaseRole): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}


/** Mirrors server/domain/cases/disputeStage.ts: a case moves forward only. */

/** An application/problem+json body; `code` may also be one of the generic HTTP ones. */
export interface ProblemBody {
  code: ErrorCode | 'NOT_FOUND' | 'BAD_REQUEST';
  detail: string;
  status: number;
}
