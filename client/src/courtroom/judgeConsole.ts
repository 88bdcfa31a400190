// The presiding judge's console beside the hearing's picture: the hearing's life and lock, the
// lobby, the people in the rooms, the hand queue, consultation rooms and the oath. Every panel
// shows the courtroom as the server last sent it (courtroom:state) and asks the server for
// every change; nothing here decides anything.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { h } from '../record/dom.js';
import { ConsultationPanel } from './consultationPanel.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { HandQueue } from './handQueue.js';
import { LifecycleBar } from './lifecycleBar.js';
import { LobbyList } from './lobbyList.js';
import { OathCall } from './oathCall.js';
import { ParticipantPanel } from './participantPanel.js';

interface Panel {
  readonly element: HTMLElement;
  render(view: CourtroomView): void;
}

export class JudgeConsole {
  readonly element: HTMLElement;
  readonly #panels: Panel[];

  /** `galleryCount`: how many watch from the public gallery (counted, never listed). */
  constructor(commands: CourtroomCommands, galleryCount: () => number) {
    this.#panels = [
      new LifecycleBar(commands),
      new LobbyList(commands),
      new ParticipantPanel(commands, galleryCount),
      new HandQueue(commands),
      new ConsultationPanel(commands),
      new OathCall(commands),
    ];
    this.element = h('div', { class: 'console', id: 'judge-console', 'data-console': 'judge' }, ...this.#panels.map((panel) => panel.element));
  }

  render(view: CourtroomView): void {
    for (const panel of this.#panels) panel.render(view);
  }
}
