// The join screen: the party's name, the hearing room id and the TCP-only choice, checked
// here with the same rules the server applies, so a mistake is explained before connecting.
import { msg, showText, type Message } from './i18n.js';

export interface JoinDetails {
  displayName: string;
  roomId: string;
  forceTcp: boolean;
}

const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;
// The server refuses names with control characters; so do we, before connecting.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const STORED_NAME = 'crosscourt.displayName';

export class JoinForm {
  readonly #form: HTMLFormElement;
  readonly #name: HTMLInputElement;
  readonly #room: HTMLInputElement;
  readonly #forceTcp: HTMLInputElement;
  readonly #submit: HTMLButtonElement;
  readonly #error: HTMLElement;

  constructor(form: HTMLFormElement, prefill: { displayName: string | null; roomId: string | null; forceTcp: boolean }) {
    this.#form = form;
    this.#name = form.querySelector<HTMLInputElement>('#display-name')!;
    this.#room = form.querySelector<HTMLInputElement>('#room-id')!;
    this.#forceTcp = form.querySelector<HTMLInputElement>('#force-tcp')!;
    this.#submit = form.querySelector<HTMLButtonElement>('#join-button')!;
    this.#error = form.querySelector<HTMLElement>('#join-error')!;
    this.#name.value = prefill.displayName ?? rememberedName();
    this.#room.value = prefill.roomId ?? '';
    this.#forceTcp.checked = prefill.forceTcp;
  }

  onSubmit(join: (details: JoinDetails) => void): void {
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      const details = this.read();
      if (details) join(details);
    });
  }

  /** The details, or undefined (and the reason shown) when they would be refused. */
  read(): JoinDetails | undefined {
    const displayName = this.#name.value.trim();
    const roomId = this.#room.value.trim();
    if (displayName.length < 1 || displayName.length > 64 || CONTROL_CHARACTERS.test(displayName)) {
      this.showError(msg('join.invalidName'));
      this.#name.focus();
      return undefined;
    }
    if (!ROOM_ID.test(roomId)) {
      this.showError(msg('join.invalidRoomId'));
      this.#room.focus();
      return undefined;
    }
    this.clearError();
    try {
      window.localStorage.setItem(STORED_NAME, displayName);
    } catch {
      // storage unavailable: the name is simply not remembered
    }
    return { displayName, roomId, forceTcp: this.#forceTcp.checked };
  }

  setBusy(busy: boolean): void {
    this.#submit.disabled = busy;
    showText(this.#submit, busy ? msg('join.joining') : msg('join.submit'));
  }

  showError(message: Message): void {
    showText(this.#error, message);
    this.#error.hidden = false;
  }

  clearError(): void {
    this.#error.hidden = true;
    this.#error.textContent = '';
    delete this.#error.dataset.i18n;
  }
}

function rememberedName(): string {
  try {
    return window.localStorage.getItem(STORED_NAME) ?? '';
  } catch {
    return '';
  }
}
