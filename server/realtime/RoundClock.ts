// The court's clock for the asynchronous trial: every so often it reveals sealed rounds whose
// deadline has passed, closes rounds whose time is up (reads and writes settle a round too, so
// this is for those nobody touches), and reminds the participants who have not answered, at the
// configured offsets before each deadline: in the app (round:reminder on their inbox channel) and
// through the signed webhook for e-mail/SMS gateways. Each reminder is claimed in the store first,
// so with several nodes only one sends it. Time is the court's `now`, which tests move.
import type { Logger } from 'pino';
import type { SignedWebhook } from '../notifications/SignedWebhook.js';
import type { AsyncTrial } from '../record/AsyncTrial.js';
import { inboxChannel, type CourtServer } from './socketTypes.js';

export interface RoundClockOptions {
  /** Minutes before a deadline at which the participants who have not answered are reminded. */
  reminderOffsetsMinutes: readonly number[];
  webhook?: SignedWebhook;
  now: () => Date;
}

export interface ClockTick {
  /** Rounds revealed or closed by the clock. */
  readonly settled: string[];
  readonly reminders: Array<{ roundId: string; participantId: string; minutesBefore: number; webhook?: boolean }>;
}

export class RoundClock {
  readonly #io: CourtServer;
  readonly #trial: AsyncTrial;
  readonly #logger: Logger;
  readonly #options: RoundClockOptions;

  constructor(io: CourtServer, trial: AsyncTrial, logger: Logger, options: RoundClockOptions) {
    this.#io = io;
    this.#trial = trial;
    this.#logger = logger;
    this.#options = options;
  }

  /** One tick: settles what is due, then sends the reminders that are due (webhooks awaited). */
  async check(): Promise<ClockTick> {
    const settled = await this.#trial.rounds.settleDue();
    const reminders: Array<ClockTick['reminders'][number]> = [];
    const deliveries: Array<Promise<void>> = [];
    for (const { round, minutesBefore, recipients } of await this.#trial.rounds.dueReminders(this.#options.reminderOffsetsMinutes)) {
      for (const { participant, unanswered, deadline } of recipients) {
        const reminder = { caseId: round.caseId, roundId: round.id, number: round.number, title: round.title, deadline, minutesBefore, unanswered };
        this.#io.to(inboxChannel(participant.id)).emit('round:reminder', reminder);
        const sent: ClockTick['reminders'][number] = { roundId: round.id, participantId: participant.id, minutesBefore };
        reminders.push(sent);
        const webhook = this.#options.webhook;
        if (webhook === undefined) continue;
        const body = {
          type: 'round.reminder',
          id: `${round.id}:${round.deadline.at}:${minutesBefore}:${participant.id}`,
          sentAt: this.#options.now().toISOString(),
          ...reminder,
          participant: { id: participant.id, displayName: participant.displayName, locale: participant.locale, timeZone: participant.timeZone },
        };
        deliveries.push(
          webhook.send(body).then((delivery) => {
            sent.webhook = delivery.delivered;
            if (!delivery.delivered) this.#logger.error({ roundId: round.id, participantId: participant.id, ...delivery }, 'reminder webhook not delivered');
          }),
        );
      }
      this.#logger.info({ roundId: round.id, minutesBefore, reminded: recipients.length }, 'round reminders sent');
    }
    await Promise.all(deliveries);
    return { settled, reminders };
  }
}
