// Hearings of a case: scheduled in UTC with the zone they were set in (from the asynchronous
// trial, with the claims or the rest of the case they hear live: domain/hearing/hearingCovers.ts;
// never once the case has settled), moved through their phases by the presiding side (each move
// on the ledger), and the hearing record — every event of the live hearing, timestamped — kept
// as a log per hearing.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isAllowed } from '../domain/access/permissions.js';
import { workingWeekOf, type CaseParticipant } from '../domain/cases/caseParticipant.js';
import { extended } from '../domain/extended.js';
import { CourtError } from '../domain/CourtError.js';
import { requireNotSettled } from '../domain/cases/settlement.js';
import { requireCoveredClaims, type HearingCovers } from '../domain/hearing/hearingCovers.js';
import type { HearingPhase } from '../domain/hearing/hearingPhase.js';
import type { ClaimsRecord } from '../domain/trial/claims.js';
import { requirePresidingFor } from '../domain/trial/round.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import { icsInvitation } from '../domain/scheduling/icsInvitation.js';
import { proposeSlots } from '../domain/scheduling/slotProposals.js';
import { describeWorkingWeek, workingHours } from '../domain/scheduling/workingHours.js';
import type { LogAppend, RecordStore } from '../store/RecordStore.js';
import { auditLine } from './AuditLog.js';
import type { CaseAccess, CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';
import { CLAIMS } from './trialRecords.js';

export interface ScheduledHearing {
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  /** UTC instants. */
  readonly start: string;
  readonly end: string;
  /** The IANA zone the hearing was set in. */
  readonly timeZone: string;
  readonly phase: HearingPhase;
  /** The participant (judge, arbitrator or mediator) who presides. */
  readonly presidingId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  /** When the participants were reminded that it starts soon. */
  readonly remindedAt?: string;
  /** Scheduled from the asynchronous trial: the claims it hears live, or the rest of the case. */
  readonly covers?: HearingCovers;
}

export interface NewHearing {
  title: string;
  start: string;
  durationMinutes: number;
  timeZone: string;
  /** Defaults to the scheduler if they may chair, else the case's first judge, arbitrator or mediator. */
  presidingId?: string;
  /** What of the asynchronous trial it takes over live (domain/hearing/hearingCovers.ts). */
  covers?: HearingCovers;
}

export interface HearingRecordLine {
  readonly at: string;
  readonly type: string;
  readonly participantId?: string;
  readonly by?: string;
  readonly detail?: JsonValue;
}

const HEARING = 'hearing';
const RECORD_LOG = 'hearingRecord';
const CHAIRS = new Set(['judge', 'arbitrator', 'mediator']);

/** What the live hearing watches for: every line written to a hearing's record. */
export interface HearingsEvents {
  recorded: [hearingId: string, lines: HearingRecordLine[]];
}

export class Hearings {
  /** Told of every line the record gains, after it is durable (the judge's console shows them live). */
  readonly observer = new EventEmitter<HearingsEvents>();
  readonly #store: RecordStore;
  readonly #access: CaseAccess;
  readonly #ledger: CaseLedger;
  readonly #now: () => Date;

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; now: () => Date }) {
    this.#store = services.store;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#now = services.now;
  }

  async schedule(principal: Principal, caseId: string, input: NewHearing, origin: RequestOrigin): Promise<ScheduledHearing> {
    const grant = await this.#access.authorize(principal, caseId, 'hearing.schedule', origin);
    const { presidingId, covers } = await this.#access.refusing(grant, async () => {
      requireNotSettled(grant.courtCase.settlement, 'scheduling a hearing');
      let covers: HearingCovers | undefined;
      if (input.covers !== undefined) {
        requirePresidingFor(grant.courtCase.stage, grant.role);
        const claims = await this.#store.getRecord<ClaimsRecord>(CLAIMS, caseId);
        covers = requireCoveredClaims(input.covers, (claims?.value.claims ?? []).map((c) => c.id));
      }
      return { presidingId: await this.#presidingFor(grant, input.presidingId), covers };
    });
    const start = Date.parse(input.start);
    const hearing: ScheduledHearing = {
      id: randomUUID(),
      caseId,
      title: input.title,
      start: toUtcTimestamp(new Date(start)),
      end: toUtcTimestamp(new Date(start + input.durationMinutes * 60_000)),
      timeZone: input.timeZone,
      phase: 'scheduled',
      presidingId,
      createdBy: grant.actor,
      createdAt: toUtcTimestamp(this.#now()),
      ...(covers === undefined ? {} : { covers }),
    };
    const { createdAt: _c, createdBy: _b, ...payload } = hearing;
    await this.#ledger.append(caseId, { type: 'hearing.scheduled', actor: grant.actor, payload: { hearingId: hearing.id, ...payload } }, () => ({
      puts: [{ kind: HEARING, id: hearing.id, value: hearing, expectedVersion: 0, indexes: [`case:${caseId}`, 'all'] }],
      logs: [auditLine({ ...grant.audit, target: hearing.id })],
    }));
    return hearing;
  }

  /** Slots inside every (non-observer) participant's own working hours, each in their own zone. */
  async proposeSlots(principal: Principal, caseId: string, request: { durationMinutes: number; days: number }, origin: RequestOrigin) {
    const grant = await this.#access.authorize(principal, caseId, 'hearing.schedule', origin);
    await this.#access.noteRead(grant);
    const people = (await this.#store.listRecords<CaseParticipant>('participant', `case:${caseId}`))
      .map((r) => r.value)
      .filter((p) => p.removedAt === undefined && p.role !== 'observer');
    const slots = proposeSlots({
      participants: people.map((p) => ({ id: p.id, workingHours: workingHours({ timeZone: p.timeZone, ...workingWeekOf(p) }) })),
      durationMinutes: request.durationMinutes,
      from: this.#now(),
      days: request.days,
    });
    return {
      slots: slots.map((slot) => ({ start: toUtcTimestamp(slot.start), end: toUtcTimestamp(slot.end), local: slot.local })),
      participants: people.map((p) => {
        const week = workingWeekOf(p);
        return { participantId: p.id, displayName: p.displayName, timeZone: p.timeZone, workingHours: describeWorkingWeek(week), workingWeek: week };
      }),
    };
  }

  /** The caller's own calendar invitation: their join link, the time in their zone and language. */
  async invitation(principal: Principal, caseId: string, hearingId: string, joinUrl: string, origin: RequestOrigin): Promise<string> {
    const grant = await this.#access.authorize(principal, caseId, 'case.view', origin, hearingId);
    const hearing = await this.get(hearingId);
    if (hearing.caseId !== caseId) throw new CourtError('HEARING_NOT_FOUND', `this case has no hearing ${hearingId}`);
    await this.#access.noteRead(grant, hearingId);
    const you = grant.participant;
    return icsInvitation({
      uid: `${hearing.id}@crosscourt`,
      sequence: 0,
      start: new Date(hearing.start),
      end: new Date(hearing.end),
      timeZone: hearing.timeZone,
      summary: `${grant.courtCase.title}: ${hearing.title}`,
      description: `Online hearing of ${grant.courtCase.title}. Join at the time shown with this link; you will wait in the lobby until the court admits you.`,
      joinUrl,
      attendee: { name: you.displayName, timeZone: you.timeZone, locale: you.locale },
      method: hearing.phase === 'adjourned' ? 'CANCEL' : 'REQUEST',
      now: new Date(Math.floor(this.#now().getTime() / 1000) * 1000),
    });
  }

  /** Hearings of every case starting within `withinMs` from now that have not begun. */
  async upcoming(withinMs: number): Promise<ScheduledHearing[]> {
    const now = this.#now().getTime();
    return (await this.#store.listRecords<ScheduledHearing>(HEARING, 'all'))
      .map((r) => r.value)
      .filter((h) => h.remindedAt === undefined && (h.phase === 'scheduled' || h.phase === 'lobbyOpen') && Date.parse(h.start) > now && Date.parse(h.start) - now <= withinMs);
  }

  /**
   * Marks a hearing reminded; true for the one caller that did it (a versioned write, so with
   * several nodes only one sends the reminder).
   */
  async markReminded(hearingId: string): Promise<boolean> {
    const stored = await this.#store.getRecord<ScheduledHearing>(HEARING, hearingId);
    if (stored === undefined || stored.value.remindedAt !== undefined) return false;
    const reminded = { ...stored.value, remindedAt: toUtcTimestamp(this.#now()) };
    try {
      await this.#store.commit({
        puts: [{ kind: HEARING, id: hearingId, value: reminded, expectedVersion: stored.version }],
        logs: [this.#line(hearingId, { type: 'reminderSent', detail: { start: stored.value.start } })],
      });
      return true;
    } catch (error) {
      if ((error as Error).name === 'RecordConflictError') return false;
      throw error;
    }
  }

  async ofCase(principal: Principal, caseId: string, origin: RequestOrigin): Promise<ScheduledHearing[]> {
    const grant = await this.#access.authorize(principal, caseId, 'case.view', origin);
    await this.#access.noteRead(grant);
    return (await this.#store.listRecords<ScheduledHearing>(HEARING, `case:${caseId}`)).map((r) => r.value);
  }

  /** The hearing and the caller's grant to join it (its case's permission table). */
  async forJoining(principal: Principal, hearingId: string, origin: RequestOrigin): Promise<{ hearing: ScheduledHearing; grant: CaseGrant }> {
    const hearing = await this.get(hearingId);
    const grant = await this.#access.authorize(principal, hearing.caseId, 'hearing.join', origin, hearingId);
    return { hearing, grant };
  }

  async get(hearingId: string): Promise<ScheduledHearing> {
    const stored = await this.#store.getRecord<ScheduledHearing>(HEARING, hearingId);
    if (stored === undefined) throw new CourtError('HEARING_NOT_FOUND', `there is no hearing ${hearingId}`);
    return stored.value;
  }

  /** Persists a phase move the presiding side made, with its ledger entry. */
  async recordPhase(hearingId: string, from: HearingPhase, to: HearingPhase, actor: string): Promise<void> {
    for (;;) {
      const stored = await this.#store.getRecord<ScheduledHearing>(HEARING, hearingId);
      if (stored === undefined) throw new CourtError('HEARING_NOT_FOUND', `there is no hearing ${hearingId}`);
      const next = { ...stored.value, phase: to };
      const line = this.#line(hearingId, { type: 'phaseChanged', by: actor, detail: { from, to } });
      try {
        await this.#ledger.append(stored.value.caseId, { type: 'hearing.phaseChanged', actor, payload: { hearingId, from, to } }, () => ({
          puts: [{ kind: HEARING, id: hearingId, value: next, expectedVersion: stored.version }],
          logs: [line],
        }));
        this.observer.emit('recorded', hearingId, [line.value]);
        return;
      } catch (error) {
        if ((error as Error).name !== 'RecordConflictError') throw error;
      }
    }
  }

  /** An oath confirmed in the hearing: on the hearing record and the ledger. */
  async recordOath(hearing: ScheduledHearing, oath: { oathId: string; participantId: string; language: string; text: string; confirmedAt: string }): Promise<void> {
    const actor = `participant:${oath.participantId}`;
    const line = this.#line(hearing.id, { type: 'oathConfirmed', participantId: oath.participantId, detail: { oathId: oath.oathId, language: oath.language, text: oath.text } });
    await this.#ledger.append(hearing.caseId, { type: 'hearing.oathConfirmed', actor, payload: { hearingId: hearing.id, ...oath } }, () => ({ logs: [line] }));
    this.observer.emit('recorded', hearing.id, [line.value]);
  }

  /**
   * Writes lines to the hearing record, in one commit with other lines that go with them (the
   * audit line of a join). `unhurried`: nobody's answer waits for these lines (Commit.unhurried).
   */
  async appendRecord(hearingId: string, lines: Array<Omit<HearingRecordLine, 'at'>>, alongside: LogAppend[] = [], { unhurried = false } = {}): Promise<void> {
    if (lines.length === 0 && alongside.length === 0) return;
    const written = lines.map((line) => this.#line(hearingId, line));
    await this.#store.commit({ logs: [...written, ...alongside], unhurried });
    if (written.length === 0) return;
    this.observer.emit('recorded', hearingId, written.map((line) => line.value));
  }

  async record(principal: Principal, caseId: string, hearingId: string, origin: RequestOrigin): Promise<HearingRecordLine[]> {
    const grant = await this.#access.authorize(principal, caseId, 'hearing.viewRecord', origin, hearingId);
    const hearing = await this.get(hearingId);
    if (hearing.caseId !== caseId) throw new CourtError('HEARING_NOT_FOUND', `this case has no hearing ${hearingId}`);
    await this.#access.noteRead(grant, hearingId);
    return (await this.#store.readLog<HearingRecordLine>(RECORD_LOG, hearingId)).map((item) => item.value);
  }

  /** A line of plain JSON values (the courtroom's lines are copies: Courtrooms' recordLine), stamped now. */
  #line(hearingId: string, line: Omit<HearingRecordLine, 'at'>) {
    const value: HearingRecordLine = extended({ at: toUtcTimestamp(this.#now()) }, line);
    return { log: RECORD_LOG, scope: hearingId, value };
  }

  async #presidingFor(grant: CaseGrant, chosen: string | undefined): Promise<string> {
    const participants = (await this.#store.listRecords<CaseParticipant>('participant', `case:${grant.courtCase.id}`)).map((r) => r.value).filter((p) => p.removedAt === undefined);
    if (chosen !== undefined) {
      const chair = participants.find((p) => p.id === chosen);
      if (chair === undefined || !CHAIRS.has(chair.role)) throw new CourtError('INVALID_PAYLOAD', 'the presiding participant must be a judge, arbitrator or mediator of this case');
      return chair.id;
    }
    if (CHAIRS.has(grant.role) && isAllowed(grant.role, 'hearing.preside')) return grant.participant.id;
    const chair = participants.find((p) => CHAIRS.has(p.role));
    if (chair === undefined) throw new CourtError('INVALID_PAYLOAD', 'the case has no judge, arbitrator or mediator to preside; add one first');
    return chair.id;
  }
}
