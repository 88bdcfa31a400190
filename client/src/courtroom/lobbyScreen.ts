// What a person sees while they wait in the lobby: that the judge will admit them, and — unless
// they come to watch from the public gallery — their camera preview and a device self-test, so
// picture and sound are right before they enter.
import type { HearingSchedule } from '../../../server/protocol/hearingRoomEvents.js';
import { msg } from '../i18n.js';
import type { LocalMedia } from '../localMedia.js';
import { h, t } from '../record/dom.js';
import { browserTimeZone, showTextWithInstant } from '../record/timeFormat.js';
import { DeviceSelfTest } from './deviceSelfTest.js';

export class LobbyScreen {
  readonly #container: HTMLElement;
  readonly #localMedia: LocalMedia;
  #selfTest: DeviceSelfTest | undefined;
  #shownFor: 'party' | 'observer' | undefined;

  constructor(container: HTMLElement, localMedia: LocalMedia) {
    this.#container = container;
    this.#localMedia = localMedia;
  }

  show(observer: boolean, schedule: HearingSchedule | undefined): void {
    const kind = observer ? 'observer' : 'party';
    this.#container.hidden = false;
    if (this.#shownFor !== kind) {
      this.#shownFor = kind;
      this.#selfTest?.stop();
      this.#selfTest = observer ? undefined : new DeviceSelfTest();
      this.#container.replaceChildren(
        h(
          'div',
          { class: 'lobby__card', 'data-lobby': kind },
          t('h1', msg('lobbyScreen.heading'), { class: 'lobby__heading' }),
          schedule === undefined ? null : scheduleLine(schedule),
          t('p', observer ? msg('lobbyScreen.observerIntro') : msg('lobbyScreen.intro'), { class: 'lobby__intro' }),
          this.#selfTest?.element,
        ),
      );
    }
    this.refresh();
  }

  /** The party's tracks changed (captured, switched): the self-test follows. */
  refresh(): void {
    this.#selfTest?.use(this.#localMedia.track('camera'), this.#localMedia.track('microphone'));
  }

  hide(): void {
    this.#container.hidden = true;
    this.#selfTest?.stop();
    this.#selfTest = undefined;
    this.#shownFor = undefined;
    this.#container.replaceChildren();
  }
}

/** The hearing and when it is to start, in the waiting person's own zone (not the court's). */
function scheduleLine(schedule: HearingSchedule): HTMLElement {
  return h(
    'p',
    { class: 'lobby__schedule', 'data-schedule': '' },
    h('strong', {}, schedule.title),
    ' · ',
    showTextWithInstant(h('span', { 'data-start': '' }), msg('lobbyScreen.startsAt', { time: '' }), 'time', schedule.start, browserTimeZone()),
  );
}
