// Messages between the interpretation benchmark (the parent, which runs the court server and
// measures) and its client processes (which run the synthetic participants on libwebrtc). Over
// Node's fork() IPC channel.

export interface SyntheticVideo {
  width: number;
  height: number;
  fps: number;
}

/** What a participant sends: the floor's microphone and camera, or an interpreter's voice into a channel. */
export type Sending = { kind: 'floor'; video: SyntheticVideo | null } | { kind: 'interpretation'; language: string };

export type ToClient =
  /**
   * Join one participant; they send what `sending` says (a tone when `speaking`, else an open but
   * silent microphone with Opus DTX) and consume every producer the server offers them, as the
   * browser client does: create paused, attach, resume.
   */
  | { type: 'join'; url: string; hearingId: string; token: string; sending: Sending; speaking: boolean }
  /** A listener chooses the floor or a language channel. */
  | { type: 'listen'; participantId: string; channel: string }
  /** A participant leaves the hearing (and their media closes). */
  | { type: 'leave'; participantId: string }
  /** Consumers this process's participants hold open now, and how many could not be created. */
  | { type: 'count' }
  | { type: 'close' };

export type FromClient =
  | { type: 'ready' }
  | { type: 'joined'; participantId: string }
  | { type: 'listened' }
  | { type: 'left' }
  | { type: 'count'; open: number; failed: number; pending: number }
  | { type: 'error'; message: string }
  | { type: 'closed' };
