// A question the court puts in a round. Each question is a thread: the required participants
// answer in it (answer.ts), and later kinds of thread hang off the same shape — an evidence item
// put to cross-examination ('about' an evidence id), a claim answered point by point, a follow-up
// question the judge adds to a thread (a post with a parent) — without changing how rounds,
// deadlines, sealing or service work.
import { CourtError } from '../CourtError.js';
import type { TimedQuestion } from './answerWindow.js';

export const MAX_QUESTIONS = 20;
export const MAX_QUESTION_CHARS = 4000;

export type ThreadKind = 'question';

export interface Thread {
  /** The thread's id; answers name it. */
  readonly id: string;
  readonly kind: ThreadKind;
  readonly text: string;
  /** BCP 47 tag of the language the question is put in. */
  readonly language: string;
  readonly askedBy: string;
  readonly askedAt: string;
  /** A question to be answered within a window from when each participant first opens it (answerWindow.ts). */
  readonly timed?: TimedQuestion;
}

export function findThread(threads: readonly Thread[], threadId: string): Thread {
  const thread = threads.find((t) => t.id === threadId);
  if (thread === undefined) throw new CourtError('THREAD_NOT_FOUND', `this round has no question ${threadId}`);
  return thread;
}
