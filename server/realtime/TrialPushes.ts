// Pushes the asynchronous trial to the people in it, each on their own inbox channel and each
// with their own view (the same filtered view REST gives them, so a sealed answer reaches nobody
// it is sealed from): a round served on those it asks to answer, every later change to everyone
// who sees the round, each post of an evidence item's cross-examination and each change of the
// claims (with the court's analysis, to the court) to those who read them, each change of the
// offers to the parties and the mediator, and the case's move
// between live and async trial.
import type { Logger } from 'pino';
import type { AsyncTrial } from '../record/AsyncTrial.js';
import { caseChannel, inboxChannel, type CourtServer } from './socketTypes.js';

export class TrialPushes {
  readonly #io: CourtServer;
  readonly #trial: AsyncTrial;
  readonly #logger: Logger;

  constructor(io: CourtServer, trial: AsyncTrial, logger: Logger) {
    this.#io = io;
    this.#trial = trial;
    this.#logger = logger;
    trial.observer.on('roundOpened', (caseId, roundId) => this.#push(caseId, roundId, true));
    trial.observer.on('roundChanged', (caseId, roundId) => this.#push(caseId, roundId, false));
    trial.observer.on('modeChanged', (caseId, state) => {
      this.#io.to(caseChannel(caseId)).emit('trial:mode', { caseId, mode: state.mode, ...(state.modeSince === undefined ? {} : { modeSince: state.modeSince }) });
    });
    trial.observer.on('crossExaminationChanged', (caseId, evidenceId) => this.#pushCrossExamination(caseId, evidenceId));
    trial.observer.on('claimsChanged', (caseId) => this.#pushClaims(caseId));
    trial.observer.on('offersChanged', (caseId) => this.#pushOffers(caseId));
    trial.observer.on('settleFailed', (caseId, roundId, error) => this.#logger.error({ err: error, caseId, roundId }, 'a round could not be revealed or closed; the clock will try again'));
  }

  #pushCrossExamination(caseId: string, evidenceId: string): void {
    this.#trial.crossExamination.viewsFor(caseId, evidenceId).then(
      (found) => {
        for (const reader of found?.readers ?? []) this.#io.to(inboxChannel(reader.id)).emit('evidence:crossExamined', { caseId, crossExamination: found!.view });
      },
      (error: unknown) => this.#logger.error({ err: error, caseId, evidenceId }, 'cross-examination push failed'),
    );
  }

  /** Offers are without prejudice: only the parties and the mediator are told (domain/trial/offer.ts). */
  #pushOffers(caseId: string): void {
    this.#trial.offers.viewsFor(caseId).then(
      ({ readers, view }) => {
        for (const reader of readers) this.#io.to(inboxChannel(reader.id)).emit('offers:changed', { caseId, offers: view });
      },
      (error: unknown) => this.#logger.error({ err: error, caseId }, 'offers push failed'),
    );
  }

  #pushClaims(caseId: string): void {
    this.#trial.claims.viewsFor(caseId).then(
      (views) => {
        for (const { participant, claims, analysis } of views) this.#io.to(inboxChannel(participant.id)).emit('claims:changed', { caseId, claims, ...(analysis === undefined ? {} : { analysis }) });
      },
      (error: unknown) => this.#logger.error({ err: error, caseId }, 'claims push failed'),
    );
  }

  /**
   * Whether a participant has a socket on this node to tell. (Each node holds its own sockets'
   * rooms; a participant who is not connected reads the round when they next open it.)
   */
  #listening = (participantId: string): boolean => (this.#io.of('/').adapter.rooms.get(inboxChannel(participantId))?.size ?? 0) > 0;

  #push(caseId: string, roundId: string, opened: boolean): void {
    this.#trial.rounds.viewsFor(caseId, roundId, this.#listening).then(
      (views) => {
        for (const { participant, required, view } of views) {
          const to = this.#io.to(inboxChannel(participant.id));
          // Opening is service on those asked to answer; everyone else just sees a new round.
          if (opened && required) to.emit('round:served', { caseId, round: view });
          else to.emit('round:changed', { caseId, round: view });
        }
        if (opened) this.#logger.info({ caseId, roundId, told: views.filter((v) => v.required).map((v) => v.participant.id) }, 'round served; told those connected');
      },
      (error: unknown) => this.#logger.error({ err: error, caseId, roundId }, 'round push failed'),
    );
  }
}
