// Every acknowledgement in CrossCourt's signalling has this shape. Type-only: imported by the
// browser client as well as the server.

/** Stable, machine-readable error codes. A client may branch on these; never rename one. */
export type ErrorCode =
  | 'INVALID_PAYLOAD'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'MISSING_ACK'
  | 'NOT_IN_HEARING'
  | 'ALREADY_JOINED'
  | 'HEARING_ROOM_UNAVAILABLE'
  | 'TRANSPORT_NOT_FOUND'
  | 'NOT_YOUR_TRANSPORT'
  | 'TRANSPORT_DIRECTION_MISMATCH'
  | 'TRANSPORT_LIMIT_REACHED'
  | 'PRODUCER_NOT_FOUND'
  | 'NOT_YOUR_PRODUCER'
  | 'PRODUCER_LIMIT_REACHED'
  | 'CONSUMER_NOT_FOUND'
  | 'NOT_YOUR_CONSUMER'
  | 'CANNOT_CONSUME'
  | 'CANNOT_CONSUME_OWN_PRODUCER'
  | 'MEDIA_REJECTED'
  | 'SERVER_SHUTTING_DOWN'
  | 'INTERNAL_ERROR'
  // Sessions and accounts
  | 'UNAUTHENTICATED'
  | 'SESSION_EXPIRED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'TOO_MANY_ATTEMPTS'
  | 'REFRESH_TOKEN_INVALID'
  | 'USERNAME_TAKEN'
  // Invitations
  | 'INVITATION_INVALID'
  | 'INVITATION_EXPIRED'
  | 'INVITATION_USED'
  | 'INVITATION_REVOKED'
  | 'INVITATION_NOT_FOUND'
  // Cases and participants
  | 'CASE_NOT_FOUND'
  | 'NOT_A_CASE_PARTICIPANT'
  | 'PARTICIPANT_NOT_FOUND'
  | 'ACCOUNT_NOT_FOUND'
  | 'ALREADY_A_PARTICIPANT'
  | 'NOT_YOUR_WORKING_HOURS'
  | 'STAGE_TRANSITION_NOT_ALLOWED'
  | 'RECORD_CHANGED'
  // Evidence
  | 'EVIDENCE_NOT_FOUND'
  | 'EVIDENCE_ALREADY_FILED'
  | 'EVIDENCE_ALREADY_WITHDRAWN'
  | 'NOT_YOUR_EVIDENCE'
  | 'EVIDENCE_TOO_LARGE'
  | 'EVIDENCE_EMPTY'
  | 'UPLOAD_TRUNCATED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONTENT_TYPE_MISMATCH'
  | 'RANGE_NOT_SATISFIABLE'
  // Documents
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_NOT_RELEASED'
  | 'DOCUMENT_ALREADY_RELEASED'
  | 'DOCUMENT_NOT_RELEASABLE'
  | 'DOCUMENT_VERSION_NOT_FOUND'
  | 'DOCUMENT_LOCKED'
  | 'DOCUMENT_ALREADY_LOCKED'
  | 'DOCUMENT_NOT_LOCKED'
  | 'DOCUMENT_ALREADY_SIGNED'
  | 'NOT_A_REQUIRED_SIGNER'
  | 'NOT_YOUR_SIGNATURE'
  | 'SIGNATURE_INVALID'
  | 'SIGNING_KEY_ALREADY_SET'
  | 'SIGNING_KEY_NOT_FOUND'
  // Ledger
  | 'PROOF_OUT_OF_RANGE'
  // Hearings and courtroom control
  | 'HEARING_NOT_FOUND'
  | 'HEARING_PHASE_NOT_ALLOWED'
  | 'HEARING_NOT_OPEN'
  | 'HEARING_ADJOURNED'
  | 'HEARING_LOCKED'
  | 'REMOVED_FROM_HEARING'
  | 'NOT_PRESIDING'
  | 'NOT_IN_LOBBY'
  | 'NOT_ADMITTED'
  | 'MUTED_BY_COURT'
  | 'FLOOR_NOT_GIVEN'
  | 'CONSULTATION_NOT_FOUND'
  | 'NOT_IN_SAME_ROOM'
  | 'OATH_NOT_FOUND'
  | 'NOT_PRESENTER'
  | 'NOTHING_PRESENTED';

export interface AckError {
  code: ErrorCode;
  /** Says what was wrong and what to do about it, in English, for logs and developers. */
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

export type AckCallback<T> = (response: Ack<T>) => void;
