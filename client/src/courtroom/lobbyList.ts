// Who waits in the lobby, for the presiding judge: each person's name, role, language and the
// time it is where they are, with "admit" and "deny" (a reason is required: the person is told
// it), and "admit all". Observers admitted go to the public gallery.
import type { AttendeeView, CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { button, h, input, t } from '../record/dom.js';
import { showClock, showLanguage } from '../record/timeFormat.js';
import { roleMessage } from './attendee.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';

export class LobbyList {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #heading = h('h2', { class: 'console__heading' });
  readonly #list = h('ul', { class: 'console__list' });
  readonly #admitAll = button(msg('lobby.admitAll'), { 'data-action': 'admit-all', class: 'button button--small button--primary' });
  /** The reason being typed for each person the judge is denying: kept across re-renders. */
  readonly #denying = new Map<string, HTMLInputElement>();
  /**
   * Each waiting person's row, kept while it shows the same: a reason being typed keeps its focus
   * while others arrive, and a crowd arriving redraws only the newcomers.
   */
  readonly #rows = new KeptRows();
  readonly #empty = t('li', msg('lobby.empty'), { class: 'console__muted' });

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    this.#admitAll.addEventListener('click', () => void this.#commands.run({ action: 'admitAll' }, this.#admitAll));
    this.element = h('section', { class: 'console__panel', 'data-panel': 'lobby' }, h('div', { class: 'console__panel-head' }, this.#heading, this.#admitAll), this.#list);
  }

  render(view: CourtroomView): void {
    const waiting = view.participants.filter((p) => p.seat === 'lobby');
    const present = new Set(waiting.map((p) => p.participantId));
    for (const id of [...this.#denying.keys()]) if (!present.has(id)) this.#denying.delete(id);
    this.#heading.replaceChildren(t('span', msg('lobby.heading', { count: waiting.length })));
    this.#admitAll.hidden = waiting.length < 2;
    this.#rows.show(this.#list, waiting.length === 0 ? [this.#empty] : waiting.map((person) => this.#rowOf(person)));
  }

  /** The person's row: the one drawn before if it shows the same, else a new one. */
  #rowOf(person: AttendeeView): HTMLElement {
    const shown = JSON.stringify([person.displayName, person.role, person.connected, person.locale, person.timeZone, this.#denying.has(person.participantId)]);
    return this.#rows.rowFor(person.participantId, shown, () => this.#row(person));
  }

  #row(person: AttendeeView): HTMLElement {
    const admit = button(msg('lobby.admit'), { 'data-action': 'admit', class: 'button button--small button--primary' });
    admit.addEventListener('click', () => void this.#commands.run({ action: 'admit', participantId: person.participantId }, admit));
    const row = h(
      'li',
      { class: 'console__row', 'data-attendee-id': person.participantId, 'data-role': person.role },
      h(
        'div',
        { class: 'console__who' },
        h('span', { class: 'console__name' }, person.displayName),
        t('span', roleMessage(person.role), { class: 'badge' }),
        person.connected ? '' : t('span', msg('console.disconnected'), { class: 'badge badge--warning' }),
      ),
      // The presiding side's view has everyone's language and time zone (no one else's has).
      person.locale === undefined || person.timeZone === undefined
        ? ''
        : h(
            'div',
            { class: 'console__facts' },
            showLanguage(h('span', { class: 'console__language' }), person.locale),
            ' · ',
            showClock(h('span', { class: 'local-time', title: person.timeZone, 'data-time-zone': person.timeZone }), person.timeZone),
          ),
    );
    const reason = this.#denying.get(person.participantId);
    if (reason === undefined) {
      const deny = button(msg('lobby.deny'), { 'data-action': 'deny' });
      deny.addEventListener('click', () => {
        const field = input({ name: 'reason', maxlength: 500, 'data-field': 'deny-reason' }, msg('lobby.denyReasonPlaceholder'));
        this.#denying.set(person.participantId, field);
        row.replaceWith(this.#rowOf(person));
        field.focus();
      });
      row.append(h('div', { class: 'console__actions' }, admit, deny));
      return row;
    }
    const confirm = button(msg('lobby.confirmDeny'), { 'data-action': 'confirm-deny', class: 'button button--small button--danger' });
    const cancel = button(msg('console.cancel'), { 'data-action': 'cancel' });
    const status = t('p', msg('lobby.denyReasonRequired'), { class: 'console__error', hidden: true, role: 'alert' });
    confirm.addEventListener('click', async () => {
      const text = reason.value.trim();
      status.hidden = text !== '';
      if (text === '') return;
      if (await this.#commands.run({ action: 'deny', participantId: person.participantId, reason: text }, confirm)) this.#denying.delete(person.participantId);
    });
    cancel.addEventListener('click', () => {
      this.#denying.delete(person.participantId);
      row.replaceWith(this.#rowOf(person));
    });
    row.append(h('label', { class: 'field' }, t('span', msg('lobby.denyReason'), { class: 'field__label' }), reason), status, h('div', { class: 'console__actions' }, confirm, cancel));
    return row;
  }
}
