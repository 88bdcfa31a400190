// The public gallery's side: it watches and listens, and is never seen or heard. The page
// captures no camera or microphone for it and offers no control but leaving (see style.css,
// .seat-gallery); this panel says so.
import { phaseMessage } from '../hearingPhaseMessage.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { h, t } from '../record/dom.js';
import { seatMessage } from './attendee.js';

export class GalleryView {
  readonly element: HTMLElement;
  readonly #phase = h('p', { class: 'console__facts' });

  constructor() {
    this.element = h(
      'div',
      { class: 'console', id: 'gallery-panel', 'data-console': 'gallery' },
      h(
        'section',
        { class: 'console__panel' },
        t('h2', msg('gallery.heading'), { class: 'console__heading' }),
        t('p', msg('gallery.intro'), { class: 'console__muted' }),
        this.#phase,
      ),
    );
  }

  render(view: CourtroomView): void {
    this.#phase.replaceChildren(t('span', seatMessage(view.you.seat, view)), ' · ', t('span', phaseMessage(view.phase)));
  }
}
