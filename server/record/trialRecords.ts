// Where the asynchronous trial keeps its records, in the one RecordStore (SQLite or Redis alike):
//
//   record 'trialState' <caseId>              mode, everyone's consent, rounds opened (TrialState)
//   record 'round' <roundId>                  the Round, in the indexes 'case:<caseId>' and 'all'
//   record 'answer' <answerId>                the Answer (its latest version), in 'round:<roundId>'
//   log 'answerVersions' <answerId>           every version of it, in order (AnswerVersion)
//   record 'roundRead' <roundId>:<pid>        when a required participant first opened the round,
//                                             in 'round:<roundId>' (written once)
//   record 'roundReminder' <roundId>:<deadline>:<minutes>
//                                             a reminder sent (written once, so one node sends it)
//   record 'questionOpening' <roundId>:<threadId>:<pid>
//                                             when a participant first opened a timed question (their
//                                             answer window), in 'round:<roundId>' (written once)
//   record 'crossExamination' <evidenceId>    the cross-examination thread of an evidence item, in
//                                             'case:<caseId>'
//   record 'claims' <caseId>                  the claims of the case and each respondent's current answer
//   record 'offers' <caseId>                  the offers and counter-offers of the case (OffersRecord)
//
// An answer's commit relies on its round's version (a check; the first answer of a participant to
// a thread also writes the round, the progress it records), and a reveal's commit relies on the
// version of every answer it read: so an answer cannot slip in after a close or a reveal, nor
// between a reveal's reading of the answers and its commit.
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import type { CourtCase } from '../domain/cases/courtCase.js';
import { CourtError } from '../domain/CourtError.js';
import type { Answer, AnswerVersion } from '../domain/trial/answer.js';
import { initialTrialState, type TrialState } from '../domain/trial/consent.js';
import type { QuestionOpening } from '../domain/trial/answerWindow.js';
import { emptyClaims, type ClaimsRecord } from '../domain/trial/claims.js';
import type { CrossExamination } from '../domain/trial/crossExamination.js';
import { emptyOffers, type OffersRecord } from '../domain/trial/offer.js';
import type { Round } from '../domain/trial/round.js';
import type { LogAppend, RecordCheck, RecordPut, RecordStore, StoredRecord } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { CASE, PARTICIPANT } from './CaseAccess.js';

export const TRIAL_STATE = 'trialState';
export const ROUND = 'round';
export const ANSWER = 'answer';
export const ANSWER_VERSIONS = 'answerVersions';
export const ROUND_READ = 'roundRead';
export const ROUND_REMINDER = 'roundReminder';
export const QUESTION_OPENING = 'questionOpening';
export const CROSS_EXAMINATION = 'crossExamination';
export const CLAIMS = 'claims';
export const OFFERS = 'offers';

/** The actor of what the court's clock does by itself (a round closing at its deadline, a reveal). */
export const COURT_CLOCK = 'court:clock';

export interface RoundRead {
  readonly roundId: string;
  readonly participantId: string;
  readonly at: string;
  readonly ledgerSeq: number;
}

const MAX_ATTEMPTS = 8;

export class TrialRecords {
  readonly #store: RecordStore;

  constructor(store: RecordStore) {
    this.#store = store;
  }

