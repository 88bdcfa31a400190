// Raised hands, first raised first, for the presiding judge: give the floor to one (their hand
// goes down with it) or lower a hand without giving it.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { button, h, t } from '../record/dom.js';
import { nameOf } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';

export class HandQueue {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #list = h('ol', { class: 'console__list console__list--numbered' });
  /** Each raised hand's row, kept while it is up: a button reached with the keyboard keeps its focus as hands come and go. */
  readonly #rows = new KeptRows();
  readonly #empty = t('li', msg('hands.empty'), { class: 'console__muted console__row--plain' });

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    this.element = h('section', { class: 'console__panel', 'data-panel': 'hands' }, t('h2', msg('hands.heading'), { class: 'console__heading' }), this.#list);
  }

  render(view: CourtroomView): void {
    const rows = view.handQueue.map((participantId) => {
      const name = nameOf(view, participantId);
      return this.#rows.rowFor(participantId, name, () => this.#row(participantId, name));
    });
    this.#rows.show(this.#list, rows.length === 0 ? [this.#empty] : rows);
  }

  #row(participantId: string, name: string): HTMLElement {
    const grant = button(msg('attendees.grantFloor'), { 'data-action': 'grant-floor', class: 'button button--small button--primary' });
    grant.addEventListener('click', () => void this.#commands.run({ action: 'grantFloor', participantId }, grant));
    const lower = button(msg('hands.lower'), { 'data-action': 'lower-hand' });
    lower.addEventListener('click', () => void this.#commands.run({ action: 'lowerHand', participantId }, lower));
    return h('li', { class: 'console__row', 'data-attendee-id': participantId }, h('span', { class: 'console__name' }, name), h('div', { class: 'console__actions' }, grant, lower));
  }
}
