// Messages between the media benchmark (the parent, which runs the court server) and its client
// processes (which run the synthetic participants on libwebrtc). Over Node's fork() IPC channel.

export interface SyntheticMedia {
  audio: boolean;
  /** Silent microphones send Opus DTX (a packet every 400 ms) instead of 50 packets a second. */
  dtx: boolean;
  /** null: no camera. */
  video: { width: number; height: number; fps: number } | null;
}

export type ToClient =
  /**
   * Join these participants one after another; each sends `media` and consumes every other
   * producer. Speaking participants send a tone; the others an open but silent microphone.
   */
  | { type: 'join'; url: string; hearingId: string; passes: Array<{ name: string; token: string }>; speaking: boolean; media: SyntheticMedia }
  /** How many consumers this process's participants have created and resumed. */
  | { type: 'count' }
  /** One receive-only join measured from `hearing:join` to its first decoded video frame. */
  | { type: 'probe'; url: string; hearingId: string; token: string; timeoutMs: number }
  | { type: 'close' };

export interface ProbeResult {
  ok: boolean;
  error?: string;
  /** All times in ms from the moment `hearing:join` was sent. */
  joinAckMs: number;
  /** The receive transport exists on both sides (transport:create acknowledged, device loaded). */
  transportMs: number;
  /** The first camera's consumer: created on the server, attached to the PeerConnection, resumed. */
  firstCameraCreatedMs: number | null;
  firstCameraAttachedMs: number | null;
  firstCameraResumedMs: number | null;
  /** First decoded video frame of any camera. */
  firstFrameMs: number | null;
  /** Every camera present at join time has shown a decoded frame. */
  allCamerasMs: number | null;
  cameras: number;
  consumed: number;
}

export type FromClient =
  | { type: 'ready' }
  | { type: 'joined'; participantIds: string[]; joinMs: number[] }
  | { type: 'count'; resumed: number; failed: number }
  | { type: 'probed'; result: ProbeResult }
  | { type: 'error'; message: string }
  | { type: 'closed' };
