// The notice board above the tiles: what the party must know (connection lost, camera blocked,
// sound held back) and what they can do about it. One notice per topic; a newer one replaces it.
import { msg, showAttribute, showText, type Message } from './i18n.js';

export type NoticeTopic = 'connection' | 'capture' | 'media' | 'sound' | 'devices' | 'hearing' | 'phase' | 'court' | 'courtroom' | 'chair';
export type NoticeTone = 'info' | 'warning' | 'error';

export interface NoticeAction {
  label: Message;
  run: () => void;
}

export interface NoticeOptions {
  tone?: NoticeTone;
  actions?: NoticeAction[];
  /** Removes the notice after this long: for good news that needs no action. */
  dismissAfterMs?: number;
}

export class NoticeBoard {
  readonly #container: HTMLElement;
  readonly #timers = new Map<NoticeTopic, ReturnType<typeof setTimeout>>();

  constructor(container: HTMLElement) {
    this.#container = container;
  }

  show(topic: NoticeTopic, messages: Message | Message[], { tone = 'info', actions = [], dismissAfterMs }: NoticeOptions = {}): void {
    this.clear(topic);
    const notice = document.createElement('div');
    notice.className = `notice notice--${tone}`;
    notice.dataset.notice = topic;
    notice.setAttribute('role', tone === 'info' ? 'status' : 'alert');

    const text = document.createElement('div');
    text.className = 'notice__text';
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      const line = document.createElement('p');
      showText(line, message);
      text.append(line);
    }
    notice.append(text);

    const buttons = document.createElement('div');
    buttons.className = 'notice__actions';
    for (const action of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button--small';
      showText(button, action.label);
      button.addEventListener('click', action.run);
      buttons.append(button);
    }
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'notice__dismiss';
    dismiss.textContent = '×';
    showAttribute(dismiss, 'aria-label', msg('notice.dismiss'));
    showAttribute(dismiss, 'title', msg('notice.dismiss'));
    dismiss.addEventListener('click', () => this.clear(topic));
    buttons.append(dismiss);
    notice.append(buttons);

    this.#container.append(notice);
    if (dismissAfterMs !== undefined) this.#timers.set(topic, setTimeout(() => this.clear(topic), dismissAfterMs));
  }

  clear(topic: NoticeTopic): void {
    clearTimeout(this.#timers.get(topic));
    this.#timers.delete(topic);
    this.#container.querySelector(`[data-notice="${topic}"]`)?.remove();
  }
}
