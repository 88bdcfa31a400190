// The media one participant owns in a hearing room: its transports, producers and consumers.
// Every lookup by id goes through here, so using someone else's transport, producer or consumer
// is refused in one place.
import { CourtError } from '../server/domain/CourtError.js';
import type { MediaSource } from '../server/protocol/hearingRoomEvents.js';
import type { types } from './mediasoup.js';

export type TransportDirection = 'send' | 'recv';

export interface OwnedTransport {
  transport: types.WebRtcTransport;
  direction: TransportDirection;
  connected: boolean;
}

export const PARTICIPANT_LIMITS = { transports: 4, consumers: 400 } as const;

/** Finds which participant owns an id, to tell "not yours" from "does not exist". */
export type OwnerLookup = (kind: 'transport' | 'producer' | 'consumer', id: string) => boolean;

export class ParticipantMedia {
  readonly participantId: string;
  /**
   * Where this participant's media flows: 'main', or a consultation room's own space. Media
   * never crosses spaces (HearingRoom refuses such consumers and closes them when people move).
   */
  space: string;
  readonly transports = new Map<string, OwnedTransport>();
  readonly producers = new Map<string, types.Producer>();
  readonly consumers = new Map<string, types.Consumer>();
  #closed = false;

  constructor(participantId: string, space: string) {
    this.participantId = participantId;
    this.space = space;
  }

  get closed(): boolean {
    return this.#closed;
  }

  transport(transportId: string, ownedByOther: OwnerLookup): OwnedTransport {
    const owned = this.transports.get(transportId);
    if (owned) return owned;
    if (ownedByOther('transport', transportId)) {
      throw new CourtError('NOT_YOUR_TRANSPORT', `transport ${transportId} belongs to another participant; use one you created`);
    }
    throw new CourtError('TRANSPORT_NOT_FOUND', `no transport ${transportId}; create one with transport:create`);
  }

  producer(producerId: string, ownedByOther: OwnerLookup): types.Producer {
    const producer = this.producers.get(producerId);
    if (producer) return producer;
    if (ownedByOther('producer', producerId)) {
      throw new CourtError('NOT_YOUR_PRODUCER', `producer ${producerId} belongs to another participant`);
    }
    throw new CourtError('PRODUCER_NOT_FOUND', `no producer ${producerId} of yours in this hearing room`);
  }

  consumer(consumerId: string, ownedByOther: OwnerLookup): types.Consumer {
    const consumer = this.consumers.get(consumerId);
    if (consumer) return consumer;
    if (ownedByOther('consumer', consumerId)) {
      throw new CourtError('NOT_YOUR_CONSUMER', `consumer ${consumerId} belongs to another participant`);
    }
    throw new CourtError('CONSUMER_NOT_FOUND', `no consumer ${consumerId}; it may have closed with its producer`);
  }

  producerForSource(source: MediaSource): types.Producer | undefined {
    for (const producer of this.producers.values()) if (producer.appData.source === source) return producer;
    return undefined;
  }

  /** Drops every transport (and with them every producer and consumer) without closing the participant. */
  resetMedia(): void {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }

  close(): void {
    this.#closed = true;
    this.resetMedia();
  }
}
