// Sharing one's screen with the court: the "Share screen" / "Stop sharing" control and the screen
// producer behind it, a producer of its own beside the camera. The presiding side may always
// share; a party only with the judge's leave (the courtroom view's `mayPresent`; the server
// checks again and is the authority). Sharing stops when the browser's own "Stop sharing" ends
// the track, when the court withdraws its leave (the server has closed the producer by then),
// when we are moved to another room of the hearing, and when the session ends.
import type { Seat } from '../../../server/domain/hearing/Courtroom.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { failureMessage, SignallingError } from '../hearingConnection.js';
import type { HearingSession } from '../hearingSession.js';
import { msg, showAttribute, showText, type Message } from '../i18n.js';
import type { MediaSession } from '../mediaSession.js';
import type { NoticeBoard } from '../notices.js';

/** What came of an attempt to share: the server's refusal code, or the browser's error name. */
export type ShareOutcome = { ok: true } | { ok: false; code: string };

/** Screens change slowly and their text must stay sharp: detail over motion. */
const DISPLAY_CONSTRAINTS: DisplayMediaStreamOptions = { video: { height: { max: 1080 }, frameRate: { max: 15 } }, audio: false };

/** Refusals the court gives, each explained in the party's own language. */
const REFUSALS: Partial<Record<string, Message>> = {
  NOT_PRESENTER: msg('screen.refused.NOT_PRESENTER'),
  FORBIDDEN: msg('screen.refused.FORBIDDEN'),
  NOT_ADMITTED: msg('screen.refused.NOT_ADMITTED'),
};

export class ScreenShare {
  readonly #button: HTMLButtonElement;
  readonly #session: HearingSession;
  readonly #notices: NoticeBoard;
  #track: MediaStreamTrack | undefined;
  /** The media session the screen is sent on: after a reconnection the new one must send it again. */
  #sentOn: MediaSession | undefined;
  /** Where we sat when sharing began: the screen was shared with that room only. */
  #sharedFrom: Seat | undefined;
  #starting = false;

