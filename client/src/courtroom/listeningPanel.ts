// A listener's choice of what they hear: the floor, or a language channel (the server keeps the
// choice for the participant, across reconnections, and offers them that channel's interpreter
// alone), and how loud the floor plays under the interpreter (kept in this browser). A line says
// what they hear now: the floor ducked while the interpreter speaks, at full volume otherwise.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { HearingSession } from '../hearingSession.js';
import { msg } from '../i18n.js';
import { h, t } from '../record/dom.js';
import { showLanguage } from '../record/timeFormat.js';
import type { CourtroomCommands } from './courtroomCommands.js';

export class ListeningPanel {
  readonly element: HTMLElement;
  readonly #session: HearingSession;
  readonly #commands: CourtroomCommands;
  readonly #channel = h('select', { class: 'select field__input', 'data-field': 'listen-channel' });
  readonly #volume = h('input', { type: 'range', min: 0, max: 100, step: 5, class: 'listening__volume', 'data-field': 'floor-volume' });
  readonly #volumeValue = h('output', { class: 'listening__volume-value' });
  readonly #volumeRow: HTMLElement;
  readonly #status = h('p', { class: 'console__muted', 'data-listening-status': '', role: 'status' });
  #channelsKey = '';
  #view: CourtroomView | undefined;

  constructor(session: HearingSession, commands: CourtroomCommands) {
    this.#session = session;
    this.#commands = commands;
    this.#channel.addEventListener('change', () => void this.#choose(this.#channel.value));
    this.#volume.addEventListener('input', () => {
      session.channelAudio.setFloorVolume(Number(this.#volume.value) / 100);
      void session.enableSound(); // a gesture: the browser lets the level meter and voices start
    });
    session.channelAudio.on('change', () => this.#renderStatus());
    this.#volumeRow = h(
      'label',
      { class: 'field listening__volume-row' },
      t('span', msg('listening.floorVolume'), { class: 'field__label' }),
      h('span', { class: 'listening__volume-line' }, this.#volume, this.#volumeValue),
    );
    this.element = h(
      'section',
      { class: 'console__panel', 'data-panel': 'listening' },
      t('h2', msg('listening.heading'), { class: 'console__heading' }),
      h('label', { class: 'field' }, t('span', msg('listening.channel'), { class: 'field__label' }), this.#channel),
      this.#volumeRow,
      this.#status,
    );
  }

  render(view: CourtroomView): void {
    this.#view = view;
    const languages = view.interpretation.languages;
    // A hearing in one language has no channel worth choosing.
    this.element.hidden = view.you.interpreting !== null || !languages.some((language) => language !== view.interpretation.floorLanguage);
    const key = languages.join(' ');
    if (key !== this.#channelsKey) {
      this.#channelsKey = key;
      this.#channel.replaceChildren(
        t('option', msg('listening.floor'), { value: 'floor' }),
        ...languages.map((language) => showLanguage(h('option', { value: language }), language)),
      );
    }
    this.#channel.value = view.you.listening;
    this.#channel.dataset.listening = view.you.listening;
    this.#renderStatus();
  }

  async #choose(channel: string): Promise<void> {
    void this.#session.enableSound();
    const done = await this.#commands.interpret({ action: 'listen', channel });
    // Refused: show what the court still has us hear.
    if (!done && this.#view) this.#channel.value = this.#view.you.listening;
  }

  #renderStatus(): void {
    const audio = this.#session.channelAudio;
    const percent = Math.round(audio.floorVolume * 100);
    if (document.activeElement !== this.#volume) this.#volume.value = String(percent);
    this.#volumeValue.textContent = `${percent}%`;
    const onChannel = (this.#view?.you.listening ?? 'floor') !== 'floor';
    this.#volumeRow.hidden = !onChannel;
    this.#status.dataset.floorGain = audio.floorGain.toFixed(2);
    const message = !onChannel
      ? msg('listening.onFloor')
      : audio.voices().length === 0
        ? msg('listening.noInterpreter')
        : audio.floorGain < 1
          ? msg('listening.interpreterSpeaking', { percent })
          : msg('listening.interpreterSilent');
    this.#status.replaceChildren(t('span', message));
  }
}
