// The interpreter's console: the source they hear (the floor, or a channel they relay, with a
// control to change it), the language they speak into with a one-click switch, the booth (who is
// on air, the partner, and the handover the booth's state allows), and their microphone's level.
// Their microphone feeds the channel of their direction (HearingSession sends it as source
// 'interpretation'); the server routes it as the direction and the booth change.
import type { CourtroomView, InterpreterConsoleView } from '../../../server/domain/hearing/courtroomView.js';
import type { InterpretationCommand } from '../../../server/protocol/hearingRoomSchemas.js';
import { msg, type Message } from '../i18n.js';
import { activePartnerOf, boothActions, otherDirection, sourceChoices, type BoothAction } from '../interpretation/boothActions.js';
import { meterReading, TrackLevel } from '../interpretation/trackLevel.js';
import type { LocalMedia } from '../localMedia.js';
import { button, h, t } from '../record/dom.js';
import { showLanguage } from '../record/timeFormat.js';
import { nameOf } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';

const METER_INTERVAL_MS = 100;

const ACTION_LABEL: Record<BoothAction, Message> = {
  handOver: msg('interpreter.handOver'),
  offerHandover: msg('interpreter.offerHandover'),
  acceptHandover: msg('interpreter.acceptHandover'),
  takeOver: msg('interpreter.takeOver'),
};

