// Answers in rounds of the asynchronous trial: submitted and changed until the deadline, every
// version kept (a log per answer) and on the ledger — in full in a sequential round, as a salted
// commitment while a sealed round seals it — each durable before it is acknowledged. Reading an
// answer, its versions or its attachments goes through the same sealing rules as the round.
import { randomBytes } from 'node:crypto';
import { CourtError } from '../domain/CourtError.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import {
  answerableBy,
  answerOwner,
  requireAttachable,
  requireCurrentVersion,
  requireRoomForVersion,
  type Answer,
  type AnswerContent,
  type AnswerVersion,
  type AnswerWindowTimes,
} from '../domain/trial/answer.js';
import { acceptsTimedAnswer } from '../domain/trial/answerWindow.js';
import { requireNoCaucusEvidence } from '../domain/trial/caucus.js';
import { answerIdOf, committedContent, sealCommitment } from '../domain/trial/commitment.js';
import { isSealed } from '../domain/trial/exchangeRule.js';
import { findThread } from '../domain/trial/question.js';
import { acceptsAnswer, dueChanges, type Round } from '../domain/trial/round.js';
import type { EvidenceSource } from '../evidence/EvidenceFiles.js';
import type { StoredRecord } from '../store/RecordStore.js';
import type { AnswerVersionsView, AnswerView } from '../protocol/trialSchemas.js';
import type { TrialServices } from './AsyncTrial.js';
import { auditLine } from './AuditLog.js';
import type { CaseGrant } from './CaseAccess.js';
import type { EvidenceFiling, EvidenceItem } from './EvidenceLocker.js';
import type { TrialRounds } from './TrialRounds.js';
import { KeyedQueue } from './KeyedQueue.js';
import { withRetries } from './trialRecords.js';
import { answerViewOf, seesAnswer, seesRound, versionsViewOf } from './trialViews.js';

export interface AnswerSubmission extends AnswerContent {
  /** Counsel answering for a party of its side; default: the writer. */
  for?: string;
  /** The version the writer edited. */
  basedOnVersion?: number;
}

export class TrialAnswers {
  readonly #s: TrialServices;
  readonly #rounds: TrialRounds;
  /**
   * Answers to one round, one after another on this node: a participant's first answer to a
   * thread writes the round (its progress), and two written at once would conflict and retry.
   */
  readonly #writes = new KeyedQueue();

  constructor(services: TrialServices, rounds: TrialRounds) {
    this.#s = services;
    this.#rounds = rounds;
  }

