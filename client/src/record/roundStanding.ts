// Where the viewer stands in a round, from the round as the court sent it: whether they must
// still answer, have answered every question, or are not asked. No DOM (unit tests import it).
import type { RoundView } from './apiTypes.js';

export type Standing =
  /** Asked to answer, some question still unanswered, the round takes answers. */
  | 'mustAnswer'
  /** Asked to answer and every question answered (answers may still be edited until the deadline). */
  | 'answered'
  /** Asked to answer, but the round takes no more answers (closed, suspended, deadline passed). */
  | 'missed'
  /** Not asked to answer in this round. */
  | 'notRequired';

/** Whether the round takes answers now (the court decides; this only says what to offer). */
export function takesAnswers(round: Pick<RoundView, 'status' | 'deadline' | 'late' | 'closesAt'>, nowMs: number): boolean {
  if (round.status !== 'open') return false;
  if (!round.deadline.passed) return true;
  return round.late.rule === 'acceptFlagged' && Date.parse(round.closesAt) > nowMs;
}

export function standingIn(round: RoundView, nowMs: number): Standing {
  if (!round.you.required) return 'notRequired';
  const mine = round.required.filter((r) => round.you.answersFor.includes(r.participantId));
  const complete = mine.length > 0 && mine.every((r) => r.answeredQuestions >= round.threads.length);
  if (complete) return 'answered';
  return takesAnswers(round, nowMs) ? 'mustAnswer' : 'missed';
}

/** The parties whose answer to one question the viewer may write, and which of them has one already. */
export function ownAnswers(round: RoundView, threadId: string): Array<{ participantId: string; displayName: string; answer: RoundView['threads'][number]['answers'][number] | undefined }> {
  const thread = round.threads.find((t) => t.id === threadId);
  return round.you.answersFor.map((participantId) => ({
    participantId,
    displayName: round.required.find((r) => r.participantId === participantId)?.displayName ?? participantId,
    answer: thread?.answers.find((a) => a.for === participantId),
  }));
}
