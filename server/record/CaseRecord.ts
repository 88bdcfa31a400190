// Cases and the people in them: create a case, edit it, move its dispute stage, add and remove
// participants, invite them and let them in. Every change is one commit carrying the record, its
// ledger entry (the case timeline) and its audit line.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isStaffRole, type CaseRole, type StaffRole } from '../domain/access/roles.js';
import { requireMaySetWorkingHours, sideOfRole, type CaseParticipant, type CaseSide, type LanguagePair } from '../domain/cases/caseParticipant.js';
import type { CourtCase } from '../domain/cases/courtCase.js';
import { requireStageTransition, type DisputeStage } from '../domain/cases/disputeStage.js';
import { requireNotSettled } from '../domain/cases/settlement.js';
import { CourtError } from '../domain/CourtError.js';
import { actorOf, type Principal, type RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import type { LedgerEntry } from '../domain/ledger/ledgerEntry.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import { workingWeek, type WorkingWeekInput } from '../domain/scheduling/workingHours.js';
import { redemptionConflict, type Invitation, type InvitationStatus, type Invitations } from '../identity/Invitations.js';
import type { SessionTokens, Sessions } from '../identity/Sessions.js';
import type { StaffAccounts } from '../identity/StaffAccounts.js';
import type { RecordPut, RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { auditLine, type AuditEntry, type AuditLog } from './AuditLog.js';
import { CASE, PARTICIPANT, type CaseAccess, type CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';

export interface NewCase {
  title: string;
  languages: string[];
  stage?: DisputeStage;
  /** The creating staff member's own locale and time zone in this case. */
  locale: string;
  timeZone: string;
}

export interface NewParticipant {
  role: CaseRole;
  displayName: string;
  locale: string;
  timeZone: string;
  side?: CaseSide;
  languagePair?: LanguagePair;
  /** Court staff are added by their account's user name. */
  username?: string;
}

export interface TimelineItem {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly actorName: string;
  readonly payload: JsonValue;
  /** The round, hearing or offer the entry is about. */
  readonly about?: { readonly kind: 'round' | 'hearing' | 'offer'; readonly id: string };
}

export interface IssuedInvitation {
  readonly invitation: Invitation;
  readonly token: string;
}

interface Services {
  store: RecordStore;
  access: CaseAccess;
  audit: AuditLog;
  ledger: CaseLedger;
  accounts: StaffAccounts;
  invitations: Invitations;
  sessions: Sessions;
  now: () => Date;
}

/** What other parts of the node watch for (the hearing lets a removed participant go at once). */
export interface CaseRecordEvents {
  participantRemoved: [participant: CaseParticipant];
}

export class CaseRecord {
  readonly #s: Services;
  readonly observer = new EventEmitter<CaseRecordEvents>();

  constructor(services: Services) {
    this.#s = services;
  }

  async createCase(principal: Principal, input: NewCase, origin: RequestOrigin): Promise<CourtCase> {
    if (principal.kind !== 'staff') {
      const { caseId: _own, ...denied } = this.#auditOf(principal, origin, 'case.create', principal.caseId, 'participant');
      await this.#s.audit.write({ ...denied, outcome: 'denied', code: 'FORBIDDEN' });
      throw new CourtError('FORBIDDEN', 'only court staff may open a case');
    }
    const now = toUtcTimestamp(this.#s.now());
    const actor = actorOf(principal);
    const courtCase: CourtCase = { id: randomUUID(), title: input.title, languages: input.languages, stage: input.stage ?? 'negotiation', createdAt: now, createdBy: actor };
    const creator: CaseParticipant = {
      id: randomUUID(),
      caseId: courtCase.id,
      role: principal.staffRole,
      displayName: principal.displayName,
      locale: input.locale,
      timeZone: input.timeZone,
      accountId: principal.accountId,
      addedAt: now,
      addedBy: actor,
    };
    const audit = this.#auditOf(principal, origin, 'case.create', courtCase.id, principal.staffRole);
    await this.#s.ledger.append(courtCase.id, { type: 'case.created', actor, payload: { ...caseSummary(courtCase), presiding: participantSummary(creator) } as JsonValue }, () => ({
      puts: [
        { kind: CASE, id: courtCase.id, value: courtCase, expectedVersion: 0 },
        participantPut(creator, 0),
      ],
      logs: [auditLine(audit)],
    }));
    return courtCase;
  }

  async getCase(principal: Principal, caseId: string, origin: RequestOrigin): Promise<{ courtCase: CourtCase; you: CaseParticipant }> {
    const grant = await this.#s.access.authorize(principal, caseId, 'case.view', origin);
    await this.#s.access.noteRead(grant);
    return { courtCase: grant.courtCase, you: grant.participant };
  }

  /** The cases the caller takes part in. */
  async casesOf(principal: Principal): Promise<Array<{ courtCase: CourtCase; you: CaseParticipant }>> {
    const places =
      principal.kind === 'participant'
        ? [await this.#s.access.participantOf(principal, principal.caseId)]
        : (await this.#s.store.listRecords<CaseParticipant>(PARTICIPANT, `account:${principal.accountId}`)).map((r) => r.value);
    const result: Array<{ courtCase: CourtCase; you: CaseParticipant }> = [];
    for (const you of places) {
      if (you === undefined || you.removedAt !== undefined) continue;
      const stored = await this.#s.store.getRecord<CourtCase>(CASE, you.caseId);
      if (stored !== undefined) result.push({ courtCase: stored.value, you });
    }
    return result;
  }

  async updateCase(principal: Principal, caseId: string, change: { title?: string; languages?: string[] }, origin: RequestOrigin): Promise<CourtCase> {
    return this.#changeCase(principal, caseId, 'case.edit', origin, (current) => ({
      next: { ...current, ...(change.title === undefined ? {} : { title: change.title }), ...(change.languages === undefined ? {} : { languages: change.languages }) },
      type: 'case.updated',
      payload: { ...(change.title === undefined ? {} : { title: change.title }), ...(change.languages === undefined ? {} : { languages: change.languages }) },
    }));
  }

  async changeStage(principal: Principal, caseId: string, stage: DisputeStage, origin: RequestOrigin): Promise<CourtCase> {
    return this.#changeCase(principal, caseId, 'case.changeStage', origin, (current) => {
      requireNotSettled(current.settlement, 'moving it to another stage');
      requireStageTransition(current.stage, stage);
      return { next: { ...current, stage }, type: 'case.stageChanged', payload: { from: current.stage, to: stage } };
    });
  }

  async participants(principal: Principal, caseId: string, origin: RequestOrigin): Promise<CaseParticipant[]> {
    const grant = await this.#s.access.authorize(principal, caseId, 'participant.view', origin);
    await this.#s.access.noteRead(grant);
    return this.#participantsOf(caseId);
  }

  async addParticipant(principal: Principal, caseId: string, input: NewParticipant, origin: RequestOrigin): Promise<CaseParticipant> {
    const grant = await this.#s.access.authorize(principal, caseId, 'participant.add', origin);
    const participant = await this.#s.access.refusing(grant, () => this.#newParticipant(grant, input));
    await this.#s.ledger.append(caseId, { type: 'participant.added', actor: grant.actor, payload: participantSummary(participant) }, () => ({
      puts: [participantPut(participant, 0)],
      logs: [auditLine({ ...grant.audit, target: participant.id })],
    }));
    return participant;
  }

  async removeParticipant(principal: Principal, caseId: string, participantId: string, origin: RequestOrigin): Promise<CaseParticipant> {
    const grant = await this.#s.access.authorize(principal, caseId, 'participant.remove', origin, participantId);
    const removed = await this.#s.access.refusing(grant, async () => {
      const stored = await this.#participantRecord(caseId, participantId);
      if (stored.value.id === grant.participant.id) throw new CourtError('FORBIDDEN', 'you cannot remove yourself from a case; ask another member of staff');
      if (stored.value.removedAt !== undefined) throw new CourtError('PARTICIPANT_NOT_FOUND', `this participant was already removed at ${stored.value.removedAt}`);
      const removed: CaseParticipant = { ...stored.value, removedAt: toUtcTimestamp(this.#s.now()) };
      // Their invitations that are still open go with them.
      const revocations = await this.#openInvitationsOf(caseId, participantId, grant.actor);
      await this.#commitWithEntry(
        caseId,
        { type: 'participant.removed', actor: grant.actor, payload: { participantId, role: removed.role, displayName: removed.displayName, invitationsRevoked: revocations.map((r) => r.id) } },
        [participantPut(removed, stored.version), ...revocations],
        { ...grant.audit, target: participantId },
      );
      return removed;
    });
    this.observer.emit('participantRemoved', removed);
    return removed;
  }

  /**
   * Sets when a participant can attend, in their own zone: their own hours, or (court staff)
   * anyone's. Kept off the ledger: it is a preference for arranging hearings, not part of the
   * record of the dispute, and it may change often. The audit log says who changed it and when.
   */
  async setWorkingHours(principal: Principal, caseId: string, participantId: string, hours: WorkingWeekInput, origin: RequestOrigin): Promise<CaseParticipant> {
    const grant = await this.#s.access.authorize(principal, caseId, 'participant.setWorkingHours', origin, participantId);
    const { next, version } = await this.#s.access.refusing(grant, async () => {
      const stored = await this.#participantRecord(caseId, participantId);
      if (stored.value.removedAt !== undefined) throw new CourtError('PARTICIPANT_NOT_FOUND', `this participant was removed at ${stored.value.removedAt}`);
      requireMaySetWorkingHours(grant.participant, stored.value);
      return { next: { ...stored.value, workingHours: workingWeek(hours) }, version: stored.version };
    });
    try {
      await this.#s.store.commit({ puts: [participantPut(next, version)], logs: [auditLine({ ...grant.audit, target: participantId })] });
    } catch (error) {
      if (error instanceof RecordConflictError) throw new CourtError('RECORD_CHANGED', 'someone changed this participant at the same moment; reload and try again');
      throw error;
    }
    return next;
  }

  /**
   * Remembers what a participant chose to hear in a hearing (the floor, or a language channel),
   * so that their next hearing starts there. A preference, like working hours, and one the live
   * hearing has already acted on: not on the ledger or the audit log.
   */
  async rememberListening(participantId: string, channel: string): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const stored = await this.#s.store.getRecord<CaseParticipant>(PARTICIPANT, participantId);
      if (stored === undefined || (stored.value.listening ?? 'floor') === channel) return;
      const { listening: _before, ...rest } = stored.value;
      const next: CaseParticipant = channel === 'floor' ? rest : { ...rest, listening: channel };
      try {
        await this.#s.store.commit({ puts: [participantPut(next, stored.version)] });
        return;
      } catch (error) {
        if (!(error instanceof RecordConflictError)) throw error;
      }
    }
  }

  async invite(principal: Principal, caseId: string, participantId: string, validForSeconds: number, origin: RequestOrigin): Promise<IssuedInvitation> {
    const grant = await this.#s.access.authorize(principal, caseId, 'invitation.create', origin, participantId);
    const { value: participant } = await this.#s.access.refusing(grant, async () => {
      const found = await this.#participantRecord(caseId, participantId);
      if (found.value.removedAt !== undefined) throw new CourtError('PARTICIPANT_NOT_FOUND', 'this participant was removed from the case; add them again to invite them');
      if (found.value.accountId !== undefined) throw new CourtError('INVALID_PAYLOAD', 'court staff sign in with their account; invitations are for case participants');
      return found;
    });
    const { invitation, token, put } = await this.#s.invitations.prepare({ caseId, participantId, role: participant.role, createdBy: grant.actor, validForSeconds });
    await this.#commitWithEntry(
      caseId,
      { type: 'invitation.issued', actor: grant.actor, payload: { invitationId: invitation.id, participantId, role: participant.role, expiresAt: invitation.expiresAt } },
      [put],
      { ...grant.audit, target: invitation.id },
    );
    return { invitation, token };
  }

  async invitationsOf(principal: Principal, caseId: string, origin: RequestOrigin): Promise<Array<Invitation & { status: InvitationStatus }>> {
    const grant = await this.#s.access.authorize(principal, caseId, 'invitation.create', origin);
    await this.#s.access.noteRead(grant);
    return (await this.#s.invitations.ofCase(caseId)).map((invitation) => ({ ...invitation, status: this.#s.invitations.statusOf(invitation) }));
  }

  async revokeInvitation(principal: Principal, caseId: string, invitationId: string, origin: RequestOrigin): Promise<Invitation> {
    const grant = await this.#s.access.authorize(principal, caseId, 'invitation.revoke', origin, invitationId);
    const { invitation, put } = await this.#s.access.refusing(grant, () => this.#s.invitations.prepareRevocation(caseId, invitationId, grant.actor));
    await this.#commitWithEntry(caseId, { type: 'invitation.revoked', actor: grant.actor, payload: { invitationId, participantId: invitation.participantId } }, [put], {
      ...grant.audit,
      target: invitationId,
    });
    return invitation;
  }

  /** Lets the invited participant in: marks the invitation used and starts their session. */
  async redeemInvitation(token: string, origin: RequestOrigin): Promise<{ participant: CaseParticipant; tokens: SessionTokens }> {
    const { invitation, put } = await this.#s.invitations.prepareRedemption(token);
    const stored = await this.#s.store.getRecord<CaseParticipant>(PARTICIPANT, invitation.participantId);
    if (stored === undefined || stored.value.removedAt !== undefined) {
      throw new CourtError('INVITATION_REVOKED', 'the person this invitation was for no longer takes part in the case');
    }
    const participant = stored.value;
    const actor = `participant:${participant.id}`;
    const audit: AuditEntry = {
      at: toUtcTimestamp(this.#s.now()),
      actor,
      role: participant.role,
      action: 'invitation.redeem',
      caseId: participant.caseId,
      target: invitation.id,
      outcome: 'allowed',
      ip: origin.ip,
      userAgent: origin.userAgent,
      via: origin.via,
    };
    try {
      await this.#commitWithEntry(participant.caseId, { type: 'participant.joined', actor, payload: { participantId: participant.id, invitationId: invitation.id } }, [put], audit);
    } catch (error) {
      throw redemptionConflict(error);
    }
    const tokens = await this.#s.sessions.start({ kind: 'participant', participantId: participant.id, caseId: participant.caseId });
    return { participant, tokens };
  }

  /** `beforeReading` brings the record up to the court's clock first (rounds past their deadline). */
  async timeline(principal: Principal, caseId: string, origin: RequestOrigin, beforeReading: () => Promise<void> = async () => {}): Promise<TimelineItem[]> {
    const grant = await this.#s.access.authorize(principal, caseId, 'case.viewTimeline', origin);
    await this.#s.access.noteRead(grant);
    await beforeReading();
    const names = new Map<string, string>();
    for (const p of await this.#participantsOf(caseId)) {
      names.set(`participant:${p.id}`, p.displayName);
      if (p.accountId !== undefined) names.set(`account:${p.accountId}`, p.displayName);
    }
    return (await this.#s.ledger.entries(caseId)).map((entry: LedgerEntry) => {
      const about = aboutOf(entry.payload);
      return { ...entry, actorName: names.get(entry.actor) ?? entry.actor, ...(about === undefined ? {} : { about }) };
    });
  }

  /** The writes that revoke a participant's open invitations. */
  async #openInvitationsOf(caseId: string, participantId: string, by: string): Promise<RecordPut[]> {
    const open = (await this.#s.invitations.ofCase(caseId)).filter((i) => i.participantId === participantId && this.#s.invitations.statusOf(i) === 'open');
    const puts: RecordPut[] = [];
    for (const invitation of open) puts.push((await this.#s.invitations.prepareRevocation(caseId, invitation.id, by)).put);
    return puts;
  }

  async #participantsOf(caseId: string): Promise<CaseParticipant[]> {
    return (await this.#s.store.listRecords<CaseParticipant>(PARTICIPANT, `case:${caseId}`)).map((r) => r.value);
  }

  async #participantRecord(caseId: string, participantId: string) {
    const stored = await this.#s.store.getRecord<CaseParticipant>(PARTICIPANT, participantId);
    if (stored === undefined || stored.value.caseId !== caseId) throw new CourtError('PARTICIPANT_NOT_FOUND', `this case has no participant ${participantId}`);
    return stored;
  }

  async #newParticipant(grant: CaseGrant, input: NewParticipant): Promise<CaseParticipant> {
    const base = {
      id: randomUUID(),
      caseId: grant.courtCase.id,
      role: input.role,
      displayName: input.displayName,
      locale: input.locale,
      timeZone: input.timeZone,
      addedAt: toUtcTimestamp(this.#s.now()),
      addedBy: grant.actor,
    };
    if (isStaffRole(input.role)) return { ...base, ...(await this.#staffMember(grant.courtCase.id, input.role, input.username)) };
    if (input.username !== undefined) throw new CourtError('INVALID_PAYLOAD', `a ${input.role} is invited by link, not added by user name; leave out username`);
    const side = sideOfRole(input.role) ?? input.side;
    if (input.role === 'counsel' && side === undefined) throw new CourtError('INVALID_PAYLOAD', 'say which side counsel acts for: side "claimant" or "respondent"');
    if (sideOfRole(input.role) !== undefined && input.side !== undefined && input.side !== input.role) {
      throw new CourtError('INVALID_PAYLOAD', `a ${input.role} is on the ${input.role} side; leave out side or set it to "${input.role}"`);
    }
    if (input.role === 'interpreter' && input.languagePair === undefined) throw new CourtError('INVALID_PAYLOAD', 'an interpreter needs a languagePair, e.g. { "from": "zh", "to": "en" }');
    if (input.role !== 'interpreter' && input.languagePair !== undefined) throw new CourtError('INVALID_PAYLOAD', 'only an interpreter has a languagePair');
    return {
      ...base,
      ...(side === undefined || (input.role !== 'counsel' && sideOfRole(input.role) === undefined) ? {} : { side }),
      ...(input.languagePair === undefined ? {} : { languagePair: input.languagePair }),
    };
  }

  async #staffMember(caseId: string, role: StaffRole, username: string | undefined): Promise<{ accountId: string }> {
    if (username === undefined) throw new CourtError('INVALID_PAYLOAD', `a ${role} takes part through their court account; give their username`);
    const account = await this.#s.accounts.byUsername(username);
    if (account === undefined) throw new CourtError('ACCOUNT_NOT_FOUND', `there is no staff account ${username}`);
    if (account.role !== role) throw new CourtError('INVALID_PAYLOAD', `${username} is a ${account.role}, not a ${role}`);
    const places = await this.#s.store.listRecords<CaseParticipant>(PARTICIPANT, `account:${account.id}`);
    if (places.some((p) => p.value.caseId === caseId && p.value.removedAt === undefined)) {
      throw new CourtError('ALREADY_A_PARTICIPANT', `${username} already takes part in this case`);
    }
    return { accountId: account.id };
  }

  async #changeCase(
    principal: Principal,
    caseId: string,
    action: 'case.edit' | 'case.changeStage',
    origin: RequestOrigin,
    change: (current: CourtCase) => { next: CourtCase; type: string; payload: JsonValue },
  ): Promise<CourtCase> {
    const grant = await this.#s.access.authorize(principal, caseId, action, origin);
    const { next, type, payload } = await this.#s.access.refusing(grant, async () => change(grant.courtCase));
    await this.#commitWithEntry(caseId, { type, actor: grant.actor, payload }, [{ kind: CASE, id: caseId, value: next, expectedVersion: grant.caseVersion }], grant.audit);
    return next;
  }

  async #commitWithEntry(caseId: string, event: { type: string; actor: string; payload: JsonValue }, puts: RecordPut[], audit: AuditEntry): Promise<LedgerEntry> {
    try {
      return await this.#s.ledger.append(caseId, event, () => ({ puts, logs: [auditLine(audit)] }));
    } catch (error) {
      if (error instanceof RecordConflictError && error.kind !== 'invitation') {
        throw new CourtError('RECORD_CHANGED', 'someone changed this record at the same moment; reload and try again');
      }
      throw error;
    }
  }

  #auditOf(principal: Principal, origin: RequestOrigin, action: string, caseId: string, role: string): AuditEntry & { caseId: string } {
    return { at: toUtcTimestamp(this.#s.now()), actor: actorOf(principal), role, action, caseId, outcome: 'allowed', ip: origin.ip, userAgent: origin.userAgent, via: origin.via };
  }
}

