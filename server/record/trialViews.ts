// How the asynchronous trial is shown to one viewer — over REST and in socket pushes alike, so
// both apply the same sealing rules (domain/trial/exchangeRule.ts). Nothing here reads or writes
// the store: the services load the records and hand them in.
import { isAllowed } from '../domain/access/permissions.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import { answerableBy, type Answer, type AnswerVersion } from '../domain/trial/answer.js';
import { consentOf, type TrialState } from '../domain/trial/consent.js';
import { deadlineView } from '../domain/trial/deadline.js';
import { timedTextVisibleTo, type QuestionOpening } from '../domain/trial/answerWindow.js';
import { answerVisibleTo, isSealed, roundVisibleTo, type Viewer } from '../domain/trial/exchangeRule.js';
import type { Thread } from '../domain/trial/question.js';
import { closesAt, completedAt, hasAnsweredAll, isRequired, type Round } from '../domain/trial/round.js';
import type { AnswerVersionsView, AnswerView, RoundSummaryView, RoundView, ThreadView, TrialView } from '../protocol/trialSchemas.js';
import type { RoundRead } from './trialRecords.js';

export function viewerOf(participant: CaseParticipant): Viewer {
  return { participantId: participant.id, role: participant.role, ...(participant.side === undefined ? {} : { side: participant.side }) };
}

/** Whether the participant sees the round at all: the table (round.view), then the round's own rule. */
export function seesRound(participant: CaseParticipant, round: Round): boolean {
  return participant.removedAt === undefined && isAllowed(participant.role, 'round.view') && roundVisibleTo(viewerOf(participant), round);
}

export function seesAnswer(participant: CaseParticipant, answer: Answer, round: Round): boolean {
  return answerVisibleTo(viewerOf(participant), ownerOf(answer), round);
}

function ownerOf(answer: Answer) {
  return { participantId: answer.for, ...(answer.forSide === undefined ? {} : { side: answer.forSide }) };
}

export function trialViewOf(state: TrialState, participants: readonly CaseParticipant[]): TrialView {
  const summary = consentOf(participants, state.consents);
  const byId = new Map(participants.map((p) => [p.id, p]));
  return {
    caseId: state.caseId,
    mode: state.mode,
    ...(state.modeSince === undefined ? {} : { modeSince: state.modeSince }),
    complete: summary.complete,
    sides: summary.sides.map((s) => ({ ...s, withdrawnBy: [...s.withdrawnBy], missing: [...s.missing] })),
    consents: Object.values(state.consents).map((c) => {
      const p = byId.get(c.participantId);
      return {
        ...c,
        displayName: p?.displayName ?? c.participantId,
        role: p?.role ?? 'claimant',
        ...(p?.side === undefined ? {} : { side: p.side }),
      };
    }),
  };
}

export function answerViewOf(answer: Answer, round: Round): AnswerView {
  const { current } = answer;
  return {
    id: answer.id,
    roundId: answer.roundId,
    threadId: answer.threadId,
    for: answer.for,
    forName: answer.forName,
    ...(answer.forSide === undefined ? {} : { forSide: answer.forSide }),
    version: answer.version,
    text: current.text,
    language: current.language,
    attachments: [...current.attachments],
    submittedAt: current.submittedAt,
    submittedBy: current.submittedBy,
    submittedByName: current.submittedByName,
    firstSubmittedAt: answer.firstSubmittedAt,
    late: current.late,
    afterReveal: current.afterReveal,
    sealed: isSealed(round),
    commitment: current.commitment,
    ledgerSeq: current.ledgerSeq,
    ...(current.window === undefined ? {} : { window: { ...current.window } }),
  };
}

export function versionsViewOf(answer: Answer, versions: readonly AnswerVersion[], round: Round): AnswerVersionsView {
  const open = !isSealed(round);
  return {
    answerId: answer.id,
    versions: versions.map(({ nonce, ...v }) => ({ ...v, attachments: [...v.attachments], ...(open && nonce !== undefined ? { nonce } : {}) })),
  };
}

