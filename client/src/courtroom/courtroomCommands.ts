// Every courtroom command the page sends (the judge's console, a raised hand, an oath
// confirmed) goes through here: the server decides, and a refusal is shown in the party's own
// words with the server's stable code, never swallowed.
import type { CourtroomCommand, InterpretationCommand } from '../../../server/protocol/hearingRoomSchemas.js';
import { whileBusy } from '../busyControl.js';
import { failureMessage } from '../hearingConnection.js';
import type { HearingSession } from '../hearingSession.js';
import { msg } from '../i18n.js';
import type { NoticeBoard } from '../notices.js';

export class CourtroomCommands {
  readonly #session: HearingSession;
  readonly #notices: NoticeBoard;

  constructor(session: HearingSession, notices: NoticeBoard) {
    this.#session = session;
    this.#notices = notices;
  }

  /** Sends a command; resolves with the room id it opened (if any), or undefined when refused. */
  run(command: CourtroomCommand, trigger?: HTMLButtonElement): Promise<{ roomId?: string } | undefined> {
    return this.#answered(trigger, undefined, async () => {
      const reply = await this.#session.command(command);
      this.#notices.clear('courtroom');
      return reply;
    });
  }

  /** What we hear, or an interpreter's direction, source and booth; false when refused (and said why). */
  interpret(command: InterpretationCommand, trigger?: HTMLButtonElement): Promise<boolean> {
    return this.#answered(trigger, false, async () => {
      await this.#session.interpretation(command);
      this.#notices.clear('courtroom');
      return true;
    });
  }

  /**
   * Sends, and shows a refusal (resolving `refused`). The button pressed is busy until the court
   * answers (whileBusy): a press meanwhile sends nothing, and the keyboard keeps its place.
   */
  async #answered<T>(trigger: HTMLButtonElement | undefined, refused: T, send: () => Promise<T>): Promise<T> {
    const answer = await whileBusy(trigger, async () => {
      try {
        return { sent: await send() };
      } catch (error) {
        this.#notices.show('courtroom', msg('court.commandRefused', { detail: failureMessage(error) }), { tone: 'error', dismissAfterMs: 10_000 });
        return undefined;
      }
    });
    return answer === undefined ? refused : answer.sent;
  }
}
