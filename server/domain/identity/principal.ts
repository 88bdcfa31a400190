// Who is making a request, as established by a verified session token. Court staff act through
// their account; case participants are bound to the one case their invitation was for.
import type { StaffRole } from '../access/roles.js';

export type Principal =
  | { readonly kind: 'staff'; readonly accountId: string; readonly displayName: string; readonly staffRole: StaffRole; readonly sessionId: string }
  | { readonly kind: 'participant'; readonly participantId: string; readonly caseId: string; readonly displayName: string; readonly sessionId: string };

/** How the record names an actor: stable across renames. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'staff' ? `account:${principal.accountId}` : `participant:${principal.participantId}`;
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  readonly ip: string;
  readonly userAgent: string;
  readonly via: 'rest' | 'socket' | 'cli';
}
