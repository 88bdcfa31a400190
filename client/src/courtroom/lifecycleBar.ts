// The hearing's life, as the presiding judge moves it: the phase it is in, a button for each
// phase it may move on to (adjourning asks to be confirmed: it closes the hearing for good),
// and the lock that keeps anyone new from coming in.
import { phaseMessage } from '../hearingPhaseMessage.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { HearingPhase } from '../../../server/domain/hearing/hearingPhase.js';
import { msg, type Message } from '../i18n.js';
import { button, h, t } from '../record/dom.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';

type Destination = Exclude<HearingPhase, 'scheduled'>;

/** Where the console lets the judge take the hearing from each phase. */
const NEXT: Record<HearingPhase, readonly Destination[]> = {
  scheduled: ['lobbyOpen'],
  lobbyOpen: ['inSession'],
  inSession: ['recess', 'adjourned'],
  recess: ['inSession', 'adjourned'],
  adjourned: [],
};

const MOVE_LABEL: Record<Destination, Message> = {
  lobbyOpen: msg('lifecycle.openLobby'),
  inSession: msg('lifecycle.start'),
  recess: msg('lifecycle.recess'),
  adjourned: msg('lifecycle.adjourn'),
};

export class LifecycleBar {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #phase = h('div', { class: 'lifecycle__phase' });
  readonly #moves = h('div', { class: 'console__actions' });
  /** A button per phase to move to, kept while its label stands: the keyboard's focus stays on it. */
  readonly #moveButtons = new KeptRows();
  readonly #adjournedNote = t('p', msg('lifecycle.adjourned'), { class: 'console__muted' });
  readonly #lock = button(msg('lifecycle.lock'), { 'data-action': 'lock' });
  #confirmingAdjourn = false;
  #view: CourtroomView | undefined;

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    this.#lock.addEventListener('click', () => {
      if (this.#view) void this.#commands.run({ action: 'lock', locked: !this.#view.locked }, this.#lock);
    });
    this.element = h('section', { class: 'console__panel lifecycle', 'data-panel': 'lifecycle' }, t('h2', msg('lifecycle.heading'), { class: 'console__heading' }), this.#phase, this.#moves, h('div', { class: 'console__actions' }, this.#lock));
  }

  render(view: CourtroomView): void {
    this.#view = view;
    this.#phase.replaceChildren(
      t('span', msg('lifecycle.phase'), { class: 'console__label' }),
      ' ',
      t('span', phaseMessage(view.phase), { class: 'badge badge--phase', 'data-phase': view.phase }),
      view.locked ? t('span', msg('lifecycle.locked'), { class: 'badge badge--warning', 'data-locked': 'true' }) : '',
    );
    const moves = NEXT[view.phase].map((to) => {
      const shown = JSON.stringify([to === 'adjourned' && this.#confirmingAdjourn, to === 'inSession' && view.phase === 'recess']);
      return this.#moveButtons.rowFor(to, shown, () => this.#moveButton(to));
    });
    this.#moveButtons.show(this.#moves, view.phase === 'adjourned' ? [this.#adjournedNote] : moves);
    const lockLabel = view.locked ? msg('lifecycle.unlock') : msg('lifecycle.lock');
    this.#lock.replaceChildren(t('span', lockLabel));
    this.#lock.setAttribute('aria-pressed', String(view.locked));
    this.#lock.hidden = view.phase === 'adjourned';
  }

  #moveButton(to: Destination): HTMLButtonElement {
    const confirming = to === 'adjourned' && this.#confirmingAdjourn;
    const label = confirming ? msg('lifecycle.confirmAdjourn') : to === 'inSession' && this.#view?.phase === 'recess' ? msg('lifecycle.resume') : MOVE_LABEL[to];
    const move = button(label, {
      'data-action': 'move-phase',
      'data-phase': to,
      class: `button button--small${to === 'adjourned' ? ' button--danger' : ' button--primary'}`,
    });
    move.addEventListener('click', () => {
      // Adjourning closes the hearing for good: one more click to be sure.
      if (to === 'adjourned' && !this.#confirmingAdjourn) {
        this.#confirmingAdjourn = true;
        if (this.#view) this.render(this.#view);
        return;
      }
      this.#confirmingAdjourn = false;
      void this.#commands.run({ action: 'movePhase', phase: to }, move);
    });
    return move;
  }
}
