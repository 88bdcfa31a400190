// The official recording: an indicator everyone sees in the top bar while it runs, and the
// start and stop controls of the judge and the clerk (the permission table's recording.control;
// the server refuses anyone else, and the page offers them nothing).
import type { CaseRole } from '../../../server/domain/access/roles.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg, showAttribute, showText } from '../i18n.js';
import { button, h, t } from '../record/dom.js';
import type { CourtroomCommands } from './courtroomCommands.js';

/** Who may start and stop the recording (as the server's permission table says). */
export const RECORDING_CONTROLLERS: readonly CaseRole[] = ['judge', 'clerk'];

export class RecordingControl {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #state = h('p', { class: 'console__facts' });
  readonly #toggle = button(msg('recording.start'), { 'data-action': 'start-recording', class: 'button button--small button--primary' });
  #view: CourtroomView | undefined;

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    this.#toggle.addEventListener('click', () => {
      if (this.#view) void this.#commands.run({ action: this.#view.recording ? 'stopRecording' : 'startRecording' }, this.#toggle);
    });
    this.element = h(
      'section',
      { class: 'console__panel', 'data-panel': 'recording' },
      t('h2', msg('recording.heading'), { class: 'console__heading' }),
      this.#state,
      h('div', { class: 'console__actions' }, this.#toggle),
    );
  }

  render(view: CourtroomView, role: CaseRole | undefined): void {
    this.#view = view;
    // Controlled from the main room (the server says so too).
    this.element.hidden = role === undefined || !RECORDING_CONTROLLERS.includes(role) || view.you.seat !== 'main';
    this.#state.dataset.recording = String(view.recording);
    this.#state.replaceChildren(view.recording ? t('span', msg('recording.running')) : t('span', msg('recording.notRunning'), { class: 'console__muted' }));
    this.#toggle.replaceChildren(t('span', view.recording ? msg('recording.stop') : msg('recording.start')));
    this.#toggle.dataset.action = view.recording ? 'stop-recording' : 'start-recording';
    this.#toggle.className = `button button--small ${view.recording ? 'button--danger' : 'button--primary'}`;
  }
}

/** The top bar's mark while the official recording runs (everyone, the gallery included). */
export function showRecordingIndicator(element: HTMLElement, recording: boolean): void {
  element.hidden = !recording;
  element.dataset.recording = String(recording);
  showText(element, msg('recording.indicator'));
  showAttribute(element, 'title', msg('recording.indicatorTitle'));
}
