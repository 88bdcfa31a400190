// Every courtroom command the page sends (the judge's console, a raised hand, an oath
// confirmed) goes through here: the server decides, and a refusal is shown in the party's own
// words with the server's stable code, never swallowed.
import type { CourtroomCommand, InterpretationCommand } from '../../../server/protocol/hearingRoomSchemas.js';
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
  async run(command: CourtroomCommand, trigger?: HTMLButtonElement): Promise<{ roomId?: string } | undefined> {
    if (trigger) trigger.disabled = true;
    try {
      const reply = await this.#session.command(command);
      this.#notices.clear('courtroom');
      return reply;
    } catch (error) {
      this.#notices.show('courtroom', msg('court.commandRefused', { detail: failureMessage(error) }), { tone: 'error', dismissAfterMs: 10_000 });
      return undefined;
    } finally {
      if (trigger) trigger.disabled = false;
    }
  }

  /** What we hear, or an interpreter's direction, source and booth; false when refused (and said why). */
  async interpret(command: InterpretationCommand, trigger?: HTMLButtonElement): Promise<boolean> {
    if (trigger) trigger.disabled = true;
    try {
      await this.#session.interpretation(command);
      this.#notices.clear('courtroom');
      return true;
    } catch (error) {
      this.#notices.show('courtroom', msg('court.commandRefused', { detail: failureMessage(error) }), { tone: 'error', dismissAfterMs: 10_000 });
      return false;
    } finally {
      if (trigger) trigger.disabled = false;
    }
  }
}
