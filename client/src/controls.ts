// The control bar of a hearing: microphone and camera toggles and the leave button. Their
// labels say what a click will do, and follow the session's state (including a server mute).
// While the court does not let the party send (its mute, or the floor in "floor only" mode),
// the button is disabled and a line says why. Listeners live as long as `signal`: one
// session's controls must not act on the next one.
import { courtMuteMessage, type HearingSession } from './hearingSession.js';
import { msg, showAttribute, showText, type Message } from './i18n.js';
import type { LocalMedia, LocalSource } from './localMedia.js';

export interface ControlElements {
  microphone: HTMLButtonElement;
  camera: HTMLButtonElement;
  leave: HTMLButtonElement;
  /** Says why the microphone or camera cannot be turned on now. */
  explanation: HTMLElement;
}

const LABELS: Record<LocalSource, { enable: Message; mute: Message; unmute: Message }> = {
  microphone: {
    enable: msg('controls.enableMicrophone'),
    mute: msg('controls.muteMicrophone'),
    unmute: msg('controls.unmuteMicrophone'),
  },
  camera: { enable: msg('controls.enableCamera'), mute: msg('controls.cameraOff'), unmute: msg('controls.cameraOn') },
};

export class HearingControls {
  readonly #elements: ControlElements;
  readonly #localMedia: LocalMedia;
  readonly #session: HearingSession;

  constructor(elements: ControlElements, session: HearingSession, localMedia: LocalMedia, signal: AbortSignal) {
    this.#elements = elements;
    this.#localMedia = localMedia;
    this.#session = session;
    for (const source of ['microphone', 'camera'] as const) {
      elements[source].addEventListener('click', () => {
        // Without a track, the button asks for the device again (after a refusal, say).
        if (!localMedia.track(source)) void session.captureLocalMedia();
        else void session.setMuted(source, !localMedia.muted(source));
      }, { signal });
    }
    elements.leave.addEventListener('click', () => void session.leave(), { signal });
    showText(elements.leave.querySelector('.control__label')!, msg('controls.leave'));
    this.render();
  }

  render(): void {
    const explanations: Message[] = [];
    for (const source of ['microphone', 'camera'] as const) {
      const button = this.#elements[source];
      const hasTrack = this.#localMedia.track(source) !== undefined;
      const muted = !hasTrack || this.#localMedia.muted(source);
      const label = !hasTrack ? LABELS[source].enable : muted ? LABELS[source].unmute : LABELS[source].mute;
      // Muting is always possible; turning on only when the court lets us.
      const heldBack = muted && this.#session.phase === 'joined' && !this.#session.mayUnmute(source);
      const why = heldBack ? courtMuteMessage(this.#session.courtroom, source) : undefined;
      if (why) explanations.push(why);
      showText(button.querySelector<HTMLElement>('.control__label')!, label);
      showAttribute(button, 'title', why ?? label);
      button.disabled = heldBack;
      button.classList.toggle('control--off', muted);
      button.classList.toggle('control--held', heldBack);
      button.setAttribute('aria-pressed', String(hasTrack && muted));
      if (heldBack) button.setAttribute('aria-describedby', this.#elements.explanation.id);
      else button.removeAttribute('aria-describedby');
    }
    const explanation = this.#elements.explanation;
    explanation.hidden = explanations.length === 0;
    explanation.replaceChildren(
      ...explanations.map((message) => {
        const line = document.createElement('span');
        showText(line, message);
        return line;
      }),
    );
  }
}
