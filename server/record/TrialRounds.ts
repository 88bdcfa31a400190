// Rounds of the asynchronous trial on the record: opened by the presiding side, served on the
// participants who must answer, read (the first read of each is on the ledger), extended, asked
// to be extended, closed — by the court or by the court's clock at the deadline — and, when
// sealed, revealed together. Every change is one commit of the round, its ledger entry and its
// audit line. What is due by the clock (a reveal, a close) is applied by `settle`, which every
// read and write of the round calls first and the court's clock calls for every open round, so
// a round is never seen in a state its deadline has already ended.
import { randomBytes, randomUUID } from 'node:crypto';
import { CourtError } from '../domain/CourtError.js';
import type { CaseParticipant, CaseSide } from '../domain/cases/caseParticipant.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import { answerableBy } from '../domain/trial/answer.js';
import { requireOwnWindow, requireTimed, windowClosesAt, type TimedQuestion } from '../domain/trial/answerWindow.js';
import { caucusLedgerPayload, requireCaucus } from '../domain/trial/caucus.js';
import { sealCommitment } from '../domain/trial/commitment.js';
import { requireAsyncTrial } from '../domain/trial/consent.js';
import {
  deadlineOf,
  deadlineView,
  requireLater,
  requireNoPendingRequest,
  requirePendingRequest,
  type Deadline,
  type DeadlineInput,
  type DeadlineView,
  type ExtensionRequest,
} from '../domain/trial/deadline.js';
import type { ExchangeRule } from '../domain/trial/exchangeRule.js';
import { findThread, type Thread } from '../domain/trial/question.js';
import {
  acceptsAnswer,
  acceptsExtensionRequest,
  dueChanges,
  everyoneAnswered,
  hasAnsweredAll,
  isRequired,
  requireNotClosed,
  requirePresidingFor,
  requireRunsRound,
  requiredFrom,
  type DeadlineChange,
  type LateRule,
  type Round,
  type TrialStage,
} from '../domain/trial/round.js';
import type { RoundSummaryView, RoundView, ThreadView } from '../protocol/trialSchemas.js';
import type { RecordPut, StoredRecord } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import type { TrialServices } from './AsyncTrial.js';
import { auditLine } from './AuditLog.js';
import type { CaseGrant } from './CaseAccess.js';
import { COURT_CLOCK, withRetries } from './trialRecords.js';
import { roundSummaryOf, roundViewOf, seesRound, threadViewOf } from './trialViews.js';

export interface NewRound {
  stage: TrialStage;
  title?: string;
  questions: Array<{ text: string; language: string; answerWindowMinutes?: number }>;
  required: string[];
  deadline: DeadlineInput;
  exchange: ExchangeRule;
  late: LateRule;
  /** The mediator's private caucus with this side (domain/trial/caucus.ts). */
  privateTo?: CaseSide;
}

/** A reminder that is due: the round, how long before its deadline, and who has not answered. */
export interface DueReminder {
  readonly round: Round;
  readonly minutesBefore: number;
  readonly recipients: ReadonlyArray<{ participant: CaseParticipant; unanswered: number; deadline: DeadlineView }>;
}

export class TrialRounds {
  readonly #s: TrialServices;

  constructor(services: TrialServices) {
    this.#s = services;
  }

