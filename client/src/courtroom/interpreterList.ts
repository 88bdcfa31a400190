// Who interprets what, for the presiding side: each interpreter at work with their pair, the
// channel their voice feeds, what they interpret from (the floor, or a channel they relay) and
// whether they are on air or on standby in their booth.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { h, t } from '../record/dom.js';
import { showLanguage } from '../record/timeFormat.js';
import { nameOf } from './attendee.js';

export class InterpreterList {
  readonly element: HTMLElement;
  readonly #list = h('ul', { class: 'console__list' });
  readonly #none = t('p', msg('interpreters.none'), { class: 'console__muted' });

  constructor() {
    this.element = h('section', { class: 'console__panel', 'data-panel': 'interpreters' }, t('h2', msg('interpreters.heading'), { class: 'console__heading' }), this.#none, this.#list);
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
  }
}

function language(tag: string): HTMLElement {
  return showLanguage(h('span', { class: 'console__language' }), tag);
}
