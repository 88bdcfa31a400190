// The join screen: who we are signed in as, the hearing to join, and the TCP-only
// choice, checked here with the rule the server applies, so a mistake is explained before
// connecting. Who may join is the server's decision, made from the session.
import { msg, showText, type Message } from './i18n.js';

export interface JoinDetails {
  hearingId: string;
  forceTcp: boolean;
}

const HEARING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class JoinForm {
  readonly #form: HTMLFormElement;
  readonly #signedInAs: HTMLElement;
  readonly #hearingId: HTMLInputElement;
  readonly #forceTcp: HTMLInputElement;
  readonly #submit: HTMLButtonElement;
  readonly #error: HTMLElement;

  constructor(form: HTMLFormElement, prefill: { hearingId: string | null; forceTcp: boolean; displayName: string | undefined }) {
    this.#form = form;
    this.#signedInAs = form.querySelector<HTMLElement>('#signed-in-as')!;
    this.#hearingId = form.querySelector<HTMLInputElement>('#hearing-id')!;
    this.#forceTcp = form.querySelector<HTMLInputElement>('#force-tcp')!;
    this.#submit = form.querySelector<HTMLButtonElement>('#join-button')!;
    this.#error = form.querySelector<HTMLElement>('#join-error')!;
    this.#hearingId.value = prefill.hearingId ?? '';
    this.#forceTcp.checked = prefill.forceTcp;
    if (prefill.displayName === undefined) {
      showText(this.#signedInAs, msg('join.notSignedIn'));
      this.#submit.disabled = true;
    } else {
      showText(this.#signedInAs, msg('join.signedInAs', { name: prefill.displayName }));
    }
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
    const hearingId = this.#hearingId.value.trim().toLowerCase();
    if (!HEARING_ID.test(hearingId)) {
      this.showError(msg('join.invalidHearingId'));
      this.#hearingId.focus();
      return undefined;
    }
    this.clearError();
    return { hearingId, forceTcp: this.#forceTcp.checked };
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
