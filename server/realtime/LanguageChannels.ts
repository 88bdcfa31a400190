// Interpretation carried out: the domain (server/domain/interpretation) says who hears each
// interpreter; this routes their voices in the SFU accordingly (HearingRoom.routeChannel), tells
// those who gained or lost a channel's voice (producer:added / producer:removed; a closed consumer
// is told by the room itself), writes the interpreters' changes to the hearing record (direction,
// relay source, handovers) and the judge's (a pair switched to consecutive and back), and shows
// everyone their new view. A listener's choice is not on the
// record: what someone listens to is theirs.
import type { Logger } from 'pino';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { HearingRooms } from '../../media/HearingRooms.js';
import { CourtError } from '../domain/CourtError.js';
import { channelAudiences } from '../domain/interpretation/channelRouting.js';
import type { InterpretationEvent, LanguagePairInput } from '../domain/interpretation/Interpretation.js';
import type { PublishedProducer } from '../protocol/hearingRoomEvents.js';
import type { InterpretationCommand, ProducePayload } from '../protocol/hearingRoomSchemas.js';
import type { HearingRecordLine, Hearings } from '../record/Hearings.js';
import type { Courtrooms, LiveHearing } from './Courtrooms.js';
import { participantChannel, type CourtServer } from './socketTypes.js';

/** Where a participant's choice of channel is kept for their next hearing (the case record). */
export interface ListeningPreferences {
  rememberListening(participantId: string, channel: string): Promise<void>;
}

export class LanguageChannels {
  readonly #io: CourtServer;
  readonly #rooms: HearingRooms;
  readonly #hearings: Hearings;
  readonly #courtrooms: Courtrooms;
  readonly #logger: Logger;
  readonly #preferences: ListeningPreferences;

  constructor(io: CourtServer, rooms: HearingRooms, hearings: Hearings, courtrooms: Courtrooms, logger: Logger, preferences: ListeningPreferences) {
    this.#preferences = preferences;
    this.#io = io;
    this.#rooms = rooms;
    this.#hearings = hearings;
    this.#courtrooms = courtrooms;
    this.#logger = logger;
  }

  /**
   * Someone joins: the case's languages have channels, and an interpreter comes to work with the
   * pair the court assigned them on the case record (added by the judge or the clerk).
   */
  async arrive(live: LiveHearing, participantId: string, caseLanguages: readonly string[], languagePair: LanguagePairInput | undefined, remembered?: string): Promise<void> {
    const known = live.interpretation.languages().length;
    live.interpretation.addLanguages(caseLanguages);
    if (live.interpretation.languages().length !== known) this.#courtrooms.publish(live);
    if (languagePair === undefined) {
      await this.#resumeListening(live, participantId, remembered);
      return;
    }
    // Joining goes on whatever happens here: an interpreter who cannot be enrolled (a pair the
    // record should not have held) or whose line could not be written takes part all the same.
    try {
      await this.#carryOut(live, live.interpretation.enrol(participantId, languagePair));
    } catch (error) {
      this.#logger.warn({ err: error, hearingId: live.hearing.id, participantId }, 'interpreter not enrolled');
    }
  }