export function threadViewOf(thread: Thread, round: Round, answers: readonly Answer[], viewer: CaseParticipant, openings: readonly QuestionOpening[] = [], now?: Date): ThreadView {
  const given = answers.filter((a) => a.threadId === thread.id);
  const visible = given.filter((a) => seesAnswer(viewer, a, round));
  const readable = thread.timed === undefined || timedTextReadableBy(viewer, thread, round, openings);
  return {
    id: thread.id,
    kind: thread.kind,
    text: readable ? thread.text : '',
    language: thread.language,
    askedBy: thread.askedBy,
    askedAt: thread.askedAt,
    answers: visible.map((a) => answerViewOf(a, round)),
    sealedFromYou: given.length - visible.length,
    ...(readable ? {} : { hiddenUntilOpened: true as const }),
    ...(thread.timed === undefined ? {} : { answerWindow: answerWindowView(thread, openings, viewer, readable, now) }),
  };
}

/** Whether the viewer may read a timed question's text now (domain/trial/answerWindow.ts). */
export function timedTextReadableBy(viewer: CaseParticipant, thread: Thread, round: Round, openings: readonly QuestionOpening[]): boolean {
  const openedBy = new Set(openings.filter((o) => o.threadId === thread.id).map((o) => o.participantId));
  return timedTextVisibleTo(viewerOf(viewer), round.required.map((r) => r.participantId), openedBy, round.status === 'closed');
}

function answerWindowView(thread: Thread, openings: readonly QuestionOpening[], viewer: CaseParticipant, readable: boolean, now: Date | undefined): NonNullable<ThreadView['answerWindow']> {
  const timed = thread.timed!;
  const ofThread = openings.filter((o) => o.threadId === thread.id);
  const mine = ofThread.find((o) => o.participantId === viewer.id);
  return {
    minutes: timed.minutes,
    commitment: timed.commitment,
    ...(readable ? { nonce: timed.nonce } : {}),
    ...(mine === undefined ? {} : { yours: { openedAt: mine.openedAt, closesAt: mine.closesAt, passed: now !== undefined && now.getTime() > Date.parse(mine.closesAt) } }),
    openings: ofThread.map((o) => ({ participantId: o.participantId, openedAt: o.openedAt, closesAt: o.closesAt })),
  };
}

/** The whole round as one participant sees it: their clock, the answers they may see, who has been served, read and answered. */
export function roundViewOf(round: Round, answers: readonly Answer[], reads: readonly RoundRead[], viewer: CaseParticipant, now: Date, openings: readonly QuestionOpening[] = []): RoundView {
  const firstOpened = new Map(reads.map((r) => [r.participantId, r.at]));
  return {
    id: round.id,
    caseId: round.caseId,
    number: round.number,
    stage: round.stage,
    title: round.title,
    presidingRole: round.presidingRole,
    openedBy: round.openedBy,
    openedAt: round.openedAt,
    status: round.status,
    ...pick(round, ['suspendedAt', 'closedAt', 'closedBy', 'closedBecause', 'closeReason', 'revealedAt']),
    exchange: round.exchange,
    ...pick(round, ['privateTo', 'caucusNonce']),
    sealed: isSealed(round),
    late: round.late.kind === 'refuse' ? { rule: 'refuse' } : { rule: 'acceptFlagged', windowMinutes: round.late.windowMinutes },
    deadline: deadlineView(round.deadline, viewer, now),
    closesAt: closesAt(round),
    deadlineHistory: round.deadlineHistory.map((change) => ({ ...change })),
    required: round.required.map((r) => {
      const done = completedAt(round, r.participantId);
      const opened = firstOpened.get(r.participantId);
      return {
        ...r,
        ...(opened === undefined ? {} : { firstOpenedAt: opened }),
        answeredQuestions: Object.keys(round.answered[r.participantId] ?? {}).length,
        ...(done === undefined ? {} : { completedAt: done }),
      };
    }),
    threads: round.threads.map((thread) => threadViewOf(thread, round, answers, viewer, openings, now)),
    extensionRequests: round.extensionRequests.map((request) => ({ ...request })),
    you: { participantId: viewer.id, required: isRequired(round, viewer.id), answersFor: answerableBy(viewer, round) },
  };
}

export function roundSummaryOf(round: Round, viewer: CaseParticipant, now: Date): RoundSummaryView {
  return {
    id: round.id,
    number: round.number,
    stage: round.stage,
    title: round.title,
    status: round.status,
    exchange: round.exchange,
    ...pick(round, ['privateTo']),
    sealed: isSealed(round),
    deadline: deadlineView(round.deadline, viewer, now),
    closesAt: closesAt(round),
    openedAt: round.openedAt,
    questions: round.threads.length,
    you: { required: isRequired(round, viewer.id), answeredAll: isRequired(round, viewer.id) && hasAnsweredAll(round, viewer.id) },
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
