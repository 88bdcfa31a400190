// Reminds everyone taking part in a case, on their open pages, that one of its hearings starts
// soon (the calendar invitation carries its own alarm as well). Each hearing is reminded once,
// whichever node gets there first.
import type { Logger } from 'pino';
import type { Hearings } from '../record/Hearings.js';
import { caseChannel, type CourtServer } from './socketTypes.js';

export class HearingReminders {
  readonly #io: CourtServer;
  readonly #hearings: Hearings;
  readonly #logger: Logger;
  readonly #leadMs: number;

  constructor(io: CourtServer, hearings: Hearings, logger: Logger, leadMs: number) {
    this.#io = io;
    this.#hearings = hearings;
    this.#logger = logger;
    this.#leadMs = leadMs;
  }

  /** Sends the reminders that are due; returns the hearings reminded. */
  async check(): Promise<string[]> {
    const reminded: string[] = [];
    for (const hearing of await this.#hearings.upcoming(this.#leadMs)) {
      if (!(await this.#hearings.markReminded(hearing.id))) continue;
      this.#io.to(caseChannel(hearing.caseId)).emit('hearing:reminder', {
        hearingId: hearing.id,
        caseId: hearing.caseId,
        title: hearing.title,
        start: hearing.start,
        minutesBefore: Math.round(this.#leadMs / 60_000),
      });
      this.#logger.info({ hearingId: hearing.id }, 'hearing reminder sent');
      reminded.push(hearing.id);
    }
    return reminded;
  }
}