  async submit(principal: Principal, caseId: string, roundId: string, threadId: string, input: AnswerSubmission, origin: RequestOrigin): Promise<AnswerView> {
    const { access } = this.#s;
    const grant = await access.authorize(principal, caseId, 'answer.submit', origin, roundId);
    const { answer, round } = await access.refusing(grant, async () => {
      const settled = await this.#rounds.settle(caseId, roundId);
      // The round just settled is the first attempt's; a retry reads it again.
      return this.#writes.run(roundId, () => withRetries((attempt) => this.#write(grant, caseId, roundId, threadId, input, attempt === 1 ? settled : undefined)));
    });
    this.#s.observer.emit('roundChanged', caseId, roundId);
    const due = dueChanges(round, this.#s.now());
    if (!due.reveal && !due.close) return answerViewOf(answer, round);
    // The last answer of a sealed round reveals them all. The answer is durable already: a reveal
    // that fails here is the court's clock's to finish, not the writer's to retry.
    const settled = await this.#rounds.settle(caseId, roundId).catch((error: unknown) => {
      this.#s.observer.emit('settleFailed', caseId, roundId, error);
      return undefined;
    });
    return answerViewOf(answer, settled?.value ?? (await this.#s.records.round(caseId, roundId)).value);
  }

  async get(principal: Principal, caseId: string, answerId: string, origin: RequestOrigin): Promise<AnswerView> {
    const { answer, round } = await this.#visible(principal, caseId, answerId, origin);
    return answerViewOf(answer, round);
  }

  async versions(principal: Principal, caseId: string, answerId: string, origin: RequestOrigin): Promise<AnswerVersionsView> {
    const { answer, round } = await this.#visible(principal, caseId, answerId, origin);
    return versionsViewOf(answer, await this.#s.records.versionsOf(answer.id), round);
  }

  /**
   * Evidence filed to attach to an answer in this round: sealed with it while the round seals
   * answers (hidden from the other side, its ledger entry a commitment), openly otherwise.
   */
  async fileEvidence(principal: Principal, caseId: string, roundId: string, source: EvidenceSource, filing: EvidenceFiling, origin: RequestOrigin): Promise<EvidenceItem> {
    const { access } = this.#s;
    const grant = await access.authorize(principal, caseId, 'answer.submit', origin, roundId);
    const round = await access.refusing(grant, async () => {
      const round = await this.#rounds.visibleRound(grant, caseId, roundId);
      if (answerableBy(grant.participant, round).length === 0) throw new CourtError('NOT_REQUIRED_IN_ROUND', `you are not among those round ${round.number} asks to answer`);
      requireNoCaucusEvidence(round, 1);
      acceptsAnswer(round, this.#s.now(), false);
      return round;
    });
    const sealed = isSealed(round);
    const item = await this.#s.evidence.file(principal, caseId, source, filing, origin, sealed ? { roundId } : undefined);
    // Revealed while the file was arriving: it goes the way of the round's other evidence.
    if (sealed && (await this.#s.records.round(caseId, roundId)).value.revealedAt !== undefined) {
      await this.#rounds.revealStragglers(caseId, roundId);
      return (await this.#s.evidence.find(caseId, item.id)) ?? item;
    }
    return item;
  }

  /** The answer written, and its round as this answer left it. */
  async #write(grant: CaseGrant, caseId: string, roundId: string, threadId: string, input: AnswerSubmission, known?: StoredRecord<Round>): Promise<{ answer: Answer; round: Round }> {
    const { records, ledger, evidence } = this.#s;
    const { value: round, version: roundVersion } = known ?? (await records.round(caseId, roundId));
    if (!seesRound(grant.participant, round)) throw new CourtError('ROUND_NOT_FOUND', `this case has no round ${roundId}`);
    const thread = findThread(round.threads, threadId);
    const owner = answerOwner(grant.participant, input.for, round, await records.participantsOf(caseId));
    const answerId = answerIdOf(thread.id, owner.participantId);
    const existing = await records.answer(answerId);
    if (existing !== undefined && round.exchange === 'sealed' && round.revealedAt !== undefined) {
      throw new CourtError('ANSWER_REVEALED', `the answers of round ${round.number} were revealed at ${round.revealedAt}; a revealed answer cannot change`);
    }
    const now = this.#s.now();
    const { late } = acceptsAnswer(round, now, existing !== undefined);
    const window = thread.timed === undefined ? undefined : await this.#window(roundId, thread.id, grant.participant.id, owner.participantId, round, now, existing !== undefined);
    requireCurrentVersion(existing?.value.version ?? 0, input.basedOnVersion);
    requireRoomForVersion(existing?.value.version ?? 0);
    requireNoCaucusEvidence(round, input.attachments.length);
    for (const id of input.attachments) requireAttachable(await evidence.find(caseId, id), id, caseId, owner, roundId);

    const version = (existing?.value.version ?? 0) + 1;
    const content: AnswerContent = { text: input.text, language: input.language, attachments: [...input.attachments] };
    const sealed = isSealed(round);
    const afterReveal = round.exchange === 'sealed' && !sealed;
    const nonce = randomBytes(32).toString('hex');
    const commitment = sealCommitment(committedContent({ id: answerId, threadId: thread.id, for: owner.participantId }, version, content), nonce);
    // A timed answer's times are on the ledger even while sealed: they say when, not what.
    const common = { roundId, threadId: thread.id, answerId, for: owner.participantId, version, late, commitment, ...(window === undefined ? {} : { window: { ...window } }) };
    // Sealed: the ledger takes only the commitment now; the reveal publishes content and nonce.
    // A caucus's answers are only ever committed to (domain/trial/caucus.ts).
    const payload: JsonValue = round.privateTo !== undefined ? { ...common, sealed: false, privateTo: round.privateTo } : sealed ? { ...common, sealed: true } : { ...common, sealed: false, afterReveal, text: content.text, language: content.language, attachments: [...content.attachments], nonce };

    let answer: Answer | undefined;
    let after = round;
    await ledger.append(caseId, { type: 'answer.submitted', actor: grant.actor, payload }, (entry) => {
      const written: AnswerVersion = {
        version,
        ...content,
        submittedAt: entry.at,
        submittedBy: grant.actor,
        submittedByName: grant.participant.displayName,
        late,
        afterReveal,
        sealed,
        commitment,
        nonce,
        ledgerSeq: entry.seq,
        ...(window === undefined ? {} : { window }),
      };
      answer = {
        id: answerId,
        caseId,
        roundId,
        threadId: thread.id,
        for: owner.participantId,
        forName: owner.displayName,
        ...(owner.side === undefined ? {} : { forSide: owner.side }),
        version,
        current: written,
        firstSubmittedAt: existing?.value.firstSubmittedAt ?? entry.at,
      };
      const mine = round.answered[owner.participantId] ?? {};
      const answerPut = records.answerPut(answer, existing?.version ?? 0);
      const logs = [records.versionLine(answerId, written), auditLine({ ...grant.audit, target: answerId })];
      // The round as read must still be the round (not closed, not revealed since): checked, and
      // written too when this is the owner's first answer to the thread (its progress).
      if (mine[thread.id] !== undefined) return { puts: [answerPut], checks: [records.roundCheck(roundId, roundVersion)], logs };
      after = { ...round, answered: { ...round.answered, [owner.participantId]: { ...mine, [thread.id]: entry.at } } };
      return { puts: [answerPut, records.roundPut(after, roundVersion)], logs };
    });
    return { answer: answer!, round: after };
  }

  /** A timed question: answered in person, after opening it, within the window (or flagged, by the round's late rule). */
  async #window(roundId: string, threadId: string, writerId: string, ownerId: string, round: Round, now: Date, editing: boolean): Promise<AnswerWindowTimes> {
    const opening = await this.#s.records.opening(roundId, threadId, ownerId);
    const { outsideWindow } = acceptsTimedAnswer(opening, writerId, ownerId, round.late, now, editing);
    return { openedAt: opening!.openedAt, closesAt: opening!.closesAt, outside: outsideWindow };
  }

  /** An answer the caller may see, or ANSWER_NOT_FOUND — the same whether it is sealed from them or does not exist. */
  async #visible(principal: Principal, caseId: string, answerId: string, origin: RequestOrigin): Promise<{ answer: Answer; round: Round }> {
    const { access, records } = this.#s;
    const grant = await access.authorize(principal, caseId, 'round.view', origin, answerId);
    const notFound = () => new CourtError('ANSWER_NOT_FOUND', `this case has no answer ${answerId} that you can see`);
    const { answer, round } = await access.refusing(grant, async () => {
      const stored = await records.answer(answerId);
      if (stored === undefined || stored.value.caseId !== caseId) throw notFound();
      const { value: round } = await this.#rounds.settle(caseId, stored.value.roundId);
      if (!seesRound(grant.participant, round) || !seesAnswer(grant.participant, stored.value, round)) throw notFound();
      return { answer: stored.value, round };
    });
    await this.#rounds.noteOpened(grant, round);
    return { answer, round };
  }
}