  /**
   * A listener new to this hearing starts on the channel they chose last time (if this hearing
   * has it); one back after a drop keeps what they chose here.
   */
  async #resumeListening(live: LiveHearing, participantId: string, remembered: string | undefined): Promise<void> {
    if (remembered === undefined || live.interpretation.listeners().has(participantId)) return;
    if (!live.interpretation.languages().includes(remembered)) return;
    try {
      await this.#carryOut(live, live.interpretation.listen(participantId, remembered));
    } catch (error) {
      this.#logger.warn({ err: error, hearingId: live.hearing.id, participantId }, 'remembered channel not resumed');
    }
  }

  /** One command of a listener or an interpreter; refusals are the domain's CourtErrors. */
  async command(live: LiveHearing, participantId: string, command: InterpretationCommand): Promise<void> {
    const interpretation = live.interpretation;
    const events = ((): InterpretationEvent[] => {
      switch (command.action) {
        case 'listen':
          return interpretation.listen(participantId, command.channel);
        case 'interpretInto':
          return interpretation.interpretInto(participantId, command.language);
        case 'setSource':
          return interpretation.setSource(participantId, command.source);
        case 'handOver':
          return interpretation.handOver(participantId, command.to);
        case 'offerHandover':
          return interpretation.offerHandover(participantId, command.to);
        case 'acceptHandover':
          return interpretation.acceptHandover(participantId);
        case 'takeOver': {
          const active = interpretation.activeOf(participantId);
          return interpretation.takeOver(participantId, active !== undefined && live.courtroom.attendee(active)?.connected !== true);
        }
        case 'setMode': {
          const presiding = live.courtroom.isPresiding(participantId);
          if (presiding && command.witness !== undefined && live.courtroom.attendee(command.witness) === undefined) {
            throw new CourtError('PARTICIPANT_NOT_FOUND', 'the witness named is not in this hearing; name someone who has joined it');
          }
          return interpretation.setMode(participantId, presiding, command.pair, command.mode, command.witness);
        }
      }
    })();
    await this.#carryOut(live, events);
    if (command.action === 'listen' && events.length > 0) {
      this.#preferences.rememberListening(participantId, command.channel).catch((error: unknown) => this.#logger.warn({ err: error, participantId }, 'listening choice not remembered'));
    }
  }

  /**
   * An interpreter's voice: only an interpreter the court assigned a pair may send one, into a
   * language of that pair (naming the other one turns their direction first). It is routed before
   * it exists, so that not one announcement reaches anyone outside its audience.
   */
  async produce(live: LiveHearing, room: HearingRoom, participantId: string, request: ProducePayload): Promise<PublishedProducer> {
    const desk = live.interpretation.interpreter(participantId);
    if (desk === undefined) {
      throw new CourtError('NOT_AN_INTERPRETER', 'only an interpreter assigned a language pair for this case speaks on a language channel; speak on the floor (source "microphone")');
    }
    if (request.language !== undefined) await this.#carryOut(live, live.interpretation.interpretInto(participantId, request.language));
    this.route(live);
    const { language: _language, ...media } = request;
    // Their microphone as far as the court is concerned: muted by the court, created paused.
    return room.produce(participantId, media as Parameters<HearingRoom['produce']>[1], { paused: !live.courtroom.maySend(participantId, 'microphone') });
  }

  /** Routes every interpreter's voice to its audience as the domain says now, and tells who changed. */
  route(live: LiveHearing): void {
    const room = this.#rooms.get(live.hearing.id);
    if (room === undefined) return;
    for (const [interpreterId, audience] of channelAudiences(live.interpretation)) {
      const change = room.routeChannel(interpreterId, { language: audience.language, listeners: audience.listeners, onFloor: audience.onFloor });
      if (change.producer !== undefined) this.#announce(room, change.producer, change.gained, change.lost);
    }
  }

  #announce(room: HearingRoom, producer: PublishedProducer, gained: string[], lost: string[]): void {
    if (gained.length === 0 && lost.length === 0) return;
    const space = room.spaceOf(producer.participantId);
    if (space === undefined) return;
    const there = new Set(room.participantsIn(space));
    const toGained = gained.filter((id) => there.has(id)).map(participantChannel);
    const toLost = lost.filter((id) => there.has(id)).map(participantChannel);
    if (toGained.length > 0) this.#io.to(toGained).emit('producer:added', producer);
    if (toLost.length > 0) this.#io.to(toLost).emit('producer:removed', { producerId: producer.producerId, participantId: producer.participantId });
  }

  async #carryOut(live: LiveHearing, events: InterpretationEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.route(live);
    const lines = events.filter((e) => e.type !== 'listeningChanged').map(recordLine);
    try {
      await this.#hearings.appendRecord(live.hearing.id, lines);
    } finally {
      // The change is in force (routed) whether or not its line reached the disk: show it.
      this.#courtrooms.publish(live);
    }
  }
}

function recordLine(event: InterpretationEvent): Omit<HearingRecordLine, 'at'> {
  const { type, participantId, ...rest } = event;
  const by = 'by' in rest ? `participant:${rest.by}` : undefined;
  const detail = JSON.parse(JSON.stringify(rest)) as Record<string, string>;
  delete detail.by;
  return { type: `interpretation.${type}`, participantId, ...(by === undefined ? {} : { by }), detail };
}
