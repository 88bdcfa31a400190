// Invitations: how a case participant (party, counsel, witness, interpreter, observer) comes in.
// The link carries a signed token bound to one case, one participant and one role; it expires,
// is redeemable once (a versioned write, so two redemptions racing cannot both win) and can be
// revoked by staff before it is used.
import { randomUUID } from 'node:crypto';
import type { CaseRole } from '../domain/access/roles.js';
import { CourtError } from '../domain/CourtError.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { signedClaims, signToken, verifyToken } from './sessionTokens.js';

export interface Invitation {
  readonly id: string;
  readonly caseId: string;
  readonly participantId: string;
  readonly role: CaseRole;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly expiresAt: string;
  readonly redeemedAt?: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
}

export type InvitationStatus = 'open' | 'redeemed' | 'revoked' | 'expired';

const INVITATION = 'invitation';

export class Invitations {
  readonly #store: RecordStore;
  readonly #key: Uint8Array;
  readonly #now: () => Date;

  constructor(store: RecordStore, key: Uint8Array, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#key = key;
    this.#now = now;
  }

  /** A new invitation record and its token. The caller commits `put` (with its ledger/audit lines). */
  async prepare(input: { caseId: string; participantId: string; role: CaseRole; createdBy: string; validForSeconds: number }) {
    const now = this.#now();
    const expires = new Date(now.getTime() + input.validForSeconds * 1000);
    const invitation: Invitation = {
      id: randomUUID(),
      caseId: input.caseId,
      participantId: input.participantId,
      role: input.role,
      createdAt: toUtcTimestamp(now),
      createdBy: input.createdBy,
      expiresAt: toUtcTimestamp(expires),
    };
    const claims = { jti: invitation.id, case: input.caseId, sub: input.participantId, role: input.role };
    const token = await signToken(this.#key, 'crosscourt-invitation+jwt', claims, now, expires);
    const put = { kind: INVITATION, id: invitation.id, value: invitation, expectedVersion: 0, indexes: [`case:${input.caseId}`] };
    return { invitation, token, put };
  }

  async get(invitationId: string): Promise<{ invitation: Invitation; version: number } | undefined> {
    const stored = await this.#store.getRecord<Invitation>(INVITATION, invitationId);
    return stored === undefined ? undefined : { invitation: stored.value, version: stored.version };
  }

  async ofCase(caseId: string): Promise<Invitation[]> {
    return (await this.#store.listRecords<Invitation>(INVITATION, `case:${caseId}`)).map((r) => r.value);
  }

  /** The case and invitation a genuine token (even an expired one) is for; undefined if forged. */
  async claimsOf(token: string): Promise<{ caseId: string; invitationId: string } | undefined> {
    const claims = typeof token === 'string' ? signedClaims(this.#key, 'crosscourt-invitation+jwt', token) : undefined;
    return typeof claims?.case === 'string' && typeof claims.jti === 'string' ? { caseId: claims.case, invitationId: claims.jti } : undefined;
  }

  statusOf(invitation: Invitation): InvitationStatus {
    if (invitation.revokedAt !== undefined) return 'revoked';
    if (invitation.redeemedAt !== undefined) return 'redeemed';
    return Date.parse(invitation.expiresAt) <= this.#now().getTime() ? 'expired' : 'open';
  }

  /**
   * Checks a presented token and returns the invitation with the write that marks it redeemed;
   * committing that write (expected version) is what makes redemption once-only.
   */
  async prepareRedemption(token: string) {
    if (typeof token !== 'string' || token === '') throw new CourtError('INVITATION_INVALID', 'open the invitation link you were sent; it carries the invitation');
    const claims = verifyToken(this.#key, 'crosscourt-invitation+jwt', token, this.#now(), { invalid: 'INVITATION_INVALID', expired: 'INVITATION_EXPIRED' }, 'invitation');
    const found = typeof claims.jti === 'string' ? await this.get(claims.jti) : undefined;
    if (found === undefined) throw new CourtError('INVITATION_INVALID', 'the invitation is not valid (it is not known to this court)');
    const { invitation, version } = found;
    if (invitation.caseId !== claims.case || invitation.participantId !== claims.sub || invitation.role !== claims.role) {
      throw new CourtError('INVITATION_INVALID', 'the invitation is not valid (it does not match the record)');
    }
    requireOpen(this.statusOf(invitation));
    const redeemed: Invitation = { ...invitation, redeemedAt: toUtcTimestamp(this.#now()) };
    return { invitation, put: { kind: INVITATION, id: invitation.id, value: redeemed, expectedVersion: version } };
  }

  /** The write that revokes an open invitation. */
  async prepareRevocation(caseId: string, invitationId: string, revokedBy: string) {
    const found = await this.get(invitationId);
    if (found === undefined || found.invitation.caseId !== caseId) throw new CourtError('INVITATION_NOT_FOUND', `this case has no invitation ${invitationId}`);
    requireOpen(this.statusOf(found.invitation));
    const revoked: Invitation = { ...found.invitation, revokedAt: toUtcTimestamp(this.#now()), revokedBy };
    return { invitation: revoked, put: { kind: INVITATION, id: invitationId, value: revoked, expectedVersion: found.version } };
  }
}

function requireOpen(status: InvitationStatus): void {
  if (status === 'redeemed') throw new CourtError('INVITATION_USED', 'this invitation has already been used; ask the court for a new one');
  if (status === 'revoked') throw new CourtError('INVITATION_REVOKED', 'this invitation was withdrawn by the court; ask the court for a new one');
  if (status === 'expired') throw new CourtError('INVITATION_EXPIRED', 'this invitation has expired; ask the court for a new one');
}

/** Maps a lost race on the invitation record to the error the loser should see. */
export function redemptionConflict(error: unknown): unknown {
  return error instanceof RecordConflictError ? new CourtError('INVITATION_USED', 'this invitation has already been used; ask the court for a new one') : error;
}
