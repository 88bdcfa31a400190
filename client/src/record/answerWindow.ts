// Timed questions (answer windows) as the viewer sees them: whether the question waits to be
// opened, runs, or has closed, and where the window's countdown ends on this browser's clock.
// No DOM (unit tests import it).
//
// As with deadlines, the court is the clock's authority: the round carries the deadline and the
// seconds left to it by the court's clock, which give the court's "now" when the view was made;
// the window's end is placed on the browser's clock from that, not from the browser's own time.
import type { RoundView, ThreadView } from './apiTypes.js';

/** The court's clock at the moment the round's view was received, in ms since the epoch. */
export function courtNowAt(deadline: Pick<RoundView['deadline'], 'at' | 'remainingSeconds' | 'passed'>, receivedAtMs: number): number {
  // After the deadline remainingSeconds stays 0 and says nothing: use the browser's clock.
  if (deadline.passed || deadline.remainingSeconds <= 0) return receivedAtMs;
  return Date.parse(deadline.at) - deadline.remainingSeconds * 1000;
}

/** Where, on this browser's clock, a window closing at `closesAt` (the court's clock) ends. */
export function windowTarget(closesAt: string, deadline: Pick<RoundView['deadline'], 'at' | 'remainingSeconds' | 'passed'>, receivedAtMs: number): number {
  return receivedAtMs + (Date.parse(closesAt) - courtNowAt(deadline, receivedAtMs));
}

export type WindowState =
  /** Not a timed question. */
  | 'untimed'
  /** Put to the viewer, not opened yet: its text is hidden until they open it. */
  | 'unopened'
  /** Opened by the viewer; the window runs. */
  | 'running'
  /** Opened by the viewer; the window has closed. */
  | 'closed'
  /** Not the viewer's to open, and its text is still hidden from them. */
  | 'hidden'
  /** Not the viewer's to open, and readable (the court, or everyone asked has opened it). */
  | 'readable';

export function windowStateOf(thread: Pick<ThreadView, 'answerWindow' | 'hiddenUntilOpened'>, round: Pick<RoundView, 'you' | 'required'>): WindowState {
  const timed = thread.answerWindow;
  if (timed === undefined) return 'untimed';
  if (timed.yours !== undefined) return timed.yours.passed ? 'closed' : 'running';
  // A window is personal: only those asked themselves open it (counsel does not open a party's).
  if (round.required.some((r) => r.participantId === round.you.participantId)) return 'unopened';
  return thread.hiddenUntilOpened ? 'hidden' : 'readable';
}

export interface WindowRecordRow {
  participantId: string;
  displayName: string;
  openedAt?: string;
  closesAt?: string;
  /** When their first answer to the question came, and whether its latest version was outside the window. */
  answeredAt?: string;
  outside: boolean;
}

/** For the court: each participant asked, when they opened the question and when they answered it. */
export function windowRecord(thread: Pick<ThreadView, 'answerWindow' | 'answers'>, round: Pick<RoundView, 'required'>): WindowRecordRow[] {
  const openings = thread.answerWindow?.openings ?? [];
  return round.required.map((r) => {
    const opening = openings.find((o) => o.participantId === r.participantId);
    const answer = thread.answers.find((a) => a.for === r.participantId);
    return {
      participantId: r.participantId,
      displayName: r.displayName,
      ...(opening === undefined ? {} : { openedAt: opening.openedAt, closesAt: opening.closesAt }),
      ...(answer === undefined ? {} : { answeredAt: answer.firstSubmittedAt }),
      outside: answer?.window?.outside ?? false,
    };
  });
}