  async open(principal: Principal, caseId: string, input: NewRound, origin: RequestOrigin): Promise<RoundView> {
    const { access, records, ledger } = this.#s;
    const grant = await access.authorize(principal, caseId, 'round.open', origin);
    const round = await access.refusing(grant, () =>
      withRetries(async () => {
        const presidingRole = requirePresidingFor(grant.courtCase.stage, grant.role);
        const [state, participants] = await Promise.all([records.state(caseId), records.participantsOf(caseId)]);
        requireAsyncTrial(state.value, participants);
        const now = this.#s.now();
        const openedAt = toUtcTimestamp(now);
        const deadline = deadlineOf(input.deadline, now);
        const required = requiredFrom(participants, input.required, openedAt);
        if (input.privateTo !== undefined) {
          requireCaucus({ stage: grant.courtCase.stage, privateTo: input.privateTo, required, exchange: input.exchange, timedQuestions: input.questions.filter((q) => q.answerWindowMinutes !== undefined).length });
        }
        const number = state.value.rounds + 1;
        const threads: Thread[] = input.questions.map((q) => {
          const id = randomUUID();
          return { id, kind: 'question', text: q.text, language: q.language, askedBy: grant.actor, askedAt: openedAt, ...(q.answerWindowMinutes === undefined ? {} : { timed: timedQuestion(id, q.text, q.language, q.answerWindowMinutes) }) };
        });
        const round: Round = {
          id: randomUUID(),
          caseId,
          number,
          stage: input.stage,
          title: input.title ?? `Round ${number}`,
          presidingRole,
          openedBy: grant.actor,
          openedAt,
          threads,
          required,
          exchange: input.exchange,
          late: input.late,
          deadline,
          deadlineHistory: [{ deadline, setAt: openedAt, setBy: grant.actor, because: 'opened' }],
          extensionRequests: [],
          answered: {},
          status: 'open',
          ...(input.privateTo === undefined ? {} : { privateTo: input.privateTo, caucusNonce: randomBytes(32).toString('hex') }),
        };
        const given = {
          roundId: round.id,
          number,
          stage: round.stage,
          title: round.title,
          presidingRole,
          // A timed question's text is committed to, not published: those it is put to must not read it before they open it.
          questions: threads.map((t): JsonValue => (t.timed === undefined ? { threadId: t.id, text: t.text, language: t.language } : { threadId: t.id, language: t.language, answerWindowMinutes: t.timed.minutes, commitment: t.timed.commitment })),
          required: required.map((r) => ({ participantId: r.participantId, role: r.role, ...(r.side === undefined ? {} : { side: r.side }) })),
          deadline: { ...deadline },
          exchange: round.exchange,
          late: { ...round.late },
          servedAt: openedAt,
        };
        const payload = caucusLedgerPayload(round, given, sealCommitment);
        await ledger.append(caseId, { type: 'round.opened', actor: grant.actor, payload }, () => ({
          puts: [records.roundPut(round, 0), records.statePut({ ...state.value, rounds: number }, state.version)],
          logs: [auditLine({ ...grant.audit, target: round.id })],
        }));
        return round;
      }),
    );
    this.#s.observer.emit('roundOpened', caseId, round.id);
    return this.#viewFor(round, grant.participant);
  }