  constructor(button: HTMLButtonElement, session: HearingSession, notices: NoticeBoard, signal: AbortSignal) {
    this.#button = button;
    this.#session = session;
    this.#notices = notices;
    button.addEventListener('click', () => void (this.sharing ? this.stop() : this.start()), { signal });
    const stops = [
      session.on('courtroom', (view) => this.#follow(view)),
      session.on('local', () => void this.#followMedia()),
      session.on('phase', () => this.render()),
    ];
    signal.addEventListener('abort', () => {
      for (const stop of stops) stop();
      void this.stop();
    });
    this.render();
  }

  get sharing(): boolean {
    return this.#track !== undefined;
  }

  /** Whether the court lets us share now, as its last view says. */
  get allowed(): boolean {
    const you = this.#session.courtroom?.you;
    return this.#session.phase === 'joined' && you !== undefined && you.mayPresent && you.seat !== 'lobby' && you.seat !== 'gallery';
  }

  /**
   * Asks the browser for a screen and sends it. `force` skips this page's own check of the
   * court's leave (the diagnostics hook uses it to show that the server refuses).
   */
  async start({ force = false } = {}): Promise<ShareOutcome> {
    if (this.#track || this.#starting) return { ok: false, code: 'InvalidStateError' };
    if (!force && !this.allowed) return this.#failed(new SignallingError('NOT_PRESENTER', 'no leave to present'));
    this.#starting = true;
    this.render();
    try {
      const track = await captureDisplay();
      this.#track = track;
      this.#sharedFrom = this.#session.courtroom?.you.seat;
      // The browser's own "Stop sharing" bar ends the track.
      track.addEventListener('ended', () => void this.stop(), { once: true });
      await this.#send(track);
      return { ok: true };
    } catch (error) {
      this.#dropTrack();
      return this.#failed(error);
    } finally {
      this.#starting = false;
      // The court may have changed its mind while the browser asked which screen to share.
      const view = this.#session.courtroom;
      if (view) this.#follow(view);
      else this.render();
    }
  }

  /** Stops sharing; `why` tells the party when it was not their own doing. */
  async stop(why?: Message): Promise<void> {
    const media = this.#sentOn;
    const wasSharing = this.sharing;
    this.#dropTrack();
    this.render();
    if (why && wasSharing) this.#notices.show('court', why, { tone: 'warning' });
    await media?.stopScreen();
  }

  render(): void {
    const label = this.sharing ? msg('controls.stopSharing') : msg('controls.shareScreen');
    // Stopping is always possible; starting only with the court's leave.
    const heldBack = !this.sharing && !this.allowed;
    showText(this.#button.querySelector<HTMLElement>('.control__label')!, label);
    showAttribute(this.#button, 'title', heldBack ? msg('screen.needsLeave') : label);
    this.#button.disabled = heldBack || this.#starting;
    this.#button.classList.toggle('control--active', this.sharing);
    this.#button.setAttribute('aria-pressed', String(this.sharing));
  }

  async #send(track: MediaStreamTrack): Promise<void> {
    const media = this.#session.media;
    if (!media) throw new SignallingError('NOT_ADMITTED', 'no media in the hearing room yet');
    this.#sentOn = media;
    await media.shareScreen(track);
  }

  /** The court's view changed: its leave withdrawn, or we were moved to another room. */
  #follow(view: CourtroomView): void {
    if (this.sharing && !this.#starting) {
      if (!view.you.mayPresent) void this.stop(msg('screen.leaveWithdrawn'));
      else if (view.you.seat !== this.#sharedFrom) void this.stop(msg('screen.stoppedMoved'));
    }
    this.render();
  }

  /** Media was set up again (a reconnection): the screen still shared is sent on the new media. */
  async #followMedia(): Promise<void> {
    const media = this.#session.media;
    const track = this.#track;
    if (!track || this.#starting || media === this.#sentOn) return;
    this.#sentOn = undefined;
    if (!media) return; // the new media comes with the next 'local'
    try {
      await this.#send(track);
    } catch (error) {
      if (media !== this.#session.media || track !== this.#track) return;
      this.#dropTrack();
      this.render();
      this.#failed(error);
    }
  }

  #dropTrack(): void {
    this.#track?.stop(); // stop() fires no 'ended': no second stop
    this.#track = undefined;
    this.#sentOn = undefined;
    this.#sharedFrom = undefined;
  }

  /** Tells the party why sharing did not start, and returns the code for the caller. */
  #failed(error: unknown): ShareOutcome {
    if (error instanceof SignallingError) {
      const refusal = REFUSALS[error.code];
      if (refusal) this.#notices.show('court', refusal, { tone: 'warning', dismissAfterMs: 10_000 });
      else this.#notices.show('media', msg('screen.failed', { detail: failureMessage(error) }), { tone: 'error', dismissAfterMs: 10_000 });
      return { ok: false, code: error.code };
    }
    const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
    // NotAllowedError: the party cancelled the browser's picker, or policy forbids capture.
    const message = name === 'NotAllowedError' ? msg('screen.captureCancelled') : name === 'NotSupportedError' ? msg('screen.unsupported') : msg('screen.captureFailed', { detail: name });
    this.#notices.show('media', message, { tone: 'warning', dismissAfterMs: 10_000 });
    return { ok: false, code: name };
  }
}

async function captureDisplay(): Promise<MediaStreamTrack> {
  if (!navigator.mediaDevices?.getDisplayMedia) throw new DOMException('getDisplayMedia unavailable', 'NotSupportedError');
  const stream = await navigator.mediaDevices.getDisplayMedia(DISPLAY_CONSTRAINTS);
  const track = stream.getVideoTracks()[0];
  if (!track) throw new DOMException('no video track', 'NotFoundError');
  track.contentHint = 'detail';
  return track;
}
