// Who interprets what, for the presiding side: each interpreter at work with their pair, the
// channel their voice feeds, what they interpret from (the floor, or a channel they relay) and
// whether they are on air or on standby in their booth; and, per language pair, the judge's switch
// between simultaneous and consecutive interpretation (for a witness: the interpreter speaks on
// the floor after the speaker, and everyone hears it).
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { h, t } from '../record/dom.js';
import { showLanguage } from '../record/timeFormat.js';
import { nameOf } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';

const pairKey = (pair: readonly string[]) => [...pair].sort().join('⇄');

export class InterpreterList {
  readonly element: HTMLElement;
  readonly #list = h('ul', { class: 'console__list' });
  readonly #none = t('p', msg('interpreters.none'), { class: 'console__muted' });
  readonly #modes = h('ul', { class: 'console__list', 'data-list': 'interpretation-modes' });
  /** Each pair's switch, kept while its mode stands; switched, the focus goes to the new row's switch. */
  readonly #modeRows = new KeptRows();
  readonly #commands: CourtroomCommands;

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    this.element = h('section', { class: 'console__panel', 'data-panel': 'interpreters' }, t('h2', msg('interpreters.heading'), { class: 'console__heading' }), this.#none, this.#list, this.#modes);
  }

  render(view: CourtroomView): void {
    const interpreters = view.interpretation.interpreters;
    this.element.hidden = !view.you.presiding;
    this.#none.hidden = interpreters.length > 0;
    this.#list.replaceChildren(
      ...interpreters.map((desk) =>
        h(
          'li',
          { class: 'console__row', 'data-interpreter-id': desk.participantId, 'data-into': desk.into, 'data-source': desk.source, 'data-active': String(desk.active) },
          h(
            'div',
            { class: 'console__who' },
            h('span', { class: 'console__name' }, nameOf(view, desk.participantId)),
            t('span', desk.active ? msg('interpreters.onAir') : msg('interpreters.standby'), { class: desk.active ? 'badge badge--floor' : 'badge' }),
          ),
          h(
            'p',
            { class: 'console__facts' },
            t('span', msg('interpreters.into'), { class: 'console__label' }),
            language(desk.into),
            t('span', msg('interpreters.from'), { class: 'console__label' }),
            desk.source === 'floor' ? t('span', msg('interpreters.floor')) : language(desk.source),
            h('span', { class: 'console__muted' }, `(${desk.pair[0]} ⇄ ${desk.pair[1]})`),
          ),
        ),
      ),
    );
    this.#renderModes(view);
  }

  /** One switch per language pair at work: simultaneous (on the channels) or consecutive (on the floor). */
  #renderModes(view: CourtroomView): void {
    const pairs = new Map<string, [string, string]>();
    for (const desk of view.interpretation.interpreters) pairs.set(pairKey(desk.pair), [desk.pair[0], desk.pair[1]]);
    const consecutive = new Set(view.interpretation.consecutive.map((c) => pairKey(c.pair)));
    this.#modeRows.show(
      this.#modes,
      [...pairs].map(([key, pair]) => {
        const onFloor = consecutive.has(key);
        return this.#modeRows.rowFor(key, String(onFloor), () => this.#modeRow(key, pair, onFloor));
      }),
    );
  }

  #modeRow(key: string, pair: [string, string], onFloor: boolean): HTMLElement {
    const button = t('button', onFloor ? msg('interpreters.toSimultaneous') : msg('interpreters.toConsecutive'), {
      type: 'button',
      class: 'button',
      'data-action': 'interpretation-mode',
      'data-mode': onFloor ? 'simultaneous' : 'consecutive',
    }) as HTMLButtonElement;
    button.addEventListener('click', () => void this.#commands.interpret({ action: 'setMode', pair, mode: onFloor ? 'simultaneous' : 'consecutive' }, button));
    return h(
      'li',
      { class: 'console__row', 'data-pair': key, 'data-consecutive': String(onFloor) },
      h('span', { class: 'console__muted' }, `${pair[0]} ⇄ ${pair[1]}`),
      t('span', onFloor ? msg('interpreters.consecutive') : msg('interpreters.simultaneous'), { class: onFloor ? 'badge badge--floor' : 'badge' }),
      button,
    );
  }
}

function language(tag: string): HTMLElement {
  return showLanguage(h('span', { class: 'console__language' }), tag);
}