function participantPut(participant: CaseParticipant, expectedVersion: number): RecordPut {
  const indexes = [`case:${participant.caseId}`, ...(participant.accountId === undefined ? [] : [`account:${participant.accountId}`])];
  return { kind: PARTICIPANT, id: participant.id, value: participant, expectedVersion, indexes };
}

/** What a ledger entry is about, by the id its payload names (round, hearing, offer). */
function aboutOf(payload: JsonValue): TimelineItem['about'] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const fields = payload as { readonly [key: string]: JsonValue };
  const named = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  const roundId = named('roundId');
  if (roundId !== undefined) return { kind: 'round', id: roundId };
  const hearingId = named('hearingId');
  if (hearingId !== undefined) return { kind: 'hearing', id: hearingId };
  const offerId = named('offerId');
  return offerId === undefined ? undefined : { kind: 'offer', id: offerId };
}

function caseSummary(courtCase: CourtCase): { [key: string]: JsonValue } {
  return { caseId: courtCase.id, title: courtCase.title, languages: [...courtCase.languages], stage: courtCase.stage };
}

function participantSummary(p: CaseParticipant): JsonValue {
  return JSON.parse(
    JSON.stringify({ participantId: p.id, role: p.role, displayName: p.displayName, locale: p.locale, timeZone: p.timeZone, side: p.side, languagePair: p.languagePair, accountId: p.accountId }),
  ) as JsonValue;
}
