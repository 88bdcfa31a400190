// The witness's side of an oath: when the judge calls them to affirm, the text in their
// language (as the court chose it) with a button to confirm; the confirmation and its time go
// on the hearing record and the ledger (the server's doing).
import type { CourtroomNotice } from '../../../server/protocol/hearingRoomEvents.js';
import { msg } from '../i18n.js';
import type { NoticeBoard } from '../notices.js';
import { button, h, t } from '../record/dom.js';
import type { CourtroomCommands } from './courtroomCommands.js';

type OathCalled = Extract<CourtroomNotice, { type: 'oathCalled' }>;

export class OathPrompt {
  readonly #dialog: HTMLDialogElement;
  readonly #commands: CourtroomCommands;
  readonly #notices: NoticeBoard;

  constructor(commands: CourtroomCommands, notices: NoticeBoard) {
    this.#commands = commands;
    this.#notices = notices;
    this.#dialog = h('dialog', { class: 'oath', id: 'oath-prompt', 'aria-labelledby': 'oath-heading' });
    document.body.append(this.#dialog);
  }

  show(oath: OathCalled): void {
    const confirm = button(msg('oath.confirm'), { 'data-action': 'confirm-oath', class: 'button button--primary' });
    const later = button(msg('oath.notNow'), { 'data-action': 'dismiss-oath' });
    confirm.addEventListener('click', async () => {
      if (!(await this.#commands.run({ action: 'confirmOath', oathId: oath.oathId }, confirm))) return;
      this.#dialog.close();
      this.#notices.show('court', msg('oath.confirmed'), { dismissAfterMs: 8_000 });
    });
    later.addEventListener('click', () => {
      this.#dialog.close();
      // The call stands: the party can come back to it from the notice.
      this.#notices.show('court', msg('oath.pending'), { tone: 'warning', actions: [{ label: msg('oath.open'), run: () => this.show(oath) }] });
    });
    this.#dialog.dataset.oathId = oath.oathId;
    this.#dialog.replaceChildren(
      t('h2', msg('oath.promptHeading'), { id: 'oath-heading', class: 'oath__heading' }),
      t('p', msg('oath.promptIntro'), { class: 'oath__intro' }),
      // The court's own words, in the language it chose: never translated by the page.
      h('blockquote', { class: 'oath__text', lang: oath.language, 'data-testid': 'oath-text' }, oath.text),
      h('div', { class: 'console__actions' }, confirm, later),
    );
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  dispose(): void {
    if (this.#dialog.open) this.#dialog.close();
    this.#dialog.remove();
  }
}
