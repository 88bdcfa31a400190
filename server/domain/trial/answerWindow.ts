// Timed answer windows, against coaching (the main criticism of asynchronous cross-examination):
// the court may require a question to be answered within a window — e.g. 15 minutes — that
// starts, for each participant the round asks, when they first open the question. Until then
// they do not see its text; nor does anyone else but the court until every participant it is put
// to has opened it (or the round has closed), so nobody can read it out to a witness beforehand.
// The ledger takes a salted commitment of the text when the round opens, and the text with its
// nonce when the last of them opens it.
//
// A window is personal: only the participant opens it (counsel cannot open it for its party, nor
// anyone for anyone else), and only they answer a timed question — in person. An answer after
// the window is refused (WINDOW_CLOSED) or, if the round accepts late answers, taken and flagged.
import { isCourt, type Viewer } from './exchangeRule.js';
import { CourtError } from '../CourtError.js';
import type { LateRule } from './round.js';

export const MIN_WINDOW_MINUTES = 1;
export const MAX_WINDOW_MINUTES = 24 * 60;

export interface TimedQuestion {
  readonly minutes: number;
  /** sealCommitment of { threadId, text, language } with `nonce`: what the round's ledger entry holds. */
  readonly commitment: string;
  readonly nonce: string;
}

/** When a participant first opened a timed question: their window. Written once. */
export interface QuestionOpening {
  readonly roundId: string;
  readonly threadId: string;
  readonly participantId: string;
  readonly openedAt: string;
  readonly closesAt: string;
  readonly ledgerSeq: number;
}

export function windowClosesAt(openedAt: string, minutes: number): string {
  return new Date(Date.parse(openedAt) + minutes * 60_000).toISOString();
}

export function requireTimed(thread: { readonly id: string; readonly timed?: TimedQuestion }): TimedQuestion {
  if (thread.timed === undefined) throw new CourtError('QUESTION_NOT_TIMED', `question ${thread.id} has no answer window; read it with GET …/threads/${thread.id}`);
  return thread.timed;
}

/** Only the participant opens their own window: `forId`, if given, must be the opener. */
export function requireOwnWindow(openerId: string, forId: string | undefined): void {
  if (forId !== undefined && forId !== openerId) {
    throw new CourtError('NOT_YOUR_WINDOW', "an answer window is personal: only the participant the question is put to opens it, when they are ready to answer; leave out \"for\"");
  }
}

/**
 * Whether an answer to a timed question is taken now, and whether it comes outside the window.
 * The question must have been opened by the one whose answer it is, and be answered by them.
 */
export function acceptsTimedAnswer(
  opening: QuestionOpening | undefined,
  writerId: string,
  ownerId: string,
  late: LateRule,
  now: Date,
  editing: boolean,
): { outsideWindow: boolean } {
  if (writerId !== ownerId) throw new CourtError('NOT_YOUR_ANSWER', 'a timed question is answered in person, by the participant it is put to; counsel cannot answer it for them');
  if (opening === undefined) throw new CourtError('WINDOW_NOT_OPENED', 'open the question first (POST …/window): its answer window starts then');
  if (now.getTime() <= Date.parse(opening.closesAt)) return { outsideWindow: false };
  if (editing || late.kind === 'refuse') {
    throw new CourtError('WINDOW_CLOSED', `your answer window opened at ${opening.openedAt} and closed at ${opening.closesAt}${editing ? '; an answer can be changed only within it' : ''}`);
  }
  return { outsideWindow: true };
}

/**
 * Whether a viewer may read a timed question's text: the court always; a participant it is put to
 * once they have opened it; anyone else once everyone it is put to has opened it, or the round
 * has closed.
 */
export function timedTextVisibleTo(viewer: Viewer, required: readonly string[], openedBy: ReadonlySet<string>, roundClosed: boolean): boolean {
  if (isCourt(viewer.role) || roundClosed) return true;
  if (required.includes(viewer.participantId)) return openedBy.has(viewer.participantId);
  return required.every((id) => openedBy.has(id));
}
