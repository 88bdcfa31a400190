// The screen someone shares with the court, shown large above the tiles with the presenter's
// name. Each shared screen gets its own video element and only the latest is shown (two at once
// is rare): a hidden one measures 0 × 0, so the tile-size report gets it the smallest layer.
import { msg, showText } from '../i18n.js';
import { h } from '../record/dom.js';

interface SharedScreen {
  presenterId: string;
  figure: HTMLElement;
  video: HTMLVideoElement;
}

export class ScreenStage {
  readonly element = h('section', { class: 'screen-stage', id: 'screen-stage', hidden: true });
  /** By producer id, in the order they were shared. */
  readonly #screens = new Map<string, SharedScreen>();

  /** Shows a screen as the newest one; returns its video element (to follow its size on screen). */
  show(producerId: string, presenterId: string, presenterName: string, track: MediaStreamTrack): HTMLVideoElement {
    this.remove(producerId);
    const video = h('video', { class: 'screen-stage__video', 'data-screen': 'video' });
    video.autoplay = true;
    video.muted = true; // a screen has no sound; a muted video may always autoplay
    video.playsInline = true;
    video.srcObject = new MediaStream([track]);
    const caption = h('figcaption', { class: 'screen-stage__caption', 'data-screen': 'presenter' });
    // The name is the party's own words: a parameter, never translated.
    showText(caption, msg('screen.presenter', { name: presenterName }));
    const figure = h('figure', { class: 'screen-stage__screen', 'data-producer-id': producerId, 'data-presenter-id': presenterId }, video, caption);
    this.#screens.set(producerId, { presenterId, figure, video });
    this.element.append(figure);
    video.play().catch(() => undefined); // muted: only an interrupted play fails
    this.#render();
    return video;
  }

  remove(producerId: string): void {
    const screen = this.#screens.get(producerId);
    if (!screen) return;
    this.#screens.delete(producerId);
    screen.video.srcObject = null;
    screen.figure.remove();
    this.#render();
  }

  clear(): void {
    for (const producerId of [...this.#screens.keys()]) this.remove(producerId);
  }

  #render(): void {
    const shown = [...this.#screens.values()].at(-1);
    for (const screen of this.#screens.values()) screen.figure.hidden = screen !== shown;
    this.element.hidden = shown === undefined;
    if (shown) this.element.dataset.presenterId = shown.presenterId;
    else delete this.element.dataset.presenterId;
  }
}