export class InterpreterConsole {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #localMedia: LocalMedia;
  readonly #pair = h('p', { class: 'console__facts', 'data-pair': '' });
  readonly #source = h('select', { class: 'select field__input', 'data-field': 'interpreter-source' });
  readonly #hearing = h('p', { class: 'console__facts', 'data-hearing': '' });
  readonly #into = h('p', { class: 'console__facts', 'data-into': '' });
  readonly #switch = h('button', { type: 'button', class: 'button button--small button--primary', 'data-action': 'switch-direction' });
  readonly #booth = h('div', { class: 'console__list', 'data-booth': '' });
  readonly #boothActions = h('div', { class: 'console__actions' });
  readonly #meter = h('meter', { class: 'self-test__meter', min: 0, max: 1, low: 0.05, high: 0.7, optimum: 0.3, value: 0, 'data-level': '0' });
  readonly #muted = t('p', msg('interpreter.micMuted'), { class: 'console__error', hidden: true });
  #sourcesKey = '';
  /** The booth's buttons, each kept while its action is offered: a button reached with the keyboard keeps its focus. */
  readonly #actionButtons = new KeptRows();
  #desk: InterpreterConsoleView | undefined;
  #audio: AudioContext | undefined;
  #level: TrackLevel | undefined;
  #metered: MediaStreamTrack | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(commands: CourtroomCommands, localMedia: LocalMedia) {
    this.#commands = commands;
    this.#localMedia = localMedia;
    this.#source.addEventListener('change', () => void this.#run({ action: 'setSource', source: this.#source.value }));
    this.#switch.addEventListener('click', () => {
      if (this.#desk) void this.#run({ action: 'interpretInto', language: otherDirection(this.#desk) }, this.#switch);
    });
    this.element = h(
      'section',
      { class: 'console__panel', 'data-panel': 'interpreter' },
      t('h2', msg('interpreter.heading'), { class: 'console__heading' }),
      this.#pair,
      h('label', { class: 'field' }, t('span', msg('interpreter.source'), { class: 'field__label' }), this.#source, t('span', msg('interpreter.sourceHint'), { class: 'field__hint' })),
      this.#hearing,
      this.#into,
      h('div', { class: 'console__actions' }, this.#switch),
      t('h3', msg('interpreter.booth'), { class: 'console__subheading' }),
      this.#booth,
      this.#boothActions,
      h('label', { class: 'self-test__row' }, t('span', msg('interpreter.micLevel'), { class: 'field__label' }), this.#meter),
      this.#muted,
    );
    // Browsers start audio only after a gesture: any click on the console lets the meter run.
    this.element.addEventListener('pointerdown', () => void this.#audio?.resume().catch(() => undefined));
  }

  render(view: CourtroomView): void {
    const desk = view.you.interpreting;
    this.element.hidden = desk === null;
    this.#desk = desk ?? undefined;
    if (desk === null) {
      this.stop();
      return;
    }
    this.#pair.replaceChildren(t('span', msg('interpreter.pair'), { class: 'console__label' }), ' ', language(desk.pair[0]), ' ⇄ ', language(desk.pair[1]));
    this.#renderSource(desk, view.interpretation.languages);
    this.#into.dataset.into = desk.into;
    this.#into.replaceChildren(t('span', msg('interpreter.direction'), { class: 'console__label' }), ' ', language(desk.into, 'badge badge--floor'));
    const other = otherDirection(desk);
    this.#switch.dataset.to = other;
    this.#switch.replaceChildren(t('span', msg('interpreter.switchInto')), ' ', language(other));
    this.#renderBooth(desk, view);
    this.#muted.hidden = !this.#localMedia.muted('microphone');
    this.#meterTrack(this.#localMedia.track('microphone'));
  }

  /** Lets go of the meter (the console is gone, or we are no longer an interpreter). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#level?.disconnect();
    this.#level = undefined;
    this.#metered = undefined;
    void this.#audio?.close().catch(() => undefined);
    this.#audio = undefined;
  }

  #renderSource(desk: InterpreterConsoleView, languages: readonly string[]): void {
    const choices = sourceChoices(desk, languages);
    const key = choices.join(' ');
    if (key !== this.#sourcesKey) {
      this.#sourcesKey = key;
      this.#source.replaceChildren(
        ...choices.map((choice) => (choice === 'floor' ? t('option', msg('interpreter.sourceFloor'), { value: 'floor' }) : showLanguage(h('option', { value: choice }), choice))),
      );
    }
    this.#source.value = desk.source;
    this.#source.dataset.source = desk.source;
    this.#hearing.dataset.hearing = desk.source;
    this.#hearing.replaceChildren(
      t('span', msg('interpreter.hearing'), { class: 'console__label' }),
      ' ',
      desk.source === 'floor' ? t('span', msg('interpreter.sourceFloor'), { class: 'badge' }) : h('span', { class: 'badge' }, t('span', msg('interpreter.relaying')), ' ', language(desk.source)),
    );
  }

  #renderBooth(desk: InterpreterConsoleView, view: CourtroomView): void {
    const connected = (id: string) => view.participants.find((p) => p.participantId === id)?.connected ?? false;
    const lines: HTMLElement[] = [];
    if (desk.active) lines.push(t('p', msg('interpreter.onAir'), { class: 'console__ok', 'data-on-air': 'true' }));
    else {
      const active = activePartnerOf(desk);
      lines.push(t('p', active ? msg('interpreter.standby', { name: nameOf(view, active) }) : msg('interpreter.standbyPartner'), { class: 'console__muted', 'data-on-air': 'false' }));
    }
    if (desk.partners.length === 0) lines.push(t('p', msg('interpreter.alone'), { class: 'console__muted' }));
    for (const partner of desk.partners) {
      lines.push(
        h(
          'p',
          { class: 'console__facts', 'data-partner-id': partner },
          t('span', msg('interpreter.partner'), { class: 'console__label' }),
          ' ',
          h('span', { class: 'console__name' }, nameOf(view, partner)),
          connected(partner) ? '' : t('span', msg('interpreter.partnerAway'), { class: 'badge badge--warning' }),
        ),
      );
    }
    const offer = desk.handoverOffer;
    if (offer?.from === desk.participantId) lines.push(t('p', msg('interpreter.offered', { name: nameOf(view, offer.to) }), { class: 'console__muted', 'data-offer': 'made' }));
    if (offer?.to === desk.participantId) lines.push(t('p', msg('interpreter.offeredToYou', { name: nameOf(view, offer.from) }), { class: 'console__ok', 'data-offer': 'received' }));
    this.#booth.replaceChildren(...lines);
    this.#actionButtons.show(
      this.#boothActions,
      boothActions(desk, connected).map((action) =>
        this.#actionButtons.rowFor(action, action, () => {
          const control = button(ACTION_LABEL[action], { 'data-action': action, class: `button button--small${action === 'acceptHandover' ? ' button--primary' : ''}` });
          control.addEventListener('click', () => void this.#run({ action }, control));
          return control;
        }),
      ),
    );
  }

  #meterTrack(track: MediaStreamTrack | undefined): void {
    if (track === this.#metered) return;
    this.#level?.disconnect();
    this.#level = undefined;
    this.#metered = track;
    if (!track) return;
    try {
      this.#audio ??= new AudioContext();
      this.#level = new TrackLevel(this.#audio, track);
    } catch (error) {
      console.warn('cannot meter the microphone', error);
      return;
    }
    this.#timer ??= setInterval(() => {
      const reading = this.#localMedia.muted('microphone') ? 0 : meterReading(this.#level?.level() ?? 0);
      this.#meter.value = reading;
      this.#meter.dataset.level = reading.toFixed(3);
    }, METER_INTERVAL_MS);
  }

  async #run(command: InterpretationCommand, trigger?: HTMLButtonElement): Promise<void> {
    void this.#audio?.resume().catch(() => undefined);
    const done = await this.#commands.interpret(command, trigger);
    if (!done && this.#desk) this.#source.value = this.#desk.source;
  }
}

function language(tag: string, className = 'console__language'): HTMLElement {
  return showLanguage(h('span', { class: className }), tag);
}
