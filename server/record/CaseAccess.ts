// The gate in front of every case: is there such a case, does the caller take part in it, and
// may their role do this (the domain's one permission table)? Every entry point — REST, socket.io,
// document sync, media — asks here. Denials are written to the audit log before they are thrown.
import { requirePermission, type CaseAction } from '../domain/access/permissions.js';
import type { CaseRole } from '../domain/access/roles.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import type { CourtCase } from '../domain/cases/courtCase.js';
import { CourtError } from '../domain/CourtError.js';
import { extended } from '../domain/extended.js';
import { actorOf, type Principal, type RequestOrigin } from '../domain/identity/principal.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { RecordStore } from '../store/RecordStore.js';
import type { AuditEntry, AuditLog } from './AuditLog.js';

export const CASE = 'case';
export const PARTICIPANT = 'participant';

/** What an authorised request knows: the case, who is acting in it, and the audit line to keep. */
export interface CaseGrant {
  readonly courtCase: CourtCase;
  readonly caseVersion: number;
  readonly participant: CaseParticipant;
  readonly role: CaseRole;
  readonly actor: string;
  /** The "allowed" audit line of this action; commit it with the change, or write it for a read. */
  readonly audit: AuditEntry;
}

export class CaseAccess {
  readonly #store: RecordStore;
  readonly #audit: AuditLog;
  readonly #now: () => Date;

  constructor(store: RecordStore, audit: AuditLog, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#audit = audit;
    this.#now = now;
  }

  async authorize(principal: Principal, caseId: string, action: CaseAction, origin: RequestOrigin, target?: string): Promise<CaseGrant> {
    const base = { at: toUtcTimestamp(this.#now()), actor: actorOf(principal), action, target, ip: origin.ip, userAgent: origin.userAgent, via: origin.via };
    const stored = await this.#store.getRecord<CourtCase>(CASE, caseId);
    if (stored === undefined) {
      await this.#audit.write(extended(base, { outcome: 'denied', code: 'CASE_NOT_FOUND' } as const));
      throw new CourtError('CASE_NOT_FOUND', `there is no case ${caseId}`);
    }
    const participant = await this.participantOf(principal, caseId);
    if (participant === undefined) {
      await this.#audit.write(extended(base, { caseId, outcome: 'denied', code: 'NOT_A_CASE_PARTICIPANT' } as const));
      throw new CourtError('NOT_A_CASE_PARTICIPANT', 'you do not take part in this case; only its participants may open it');
    }
    const withRole = extended(base, { caseId, role: participant.role });
    try {
      requirePermission(participant.role, action);
    } catch (error) {
      await this.#audit.write(extended(withRole, { outcome: 'denied', code: 'FORBIDDEN' } as const));
      throw error;
    }
    return {
      courtCase: stored.value,
      caseVersion: stored.version,
      participant,
      role: participant.role,
      actor: base.actor,
      audit: extended(withRole, { outcome: 'allowed' } as const),
    };
  }

  /**
   * For a caller already admitted to the case (e.g. in its hearing): may their role do this?
   * A denial is audited like any other.
   */
  async requireRole(principal: Principal, caseId: string, role: CaseRole, action: CaseAction, origin: RequestOrigin): Promise<void> {
    try {
      requirePermission(role, action);
    } catch (error) {
      await this.noteDenied(principal, caseId, role, action, origin, 'FORBIDDEN');
      throw error;
    }
  }

  /** Audits a refusal decided elsewhere (the courtroom: "only the presiding judge may…"). */
  async noteDenied(principal: Principal, caseId: string, role: CaseRole, action: string, origin: RequestOrigin, code: string, target?: string): Promise<void> {
    const at = toUtcTimestamp(this.#now());
    // AuditLog drops the fields left undefined.
    await this.#audit.write({ at, actor: actorOf(principal), role, action, caseId, target, outcome: 'denied', code, ip: origin.ip, userAgent: origin.userAgent, via: origin.via });
  }

  /** The caller's current (not removed) place in the case, if any. */
  async participantOf(principal: Principal, caseId: string): Promise<CaseParticipant | undefined> {
    if (principal.kind === 'participant') {
      if (principal.caseId !== caseId) return undefined;
      const stored = await this.#store.getRecord<CaseParticipant>(PARTICIPANT, principal.participantId);
      return stored !== undefined && stored.value.removedAt === undefined ? stored.value : undefined;
    }
    const places = await this.#store.listRecords<CaseParticipant>(PARTICIPANT, `account:${principal.accountId}`);
    return places.map((p) => p.value).find((p) => p.caseId === caseId && p.removedAt === undefined);
  }

  /**
   * Runs the rest of an authorised action; a refusal it meets (a rule of the record, not of the
   * table: "you cannot remove yourself", "already removed") is audited as denied, with its code.
   */
  async refusing<T>(grant: CaseGrant, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof CourtError && error.code !== 'RECORD_CHANGED') {
        await this.#audit.write({ ...grant.audit, outcome: 'denied', code: error.code });
      }
      throw error;
    }
  }

  /** Writes the audit line of a read that was allowed. */
  async noteRead(grant: CaseGrant, target?: string): Promise<void> {
    await this.#audit.write(target === undefined ? grant.audit : { ...grant.audit, target });
  }
}
