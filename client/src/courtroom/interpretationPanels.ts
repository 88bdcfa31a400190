// Interpretation and the official recording beside whichever side of the courtroom a person has
// (the judge's console, the party's panel, the gallery's): a listener's channel picker, an
// interpreter's console, the presiding side's list of who interprets what, and the judge's and
// the clerk's recording control. Each panel hides itself where it does not apply.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { HearingSession } from '../hearingSession.js';
import type { LocalMedia } from '../localMedia.js';
import { h } from '../record/dom.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { InterpreterConsole } from './interpreterConsole.js';
import { InterpreterList } from './interpreterList.js';
import { ListeningPanel } from './listeningPanel.js';
import { RecordingControl } from './recordingControl.js';

export class InterpretationPanels {
  readonly element: HTMLElement;
  readonly #listening: ListeningPanel;
  readonly #interpreter: InterpreterConsole;
  readonly #interpreters: InterpreterList;
  readonly #recording: RecordingControl;

  constructor(session: HearingSession, commands: CourtroomCommands, localMedia: LocalMedia) {
    this.#listening = new ListeningPanel(session, commands);
    this.#interpreter = new InterpreterConsole(commands, localMedia);
    this.#recording = new RecordingControl(commands);
    this.#interpreters = new InterpreterList(commands);
    this.element = h(
      'div',
      { class: 'console', id: 'interpretation-panels', 'data-console': 'interpretation' },
      this.#interpreter.element,
      this.#listening.element,
      this.#recording.element,
      this.#interpreters.element,
    );
  }

  render(view: CourtroomView, role: CaseRole | undefined): void {
    this.#listening.render(view);
    this.#interpreter.render(view);
    this.#interpreters.render(view);
    this.#recording.render(view, role);
  }

  dispose(): void {
    this.#interpreter.stop();
  }
}
