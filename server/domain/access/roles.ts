// Who takes part in a case. Court staff hold accounts; case participants join by invitation.

export const STAFF_ROLES = ['judge', 'arbitrator', 'mediator', 'clerk'] as const;
export const PARTICIPANT_ROLES = ['claimant', 'respondent', 'counsel', 'witness', 'interpreter', 'observer'] as const;
export const CASE_ROLES = [...STAFF_ROLES, ...PARTICIPANT_ROLES] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type CaseRole = (typeof CASE_ROLES)[number];

export function isStaffRole(role: CaseRole): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}