  async list(principal: Principal, caseId: string, origin: RequestOrigin): Promise<RoundSummaryView[]> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.view', origin);
    await this.#s.access.noteRead(grant);
    const now = this.#s.now();
    const summaries: RoundSummaryView[] = [];
    for (const stored of await this.#s.records.roundsOf(caseId)) {
      const round = this.#isDue(stored.value) ? (await this.settle(caseId, stored.value.id)).value : stored.value;
      if (seesRound(grant.participant, round)) summaries.push(roundSummaryOf(round, grant.participant, now));
    }
    return summaries;
  }

  /** The round as the caller sees it; for a participant it asks to answer, the first read is on the record. */
  async get(principal: Principal, caseId: string, roundId: string, origin: RequestOrigin): Promise<RoundView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.view', origin, roundId);
    const round = await this.#s.access.refusing(grant, () => this.visibleRound(grant, caseId, roundId));
    await this.noteOpened(grant, round);
    return this.#viewFor(round, grant.participant);
  }

  async thread(principal: Principal, caseId: string, roundId: string, threadId: string, origin: RequestOrigin): Promise<ThreadView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.view', origin, roundId);
    const { round, thread } = await this.#s.access.refusing(grant, async () => {
      const round = await this.visibleRound(grant, caseId, roundId);
      return { round, thread: findThread(round.threads, threadId) };
    });
    await this.noteOpened(grant, round);
    const [answers, openings] = await Promise.all([this.#s.records.answersOf(roundId), this.#s.records.openingsOf(roundId)]);
    return threadViewOf(thread, round, answers, grant.participant, openings, this.#s.now());
  }

  /**
   * Opens a timed question for the caller: their answer window starts now, and the opening is on
   * the ledger (once; opening it again changes nothing). Only the participant opens their own
   * window. The last of those asked to open it publishes its text and nonce on the ledger.
   */
  async openWindow(principal: Principal, caseId: string, roundId: string, threadId: string, forId: string | undefined, origin: RequestOrigin): Promise<ThreadView> {
    const { access, records, ledger } = this.#s;
    const grant = await access.authorize(principal, caseId, 'answer.submit', origin, roundId);
    const me = grant.participant;
    const opened = await access.refusing(grant, async () => {
      requireOwnWindow(me.id, forId);
      await this.settle(caseId, roundId);
      return withRetries(async () => {
        const { value: round, version } = await records.round(caseId, roundId);
        if (!seesRound(me, round)) throw new CourtError('ROUND_NOT_FOUND', `this case has no round ${roundId}`);
        const thread = findThread(round.threads, threadId);
        const timed = requireTimed(thread);
        if (!isRequired(round, me.id)) throw new CourtError('NOT_REQUIRED_IN_ROUND', `you are not among those round ${round.number} asks to answer`);
        if ((await records.opening(roundId, threadId, me.id)) !== undefined) return { round, thread, changed: false };
        acceptsAnswer(round, this.#s.now(), false);
        const others = new Set((await records.openingsOf(roundId)).filter((o) => o.threadId === threadId).map((o) => o.participantId));
        const last = round.required.every((r) => r.participantId === me.id || others.has(r.participantId));
        const closes = (at: string) => windowClosesAt(at, timed.minutes);
        const payload = { roundId, threadId, participantId: me.id, answerWindowMinutes: timed.minutes, ...(last ? { text: thread.text, language: thread.language, nonce: timed.nonce } : {}) };
        await ledger.append(caseId, { type: 'question.windowOpened', actor: grant.actor, payload }, (entry) => ({
          // The round is written too (unchanged), so openings, answers, the reveal and the close of one round are serialised.
          puts: [records.openingPut({ roundId, threadId, participantId: me.id, openedAt: entry.at, closesAt: closes(entry.at), ledgerSeq: entry.seq }), records.roundPut(round, version)],
          logs: [auditLine({ ...grant.audit, target: threadId })],
        }));
        return { round, thread, changed: true };
      });
    });
    await this.noteOpened(grant, opened.round);
    if (opened.changed) this.#s.observer.emit('roundChanged', caseId, roundId);
    const [answers, openings] = await Promise.all([records.answersOf(roundId), records.openingsOf(roundId)]);
    return threadViewOf(opened.thread, opened.round, answers, me, openings, this.#s.now());
  }

  async close(principal: Principal, caseId: string, roundId: string, reason: string | undefined, origin: RequestOrigin): Promise<RoundView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.close', origin, roundId);
    const round = await this.#change(grant, caseId, roundId, (round, now) => {
      requireRunsRound(round, grant.role);
      requireNotClosed(round);
      const at = toUtcTimestamp(now);
      return {
        next: { ...round, status: 'closed', closedAt: at, closedBy: grant.actor, closedBecause: 'court', ...(reason === undefined ? {} : { closeReason: reason }) },
        type: 'round.closed',
        payload: { roundId, because: 'court', ...(reason === undefined ? {} : { reason }), unanswered: unanswered(round) },
      };
    });
    return this.#viewFor(round, grant.participant);
  }

  /**
   * A later deadline, set by the court. On a suspended round (consent was withdrawn and has been
   * given again) it resumes the round, with the deadline it now gets.
   */
  async extend(principal: Principal, caseId: string, roundId: string, input: DeadlineInput, reason: string | undefined, origin: RequestOrigin): Promise<RoundView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.extend', origin, roundId);
    const round = await this.#change(grant, caseId, roundId, async (round, now) => {
        requireRunsRound(round, grant.role);
        requireNotClosed(round);
        const deadline = deadlineOf(input, now, round.deadline);
        const at = toUtcTimestamp(now);
        const change = (because: DeadlineChange['because']): DeadlineChange => ({ deadline, setAt: at, setBy: grant.actor, because, ...(reason === undefined ? {} : { reason }) });
        if (round.status === 'suspended') {
          const state = await this.#s.records.state(caseId);
          requireAsyncTrial(state.value, await this.#s.records.participantsOf(caseId));
          const { suspendedAt: _s, ...rest } = round;
          return {
            next: { ...rest, status: 'open', deadline, deadlineHistory: [...round.deadlineHistory, change('resumed')] },
            type: 'round.resumed',
            payload: { roundId, deadline: { ...deadline }, ...(reason === undefined ? {} : { reason }) },
            // Written with the trial state it read, so a withdrawal at the same moment wins or waits.
            alongside: [this.#s.records.statePut(state.value, state.version)],
          };
        }
        requireLater(deadline, round.deadline);
        return {
          next: { ...round, deadline, deadlineHistory: [...round.deadlineHistory, change('extended')] },
          type: 'round.deadlineExtended',
          payload: { roundId, from: { ...round.deadline }, to: { ...deadline }, ...(reason === undefined ? {} : { reason }) },
        };
    });
    return this.#viewFor(round, grant.participant);
  }

  async requestExtension(principal: Principal, caseId: string, roundId: string, input: { reason: string; proposed?: DeadlineInput }, origin: RequestOrigin): Promise<RoundView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.requestExtension', origin, roundId);
    const me = grant.participant;
    const round = await this.#change(grant, caseId, roundId, (round, now) => {
      if (!seesRound(me, round)) throw new CourtError('ROUND_NOT_FOUND', `this case has no round ${roundId}`);
      if (answerableBy(me, round).length === 0) throw new CourtError('NOT_REQUIRED_IN_ROUND', `you are not among those round ${round.number} asks to answer`);
      acceptsExtensionRequest(round, now);
      requireNoPendingRequest(round.extensionRequests, me.id);
      const proposed = input.proposed === undefined ? undefined : deadlineOf(input.proposed, now);
      if (proposed !== undefined) requireLater(proposed, round.deadline);
      const request: ExtensionRequest = {
        id: randomUUID(),
        by: me.id,
        byName: me.displayName,
        reason: input.reason,
        requestedAt: toUtcTimestamp(now),
        ...(proposed === undefined ? {} : { proposed }),
        status: 'pending',
      };
      return {
        next: { ...round, extensionRequests: [...round.extensionRequests, request] },
        type: 'round.extensionRequested',
        payload: { roundId, requestId: request.id, by: me.id, reason: input.reason, ...(proposed === undefined ? {} : { proposed: { ...proposed } }) },
      };
    });
    return this.#viewFor(round, me);
  }

  async decideExtension(
    principal: Principal,
    caseId: string,
    roundId: string,
    requestId: string,
    decision: { grant: boolean; deadline?: DeadlineInput; reason?: string },
    origin: RequestOrigin,
  ): Promise<RoundView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'round.extend', origin, requestId);
    const round = await this.#change(grant, caseId, roundId, (round, now) => {
      requireRunsRound(round, grant.role);
      requireNotClosed(round);
      if (round.status === 'suspended') throw new CourtError('ROUND_SUSPENDED', `round ${round.number} is suspended; resume it with a new deadline first`);
      const request = requirePendingRequest(round.extensionRequests, requestId);
      const at = toUtcTimestamp(now);
      const note = decision.reason === undefined ? {} : { decisionReason: decision.reason };
      const decided = (changes: Partial<ExtensionRequest>) => round.extensionRequests.map((r) => (r.id === request.id ? { ...r, ...changes, decidedAt: at, decidedBy: grant.actor, ...note } : r));
      if (!decision.grant) {
        return {
          next: { ...round, extensionRequests: decided({ status: 'denied' }) },
          type: 'round.extensionDenied',
          payload: { roundId, requestId, by: request.by, reason: decision.reason ?? '' },
        };
      }
      const deadline: Deadline = deadlineOf(decision.deadline!, now, round.deadline);
      requireLater(deadline, round.deadline);
      const change: DeadlineChange = { deadline, setAt: at, setBy: grant.actor, because: 'granted', requestId, ...(decision.reason === undefined ? {} : { reason: decision.reason }) };
      return {
        next: { ...round, deadline, deadlineHistory: [...round.deadlineHistory, change], extensionRequests: decided({ status: 'granted', granted: deadline }) },
        type: 'round.extensionGranted',
        payload: { roundId, requestId, by: request.by, deadline: { ...deadline }, ...(decision.reason === undefined ? {} : { reason: decision.reason }) },
      };
    });
    return this.#viewFor(round, grant.participant);
  }

  /**
   * Applies what the clock and the answers have made due — the reveal of a sealed round, its
   * closing at the deadline — and returns the round as it is then.
   */
  async settle(caseId: string, roundId: string): Promise<StoredRecord<Round>> {
    let changed = false;
    for (;;) {
      const stored = await withRetries(async () => {
        const current = await this.#s.records.round(caseId, roundId);
        const due = dueChanges(current.value, this.#s.now());
        if (due.reveal) await this.#reveal(current);
        else if (due.close) await this.#closeAtDeadline(current);
        else return { current, done: true };
        return { current, done: false };
      });
      if (stored.done) {
        if (changed) this.#s.observer.emit('roundChanged', caseId, roundId);
        return stored.current;
      }
      changed = true;
    }
  }

  /** Settles every open round that is due (the court's clock); returns the rounds that changed. */
  async settleDue(): Promise<string[]> {
    const settled: string[] = [];
    for (const round of await this.#s.records.openRounds()) {
      if (!this.#isDue(round)) continue;
      try {
        await this.settle(round.caseId, round.id);
        settled.push(round.id);
      } catch (error) {
        this.#s.observer.emit('settleFailed', round.caseId, round.id, error);
      }
    }
    return settled;
  }

  /**
   * The reminders due now, each claimed for this node (so no other sends it): for every open
   * round, the nearest offset before its deadline that has been reached, to the required
   * participants who have not answered every question. Offsets already passed are claimed too,
   * so a node that was down does not send stale ones afterwards.
   */
  async dueReminders(offsetsMinutes: readonly number[]): Promise<DueReminder[]> {
    const now = this.#s.now();
    const due: DueReminder[] = [];
    for (const round of await this.#s.records.openRounds()) {
      const left = Date.parse(round.deadline.at) - now.getTime();
      const reached = [...offsetsMinutes].sort((a, b) => a - b).filter((minutes) => left > 0 && left <= minutes * 60_000);
      if (reached.length === 0) continue;
      const claims = await Promise.all(reached.map((minutes) => this.#s.records.claimReminder(round, minutes, toUtcTimestamp(now))));
      if (!claims[0]) continue;
      const participants = await this.#s.records.participantsOf(round.caseId);
      const recipients = round.required
        .filter((r) => !hasAnsweredAll(round, r.participantId))
        .flatMap((r) => {
          const participant = participants.find((p) => p.id === r.participantId && p.removedAt === undefined);
          if (participant === undefined) return [];
          const unanswered = round.threads.filter((t) => round.answered[r.participantId]?.[t.id] === undefined).length;
          return [{ participant, unanswered, deadline: deadlineView(round.deadline, participant, now) }];
        });
      due.push({ round, minutesBefore: reached[0]!, recipients });
    }
    return due;
  }

  /** Every participant who sees the round, with their view of it (for pushes). */
  /**
   * The round as each participant who sees it sees it; only for those `wanted` says (those who
   * can be told now), and without reading the answers when that is nobody.
   */
  async viewsFor(caseId: string, roundId: string, wanted: (participantId: string) => boolean = () => true): Promise<Array<{ participant: CaseParticipant; required: boolean; view: RoundView }>> {
    // Nobody to tell (no one connected here): the round is not read at all.
    const listening = (await this.#s.records.participantsOf(caseId)).filter((p) => wanted(p.id));
    if (listening.length === 0) return [];
    const { value: round } = await this.#s.records.round(caseId, roundId);
    const viewers = listening.filter((p) => seesRound(p, round));
    if (viewers.length === 0) return [];
    const [answers, reads, openings] = await Promise.all([this.#s.records.answersOf(roundId), this.#s.records.readsOf(roundId), this.#s.records.openingsOf(roundId)]);
    const now = this.#s.now();
    return viewers.map((participant) => ({ participant, required: isRequired(round, participant.id), view: roundViewOf(round, answers, reads, participant, now, openings) }));
  }

  /** The round after settling it, if the caller may see it (else it does not exist, for them). */
  async visibleRound(grant: CaseGrant, caseId: string, roundId: string): Promise<Round> {
    const { value: round } = await this.settle(caseId, roundId);
    if (!seesRound(grant.participant, round)) throw new CourtError('ROUND_NOT_FOUND', `this case has no round ${roundId}`);
    return round;
  }

  /**
   * Writes the read's audit line; the first read by a participant the round asks to answer is
   * also on the ledger (when they first opened it), once.
   */
  async noteOpened(grant: CaseGrant, round: Round): Promise<void> {
    const { records, ledger, access } = this.#s;
    const participantId = grant.participant.id;
    if (!isRequired(round, participantId) || (await records.hasRead(round.id, participantId))) {
      await access.noteRead(grant, round.id);
      return;
    }
    try {
      await ledger.append(round.caseId, { type: 'round.read', actor: grant.actor, payload: { roundId: round.id, participantId } }, (entry) => ({
        puts: [records.readPut({ roundId: round.id, participantId, at: entry.at, ledgerSeq: entry.seq })],
        logs: [auditLine({ ...grant.audit, target: round.id })],
      }));
    } catch (error) {
      // Opened in two tabs at once: the other read was first.
      if (!(error instanceof RecordConflictError)) throw error;
      await access.noteRead(grant, round.id);
      return;
    }
    this.#s.observer.emit('roundChanged', round.caseId, round.id);
  }

  /** Evidence filed sealed for a round after its reveal had read the round's evidence: revealed now. */
  async revealStragglers(caseId: string, roundId: string): Promise<void> {
    const { disclosed, puts } = await this.#s.evidence.prepareReveal(caseId, roundId);
    if (disclosed.length === 0) return;
    await this.#s.ledger.append(caseId, { type: 'round.evidenceRevealed', actor: COURT_CLOCK, payload: { roundId, evidence: disclosed } }, (entry) => ({ puts: puts(entry.at) }));
  }

  async #viewFor(round: Round, viewer: CaseParticipant): Promise<RoundView> {
    const [answers, reads, openings] = await Promise.all([this.#s.records.answersOf(round.id), this.#s.records.readsOf(round.id), this.#s.records.openingsOf(round.id)]);
    return roundViewOf(round, answers, reads, viewer, this.#s.now(), openings);
  }

  #isDue(round: Round): boolean {
    const due = dueChanges(round, this.#s.now());
    return due.reveal || due.close;
  }

  /**
   * A change of the court's (or a party's request): settled first, then built from the round as
   * stored and committed with its ledger entry and audit line; refusals are audited.
   */
  async #change(
    grant: CaseGrant,
    caseId: string,
    roundId: string,
    build: (round: Round, now: Date) => RoundChange | Promise<RoundChange>,
  ): Promise<Round> {
    const round = await this.#s.access.refusing(grant, async () => {
      await this.settle(caseId, roundId);
      return withRetries(async () => {
        const stored = await this.#s.records.round(caseId, roundId);
        const { next, type, payload: given, alongside = [] } = await build(stored.value, this.#s.now());
        // A caucus's reasons are its words: committed to, not published.
        const payload = caucusLedgerPayload(next, given as { [key: string]: JsonValue }, sealCommitment);
        await this.#s.ledger.append(caseId, { type, actor: grant.actor, payload }, () => ({
          puts: [this.#s.records.roundPut(next, stored.version), ...alongside],
          logs: [auditLine({ ...grant.audit, target: roundId })],
        }));
        return next;
      });
    });
    this.#s.observer.emit('roundChanged', caseId, roundId);
    return round;
  }

  /**
   * Reveals a sealed round's answers together: one ledger entry publishes every sealed version's
   * text and nonce (so anyone can check each commitment the ledger took before) and every
   * evidence item filed sealed for the round, committed with the round and those items unsealed.
   */
  async #reveal(stored: StoredRecord<Round>): Promise<void> {
    const round = stored.value;
    const storedAnswers = await this.#s.records.storedAnswersOf(round.id);
    const disclosedAnswers: JsonValue[] = [];
    for (const { value: answer } of storedAnswers) {
      const versions = (await this.#s.records.versionsOf(answer.id)).filter((v) => v.sealed);
      if (versions.length === 0) continue;
      disclosedAnswers.push({
        answerId: answer.id,
        threadId: answer.threadId,
        for: answer.for,
        versions: versions.map((v) => ({ version: v.version, text: v.text, language: v.language, attachments: [...v.attachments], nonce: v.nonce ?? '', commitment: v.commitment })),
      });
    }
    const evidence = await this.#s.evidence.prepareReveal(round.caseId, round.id);
    const payload = { roundId: round.id, because: everyoneAnswered(round) ? 'everyoneAnswered' : 'deadline', answers: disclosedAnswers, evidence: evidence.disclosed };
    await this.#s.ledger.append(round.caseId, { type: 'round.revealed', actor: COURT_CLOCK, payload }, (entry) => ({
      puts: [this.#s.records.roundPut({ ...round, revealedAt: entry.at }, stored.version), ...evidence.puts(entry.at)],
      // A new version of an answer since they were read would go unrevealed: the reveal is retried.
      checks: storedAnswers.map((answer) => this.#s.records.answerCheck(answer.id, answer.version)),
    }));
  }

  async #closeAtDeadline(stored: StoredRecord<Round>): Promise<void> {
    const round = stored.value;
    await this.#s.ledger.append(round.caseId, { type: 'round.closed', actor: COURT_CLOCK, payload: { roundId: round.id, because: 'deadline', unanswered: unanswered(round) } }, (entry) => ({
      puts: [this.#s.records.roundPut({ ...round, status: 'closed', closedAt: entry.at, closedBy: COURT_CLOCK, closedBecause: 'deadline' }, stored.version)],
    }));
  }
}

/** A timed question's window, with the salted commitment of its text that the round's ledger entry takes instead of the text. */
function timedQuestion(threadId: string, text: string, language: string, minutes: number): TimedQuestion {
  const nonce = randomBytes(32).toString('hex');
  return { minutes, commitment: sealCommitment({ threadId, text, language }, nonce), nonce };
}

interface RoundChange {
  next: Round;
  type: string;
  payload: JsonValue;
  /** Other records written with it (read at the same time, so a conflict retries the whole). */
  alongside?: RecordPut[];
}

/** The required participants who have not answered every question. */
function unanswered(round: Round): string[] {
  return round.required.filter((r) => !hasAnsweredAll(round, r.participantId)).map((r) => r.participantId);
}
