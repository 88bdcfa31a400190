// The message line above every record page, for what outlives a page: "your session has
// ended", "you have signed out". A message can be kept for the page that comes next.
import { showText, type Message } from '../i18n.js';

export type BannerTone = 'info' | 'warning' | 'error';

export class Banner {
  readonly #element: HTMLElement;
  #pending: { message: Message; tone: BannerTone } | undefined;

  constructor(element: HTMLElement) {
    this.#element = element;
  }

  show(message: Message, tone: BannerTone = 'info'): void {
    this.#element.replaceChildren();
    const notice = document.createElement('div');
    notice.className = `notice notice--${tone}`;
    notice.setAttribute('role', tone === 'info' ? 'status' : 'alert');
    const text = document.createElement('p');
    text.className = 'notice__text';
    showText(text, message);
    notice.append(text);
    this.#element.append(notice);
  }

  /** Shows the message on the next page instead of this one. */
  showNext(message: Message, tone: BannerTone = 'info'): void {
    this.#pending = { message, tone };
  }

  /** Called on every page change: clears the banner, or shows what was kept for this page. */
  pageChanged(): void {
    this.#element.replaceChildren();
    if (this.#pending) this.show(this.#pending.message, this.#pending.tone);
    this.#pending = undefined;
  }
}