  async state(caseId: string): Promise<StoredRecord<TrialState>> {
    return (await this.#store.getRecord<TrialState>(TRIAL_STATE, caseId)) ?? { value: initialTrialState(caseId), version: 0 };
  }

  statePut(state: TrialState, version: number): RecordPut {
    return { kind: TRIAL_STATE, id: state.caseId, value: state, expectedVersion: version };
  }

  async round(caseId: string, roundId: string): Promise<StoredRecord<Round>> {
    const stored = await this.#store.getRecord<Round>(ROUND, roundId);
    if (stored === undefined || stored.value.caseId !== caseId) throw new CourtError('ROUND_NOT_FOUND', `this case has no round ${roundId}`);
    return stored;
  }

  roundPut(round: Round, version: number): RecordPut {
    return { kind: ROUND, id: round.id, value: round, expectedVersion: version, ...(version === 0 ? { indexes: [`case:${round.caseId}`, 'all'] } : {}) };
  }

  /** The round's version an answer was decided on (it must not have changed at its commit). */
  roundCheck(roundId: string, version: number): RecordCheck {
    return { kind: ROUND, id: roundId, version };
  }

  async roundsOf(caseId: string): Promise<Array<StoredRecord<Round>>> {
    return this.#store.listRecords<Round>(ROUND, `case:${caseId}`);
  }

  /** Every round of every case that is still open (for the court's clock). */
  async openRounds(): Promise<Round[]> {
    return (await this.#store.listRecords<Round>(ROUND, 'all')).map((r) => r.value).filter((r) => r.status === 'open');
  }

  async answersOf(roundId: string): Promise<Answer[]> {
    return (await this.storedAnswersOf(roundId)).map((r) => r.value);
  }

  async storedAnswersOf(roundId: string): Promise<Array<StoredRecord<Answer> & { id: string }>> {
    return this.#store.listRecords<Answer>(ANSWER, `round:${roundId}`);
  }

  /** An answer's version a reveal read (it must not have changed at the reveal's commit). */
  answerCheck(answerId: string, version: number): RecordCheck {
    return { kind: ANSWER, id: answerId, version };
  }

  async answer(answerId: string): Promise<StoredRecord<Answer> | undefined> {
    return this.#store.getRecord<Answer>(ANSWER, answerId);
  }

  answerPut(answer: Answer, version: number): RecordPut {
    return { kind: ANSWER, id: answer.id, value: answer, expectedVersion: version, ...(version === 0 ? { indexes: [`round:${answer.roundId}`] } : {}) };
  }

  versionLine(answerId: string, version: AnswerVersion): LogAppend {
    return { log: ANSWER_VERSIONS, scope: answerId, value: version };
  }

  async versionsOf(answerId: string): Promise<AnswerVersion[]> {
    return (await this.#store.readLog<AnswerVersion>(ANSWER_VERSIONS, answerId)).map((item) => item.value);
  }

  async readsOf(roundId: string): Promise<RoundRead[]> {
    return (await this.#store.listRecords<RoundRead>(ROUND_READ, `round:${roundId}`)).map((r) => r.value);
  }

  async hasRead(roundId: string, participantId: string): Promise<boolean> {
    return (await this.#store.getRecord(ROUND_READ, `${roundId}:${participantId}`)) !== undefined;
  }

  readPut(read: RoundRead): RecordPut {
    return { kind: ROUND_READ, id: `${read.roundId}:${read.participantId}`, value: read, expectedVersion: 0, indexes: [`round:${read.roundId}`] };
  }

  async openingsOf(roundId: string): Promise<QuestionOpening[]> {
    return (await this.#store.listRecords<QuestionOpening>(QUESTION_OPENING, `round:${roundId}`)).map((r) => r.value);
  }

  async opening(roundId: string, threadId: string, participantId: string): Promise<QuestionOpening | undefined> {
    return (await this.#store.getRecord<QuestionOpening>(QUESTION_OPENING, `${roundId}:${threadId}:${participantId}`))?.value;
  }

  openingPut(opening: QuestionOpening): RecordPut {
    return { kind: QUESTION_OPENING, id: `${opening.roundId}:${opening.threadId}:${opening.participantId}`, value: opening, expectedVersion: 0, indexes: [`round:${opening.roundId}`] };
  }

  async crossExamination(evidenceId: string): Promise<StoredRecord<CrossExamination> | undefined> {
    return this.#store.getRecord<CrossExamination>(CROSS_EXAMINATION, evidenceId);
  }

  async crossExaminationsOf(caseId: string): Promise<CrossExamination[]> {
    return (await this.#store.listRecords<CrossExamination>(CROSS_EXAMINATION, `case:${caseId}`)).map((r) => r.value);
  }

  crossExaminationPut(thread: CrossExamination, version: number): RecordPut {
    return { kind: CROSS_EXAMINATION, id: thread.evidenceId, value: thread, expectedVersion: version, ...(version === 0 ? { indexes: [`case:${thread.caseId}`] } : {}) };
  }

  async claims(caseId: string): Promise<StoredRecord<ClaimsRecord>> {
    return (await this.#store.getRecord<ClaimsRecord>(CLAIMS, caseId)) ?? { value: emptyClaims(caseId), version: 0 };
  }

  claimsPut(record: ClaimsRecord, version: number): RecordPut {
    return { kind: CLAIMS, id: record.caseId, value: record, expectedVersion: version };
  }

  async offers(caseId: string): Promise<StoredRecord<OffersRecord>> {
    return (await this.#store.getRecord<OffersRecord>(OFFERS, caseId)) ?? { value: emptyOffers(caseId), version: 0 };
  }

  offersPut(record: OffersRecord, version: number): RecordPut {
    return { kind: OFFERS, id: record.caseId, value: record, expectedVersion: version };
  }

  /** The case as stored now (a grant holds it as it was when the request began). */
  async courtCase(caseId: string): Promise<StoredRecord<CourtCase>> {
    const stored = await this.#store.getRecord<CourtCase>(CASE, caseId);
    if (stored === undefined) throw new CourtError('CASE_NOT_FOUND', `there is no case ${caseId}`);
    return stored;
  }

  casePut(courtCase: CourtCase, version: number): RecordPut {
    return { kind: CASE, id: courtCase.id, value: courtCase, expectedVersion: version };
  }

  /** Claims a reminder: true for the one caller (of any node) that writes it first. */
  async claimReminder(round: Round, minutesBefore: number, at: string): Promise<boolean> {
    try {
      await this.#store.commit({
        puts: [{ kind: ROUND_REMINDER, id: `${round.id}:${round.deadline.at}:${minutesBefore}`, value: { roundId: round.id, deadline: round.deadline.at, minutesBefore, at }, expectedVersion: 0 }],
      });
      return true;
    } catch (error) {
      if (error instanceof RecordConflictError) return false;
      throw error;
    }
  }

  async participantsOf(caseId: string): Promise<CaseParticipant[]> {
    return (await this.#store.listRecords<CaseParticipant>(PARTICIPANT, `case:${caseId}`)).map((r) => r.value);
  }
}

/**
 * Runs a change built on versioned records again when another writer changed one of them first
 * (the task reads afresh each time, so the rules are checked on what is there now; `attempt`
 * counts from 1, for a task whose first attempt may use what was read before it).
 */
export async function withRetries<T>(task: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (!(error instanceof RecordConflictError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new CourtError('RECORD_CHANGED', 'the round changed many times at the same moment; reload it and try again');
    }
  }
}
