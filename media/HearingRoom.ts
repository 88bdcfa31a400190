// A live hearing room in the SFU: one mediasoup router on one worker, the media of each
// participant, and the dominant-speaker observer. Pure media: it knows nothing of sockets; the
// signalling layer listens to its events and tells clients.
//
// Each participant is in one media space: the main room, or a consultation room. A consumer
// exists only between two participants of one space; moving someone closes every consumer that
// would cross the boundary, so a consultation is private at the media layer, not only in the UI.
// Only the main room's sounding voices are watched for the dominant speaker, and only the main
// room's producers can be tapped for the official recording (openRecordingTap).
//
// An interpreter's voice (source 'interpretation') is not floor audio: it is offered to, and
// consumable by, only the audience the signalling layer routes to it (routeChannel: the listeners
// of the channel it feeds, relay interpreters, booth partners), and only within one space like
// everything else. Changing the audience closes the consumers of those who left it. A voice routed
// to the floor (consecutive interpretation) is offered to everyone of its space, as floor audio is.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { CourtError } from '../server/domain/CourtError.js';
import type {
  ConsumerOptions,
  JoinedHearing,
  MediaKind,
  MediaSource,
  MediaStatsReport,
  PublishedProducer,
  TransportOptions,
} from '../server/protocol/hearingRoomEvents.js';
import { HEARING_MEDIA_CODECS } from './mediaCodecs.js';
import type { types } from './mediasoup.js';
import { PARTICIPANT_LIMITS, ParticipantMedia, type TransportDirection } from './ParticipantMedia.js';
import { HIGHEST_SPATIAL_LAYER, HIGHEST_TEMPORAL_LAYER, spatialLayerForTile } from './simulcastLayers.js';
import type { MediaWorker } from './WorkerPool.js';

type RouterCapabilities = NonNullable<JoinedHearing['routerRtpCapabilities']>;

export const MAIN_SPACE = 'main';

/** Who may receive an interpreter's voice, and the language channel it feeds. */
export interface ChannelRoute {
  language: string;
  listeners: ReadonlySet<string>;
  /** Consecutive interpretation: the voice is on the floor, offered to everyone in its space. */
  onFloor?: boolean;
}

interface ProducerAppData extends types.AppData {
  participantId: string;
  source: MediaSource;
}

interface HearingRoomEvents {
  producerAdded: [producer: PublishedProducer];
  /** `offeredTo`: for an interpreter's voice, the audience it had (no one else was offered it). */
  producerRemoved: [event: { producerId: string; participantId: string }, offeredTo?: ReadonlySet<string>];
  producerPaused: [event: { producerId: string; participantId: string }];
  producerResumed: [event: { producerId: string; participantId: string }];
  consumerClosed: [participantId: string, event: { consumerId: string; producerId: string }];
  dominantSpeaker: [participantId: string | null];
  /** The router was rebuilt on another worker: every participant must set up media again. */
  mediaReset: [routerRtpCapabilities: RouterCapabilities];
  /** A participant's media moved to another space (into or out of a consultation room). */
  spaceChanged: [event: { participantId: string; from: string; to: string }];
}

/** Where a recorder on this machine listens for one producer's plain RTP (and its RTCP). */
export interface RecorderAddress {
  ip: string;
  port: number;
  rtcpPort: number;
}

/** One producer of the main room sent as plain RTP to a recorder: created paused. */
export interface RecordingTap {
  transport: types.PlainTransport;
  consumer: types.Consumer;
}

export class HearingRoom extends EventEmitter<HearingRoomEvents> {
  readonly roomId: string;
  readonly #logger: Logger;
  readonly #participants = new Map<string, ParticipantMedia>();
  /**
   * Those of them with a producer, in the order they began to send: what is published is found
   * without walking a gallery of thousands who send nothing (each of whom is told it when seated).
   */
  readonly #producing = new Set<ParticipantMedia>();
  /** The recorders' PlainTransports, each carrying one producer of the main room. */
  readonly #recordingTaps = new Set<types.PlainTransport>();
  /** Each interpreter's route, by interpreter: kept across producers, reconnections and router rebuilds. */
  readonly #channelRoutes = new Map<string, ChannelRoute>();
  #mediaWorker!: MediaWorker;
  #router!: types.Router;
  #speakerObserver!: types.ActiveSpeakerObserver;
  #dominantSpeakerId: string | null = null;
  #closed = false;

  private constructor(roomId: string, logger: Logger) {
    super();
    this.roomId = roomId;
    this.#logger = logger;
  }

  static async create(roomId: string, mediaWorker: MediaWorker, logger: Logger): Promise<HearingRoom> {
    const room = new HearingRoom(roomId, logger);
    await room.#openRouter(mediaWorker);
    return room;
  }

  get mediaWorker(): MediaWorker {
    return this.#mediaWorker;
  }

  get routerId(): string {
    return this.#router.id;
  }

  /** In the client library's type: what the browser loads its device with. */
  get routerRtpCapabilities(): RouterCapabilities {
    return this.#router.rtpCapabilities as RouterCapabilities;
  }

  get dominantSpeakerId(): string | null {
    return this.#dominantSpeakerId;
  }

  get participantCount(): number {
    return this.#participants.size;
  }

  /** Consumers in this room: the unit of load on a worker. */
  get consumerCount(): number {
    let count = 0;
    for (const participant of this.#participants.values()) count += participant.consumers.size;
    return count;
  }

  get closed(): boolean {
    return this.#closed;
  }

  addParticipant(participantId: string, space = MAIN_SPACE): void {
    if (this.#participants.has(participantId)) {
      throw new CourtError('ALREADY_JOINED', 'you are already in this hearing room; leave it before joining again');
    }
    this.#participants.set(participantId, new ParticipantMedia(participantId, space));
  }

  /** The id of the participant's producer of this source, if they send it. */
  producerIdFor(participantId: string, source: MediaSource): string | undefined {
    return this.#participants.get(participantId)?.producerForSource(source)?.id;
  }

  has(participantId: string): boolean {
    return this.#participants.has(participantId);
  }

  spaceOf(participantId: string): string | undefined {
    return this.#participants.get(participantId)?.space;
  }

  /** The participants whose media flows in this space. */
  participantsIn(space: string): string[] {
    return [...this.#participants.values()].filter((p) => p.space === space).map((p) => p.participantId);
  }

  /**
   * Moves a participant to another space: every consumer between them and someone outside the
   * new space closes (their clients hear consumerClosed), and their voice leaves or rejoins the
   * dominant-speaker watch.
   */
  async setSpace(participantId: string, space: string): Promise<void> {
    const moving = this.#participant(participantId);
    if (moving.space === space) return;
    const from = moving.space;
    moving.space = space;
    // Only the main room is recorded: what someone sends in a consultation never reaches a recorder.
    if (space !== MAIN_SPACE) this.#closeRecordingTaps((producerId) => moving.producers.has(producerId));
    for (const participant of this.#participants.values()) {
      for (const consumer of [...participant.consumers.values()]) {
        const owner = this.#ownerOf(consumer.producerId);
        if (owner !== undefined && owner.space !== participant.space) this.#closeConsumer(participant, consumer);
      }
    }
    for (const producer of moving.producers.values()) await this.#watchVoice(producer);
    this.emit('spaceChanged', { participantId, from, to: space });
  }

  removeParticipant(participantId: string): void {
    const participant = this.#participants.get(participantId);
    if (!participant) return;
    // Closed while still listed, so the producerRemoved its producers emit still knows its space
    // (and a speaker whose voice closes stops being the speaker: #watchVoice).
    participant.close();
    this.#participants.delete(participantId);
    this.#producing.delete(participant);
  }

  /**
   * The producers of a space (default: every space), as they are announced to clients; with a
   * viewer, only those offered to them (an interpreter's voice only to its audience).
   */
  publishedProducers(space?: string, viewerId?: string): PublishedProducer[] {
    const published: PublishedProducer[] = [];
    for (const participant of this.#producing) {
      if (space !== undefined && participant.space !== space) continue;
      for (const producer of participant.producers.values()) {
        if (viewerId !== undefined && !this.#offered(producer as types.Producer<ProducerAppData>, viewerId)) continue;
        published.push(this.#describe(producer));
      }
    }
    return published;
  }

  /**
   * Who a producer is offered to when that is not everyone in its owner's space: for an
   * interpreter's voice, its audience. Looked up once per announcement, then asked per person.
   */
  restrictedAudience(ownerId: string, producerId: string): ReadonlySet<string> | undefined {
    const producer = this.#participants.get(ownerId)?.producers.get(producerId) as types.Producer<ProducerAppData> | undefined;
    if (producer?.appData.source !== 'interpretation') return undefined;
    const route = this.#channelRoutes.get(ownerId);
    if (route?.onFloor === true) return undefined;
    return route?.listeners ?? new Set<string>();
  }

  /** The route of an interpreter's voice now. */
  channelRouteOf(interpreterId: string): ChannelRoute | undefined {
    return this.#channelRoutes.get(interpreterId);
  }

  /**
   * Routes an interpreter's voice to an audience (their direction, a handover, a listener's choice
   * or the judge switching their pair to consecutive changed it), or to the floor. Consumers held
   * by anyone outside the new audience close at once; the answer says
   * who gained and who lost the offer, and the voice as it is now described, so they can be told.
   */
  routeChannel(interpreterId: string, route: ChannelRoute): { gained: string[]; lost: string[]; producer: PublishedProducer | undefined } {
    const before = this.#reachOf(interpreterId);
    this.#channelRoutes.set(interpreterId, { language: route.language, listeners: new Set(route.listeners), onFloor: route.onFloor === true });
    const after = this.#reachOf(interpreterId);
    const voice = this.#participants.get(interpreterId)?.producerForSource('interpretation');
    const lost = [...before].filter((id) => !after.has(id));
    // Only someone in the audience could consume the voice (consume checks it before and after).
    for (const participant of lost.map((id) => this.#participants.get(id))) {
      if (participant === undefined || voice === undefined) continue;
      for (const consumer of [...participant.consumers.values()]) if (consumer.producerId === voice.id) this.#closeConsumer(participant, consumer);
    }
    return {
      gained: [...after].filter((id) => !before.has(id)),
      lost,
      producer: voice === undefined ? undefined : this.#describe(voice),
    };
  }

  async createTransport(participantId: string, direction: TransportDirection, forceTcp = false): Promise<TransportOptions> {
    const participant = this.#participant(participantId);
    if (participant.transports.size >= PARTICIPANT_LIMITS.transports) {
      throw new CourtError(
        'TRANSPORT_LIMIT_REACHED',
        `at most ${PARTICIPANT_LIMITS.transports} transports per participant; close one before creating another`,
      );
    }
    const router = this.#router;
    const transport = await router.createWebRtcTransport({
      webRtcServer: this.#mediaWorker.webRtcServer,
      enableUdp: !forceTcp,
      enableTcp: true,
      preferUdp: !forceTcp,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { participantId, direction },
    });
    // The participant may have left, or the room moved workers, while the worker was busy.
    if (participant.closed || router !== this.#router) {
      transport.close();
      throw new CourtError('NOT_IN_HEARING', 'you left the hearing room while the transport was being created');
    }
    participant.transports.set(transport.id, { transport, direction, connected: false });
    transport.observer.on('close', () => participant.transports.delete(transport.id));
    return {
      transportId: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates as TransportOptions['iceCandidates'],
      dtlsParameters: transport.dtlsParameters as TransportOptions['dtlsParameters'],
    };
  }

  async connectTransport(participantId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const owned = this.#ownTransport(participantId, transportId);
    if (owned.connected) throw new CourtError('MEDIA_REJECTED', `transport ${transportId} is already connected`);
    await mediaCall(() => owned.transport.connect({ dtlsParameters }));
    owned.connected = true;
  }

  async restartIce(participantId: string, transportId: string): Promise<types.IceParameters> {
    const { transport } = this.#ownTransport(participantId, transportId);
    return transport.restartIce();
  }

  async produce(
    participantId: string,
    request: { transportId: string; kind: MediaKind; source: MediaSource; rtpParameters: types.RtpParameters },
    options: { paused?: boolean } = {},
  ): Promise<PublishedProducer> {
    const participant = this.#participant(participantId);
    const { transport, direction } = this.#ownTransport(participantId, request.transportId);
    if (direction !== 'send') {
      throw new CourtError('TRANSPORT_DIRECTION_MISMATCH', 'produce on a transport created with direction "send"');
    }
    if (participant.producerForSource(request.source)) {
      throw new CourtError(
        'PRODUCER_LIMIT_REACHED',
        `you already send your ${request.source}; close that producer before sending another`,
      );
    }
    const appData: ProducerAppData = { participantId, source: request.source };
    const producer = await mediaCall(() =>
      transport.produce<ProducerAppData>({ kind: request.kind, rtpParameters: request.rtpParameters, appData, paused: options.paused === true }),
    );
    if (participant.closed || transport.closed) {
      producer.close();
      throw new CourtError('NOT_IN_HEARING', 'you left the hearing room while the producer was being created');
    }
    participant.producers.set(producer.id, producer);
    this.#producing.add(participant);
    producer.observer.on('close', () => {
      participant.producers.delete(producer.id);
      if (participant.producers.size === 0) this.#producing.delete(participant);
      const route = this.#channelRoutes.get(participantId);
      const offeredTo = request.source === 'interpretation' && route?.onFloor !== true ? (route?.listeners ?? new Set<string>()) : undefined;
      if (this.#closed) return;
      this.emit('producerRemoved', { producerId: producer.id, participantId }, offeredTo);
      void this.#watchVoice(producer); // a speaker whose microphone stops is no longer the speaker
    });
    await this.#watchVoice(producer);
    const published = this.#describe(producer);
    this.emit('producerAdded', published);
    // Created paused (the court's mute): its owner's page learns it as it would learn a pause.
    if (producer.paused) this.emit('producerPaused', { producerId: producer.id, participantId });
    return published;
  }

  closeProducer(participantId: string, producerId: string): void {
    this.#ownProducer(participantId, producerId).close();
  }

  /**
   * Pauses a producer, for its owner (their own mute, which only they lift) or for the court
   * (its mute or the floor).
   */
  async pauseProducer(participantId: string, producerId: string, by: 'owner' | 'court'): Promise<void> {
    const producer = this.#ownProducer(participantId, producerId);
    if (by === 'owner') producer.appData.pausedByOwner = true;
    if (producer.paused) return;
    await producer.pause();
    this.emit('producerPaused', { producerId, participantId });
    await this.#watchVoice(producer);
  }

  /** Resumes a producer; the court lifting its mute does not lift the owner's own. */
  async resumeProducer(participantId: string, producerId: string, by: 'owner' | 'court'): Promise<void> {
    const producer = this.#ownProducer(participantId, producerId);
    if (by === 'owner') producer.appData.pausedByOwner = false;
    else if (producer.appData.pausedByOwner === true) return;
    if (!producer.paused) return;
    await producer.resume();
    this.emit('producerResumed', { producerId, participantId });
    await this.#watchVoice(producer);
  }

  async consume(
    participantId: string,
    request: { transportId: string; producerId: string; rtpCapabilities: types.RtpCapabilities },
  ): Promise<ConsumerOptions> {
    const participant = this.#participant(participantId);
    const { transport, direction } = this.#ownTransport(participantId, request.transportId);
    if (direction !== 'recv') {
      throw new CourtError('TRANSPORT_DIRECTION_MISMATCH', 'consume on a transport created with direction "recv"');
    }
    const producer = this.#anyProducer(request.producerId);
    if (producer.appData.participantId === participantId) {
      throw new CourtError('CANNOT_CONSUME_OWN_PRODUCER', 'you cannot receive your own producer; show a local preview instead');
    }
    if (this.#participants.get(producer.appData.participantId)?.space !== participant.space) {
      throw new CourtError('NOT_IN_SAME_ROOM', 'that producer is in another room of the hearing (a consultation is private)');
    }
    this.#requireOffered(producer, participantId);
    if (participant.consumers.size >= PARTICIPANT_LIMITS.consumers) {
      throw new CourtError('PRODUCER_LIMIT_REACHED', `at most ${PARTICIPANT_LIMITS.consumers} consumers per participant`);
    }
    let canConsume = false;
    try {
      canConsume = this.#router.canConsume({ producerId: producer.id, rtpCapabilities: request.rtpCapabilities });
    } catch {
      canConsume = false;
    }
    if (!canConsume) {
      throw new CourtError(
        'CANNOT_CONSUME',
        `your device cannot receive producer ${producer.id} (${producer.kind}); send the rtpCapabilities of a device loaded with the router's capabilities`,
      );
    }
    const consumer = await mediaCall(() =>
      transport.consume({
        producerId: producer.id,
        rtpCapabilities: request.rtpCapabilities,
        paused: true,
        appData: { participantId, producerId: producer.id },
      }),
    );
    if (participant.closed || transport.closed) {
      consumer.close();
      throw new CourtError('NOT_IN_HEARING', 'you left the hearing room while the consumer was being created');
    }
    if (this.#participants.get(producer.appData.participantId)?.space !== participant.space) {
      consumer.close(); // someone moved while it was being made
      throw new CourtError('NOT_IN_SAME_ROOM', 'that producer is in another room of the hearing (a consultation is private)');
    }
    if (!this.#offered(producer, participantId)) {
      consumer.close(); // the channel was rerouted while it was being made
      this.#requireOffered(producer, participantId);
    }
    participant.consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => participant.consumers.delete(consumer.id));
    consumer.on('producerclose', () => {
      if (!participant.closed) this.emit('consumerClosed', participantId, { consumerId: consumer.id, producerId: producer.id });
    });
    const appData = producer.appData as ProducerAppData;
    return {
      consumerId: consumer.id,
      producerId: producer.id,
      participantId: appData.participantId,
      kind: consumer.kind,
      source: appData.source,
      rtpParameters: consumer.rtpParameters as ConsumerOptions['rtpParameters'],
      paused: consumer.paused,
      producerPaused: consumer.producerPaused,
    };
  }

  /**
   * Sends a producer of the main room as plain RTP to a recorder listening at `recorder`, through a
   * PlainTransport and a consumer of its own (created paused: resume it once the recorder
   * listens). A producer in a consultation room is refused, and moving a producer's owner into one
   * closes its taps: consultations are never recorded, at the media layer.
   */
  async openRecordingTap(producerId: string, recorder: RecorderAddress): Promise<RecordingTap> {
    const producer = this.#anyProducer(producerId);
    this.#requireOnFloor(producer);
    const router = this.#router;
    const transport = await router.createPlainTransport({ listenIp: recorder.ip, rtcpMux: false, comedia: false, appData: { recording: true, producerId } });
    try {
      await transport.connect({ ip: recorder.ip, port: recorder.port, rtcpPort: recorder.rtcpPort });
      const consumer = await transport.consume({ producerId, rtpCapabilities: recordingCapabilities(router, producer.kind), paused: true, appData: { recording: true } });
      // The producer closed, its owner moved or the router was rebuilt while the worker was busy.
      if (router !== this.#router || producer.closed || consumer.closed) throw new CourtError('PRODUCER_NOT_FOUND', `producer ${producerId} closed while its recording was being set up`);
      this.#requireOnFloor(producer);
      this.#recordingTaps.add(transport);
      transport.observer.on('close', () => this.#recordingTaps.delete(transport));
      consumer.observer.on('close', () => transport.close());
      return { transport, consumer };
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    const consumer = this.#ownConsumer(participantId, consumerId);
    await consumer.resume();
  }

  async setPreferredLayers(
    participantId: string,
    consumerId: string,
    spatialLayer: number,
    temporalLayer = HIGHEST_TEMPORAL_LAYER,
  ): Promise<{ spatialLayer: number; temporalLayer: number }> {
    const consumer = this.#ownConsumer(participantId, consumerId);
    const layers = { spatialLayer: Math.min(spatialLayer, HIGHEST_SPATIAL_LAYER), temporalLayer };
    // Only simulcast/SVC video has layers; for anything else the preference is accepted and moot.
    if (consumer.type === 'simulcast' || consumer.type === 'svc') await consumer.setPreferredLayers(layers);
    return layers;
  }

  async followTileSize(participantId: string, consumerId: string, tileHeight: number, pixelRatio = 1) {
    return this.setPreferredLayers(participantId, consumerId, spatialLayerForTile(tileHeight, pixelRatio));
  }

  async stats(participantId: string): Promise<MediaStatsReport> {
    const participant = this.#participant(participantId);
    const [transports, producers, consumers] = await Promise.all([
      Promise.all(
        [...participant.transports.values()].map(async ({ transport, direction }) => ({
          transportId: transport.id,
          direction,
          stats: await transport.getStats(),
        })),
      ),
      Promise.all(
        [...participant.producers.values()].map(async (p) => ({ producerId: p.id, kind: p.kind, stats: await p.getStats() })),
      ),
      Promise.all(
        [...participant.consumers.values()].map(async (c) => ({ consumerId: c.id, kind: c.kind, stats: await c.getStats() })),
      ),
    ]);
    return { transports, producers, consumers };
  }

  /** What the worker itself holds for this room: the ground truth for "nothing left behind". */
  async mediaInventory(): Promise<{ transports: number; producers: number; consumers: number }> {
    const dump = (await this.#router.dump()) as {
      transportIds: string[];
      mapProducerIdConsumerIds: Record<string, string[]>;
    };
    const consumerLists = Object.values(dump.mapProducerIdConsumerIds);
    const consumers = consumerLists.reduce((sum, ids) => sum + ids.length, 0);
    return { transports: dump.transportIds.length, producers: consumerLists.length, consumers };
  }

  /** Rebuilds the router on another worker after its worker died; participants stay joined. */
  async moveTo(mediaWorker: MediaWorker): Promise<void> {
    for (const participant of this.#participants.values()) participant.resetMedia();
    this.#producing.clear();
    this.#dominantSpeakerId = null;
    await this.#openRouter(mediaWorker);
    this.#logger.warn({ workerIndex: mediaWorker.index, routerId: this.#router.id }, 'hearing room media rebuilt');
    this.emit('mediaReset', this.routerRtpCapabilities);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const participant of this.#participants.values()) participant.close();
    this.#participants.clear();
    this.#router.close();
  }

  async #openRouter(mediaWorker: MediaWorker): Promise<void> {
    const router = await mediaWorker.worker.createRouter({ mediaCodecs: HEARING_MEDIA_CODECS });
    const speakerObserver = await router.createActiveSpeakerObserver({ interval: 300 });
    speakerObserver.on('dominantspeaker', ({ producer }) => {
      // Elected just before it was muted (the news crossed its leaving the watch): not the speaker.
      if (producer.paused || producer.closed) return;
      this.#announceDominantSpeaker((producer.appData as ProducerAppData).participantId);
    });
    this.#mediaWorker = mediaWorker;
    this.#router = router;
    this.#speakerObserver = speakerObserver;
  }

  #offered(producer: types.Producer<ProducerAppData>, participantId: string): boolean {
    if (producer.appData.source !== 'interpretation') return true;
    const route = this.#channelRoutes.get(producer.appData.participantId);
    return route?.onFloor === true || route?.listeners.has(participantId) === true;
  }

  /** Whom an interpreter's voice is offered to now (spaces aside): everyone else, when it is on the floor. */
  #reachOf(interpreterId: string): ReadonlySet<string> {
    const route = this.#channelRoutes.get(interpreterId);
    if (route?.onFloor !== true) return route?.listeners ?? new Set<string>();
    return new Set([...this.#participants.keys()].filter((id) => id !== interpreterId));
  }

  #requireOffered(producer: types.Producer<ProducerAppData>, participantId: string): void {
    if (this.#offered(producer, participantId)) return;
    throw new CourtError('NOT_A_CHANNEL_LISTENER', "that is an interpreter's voice on a language channel you do not listen to; choose the channel first (interpretation:command listen)");
  }

  #describe(producer: types.Producer): PublishedProducer {
    const published = describeProducer(producer);
    if (published.source !== 'interpretation') return published;
    const route = this.#channelRoutes.get(published.participantId);
    return route === undefined ? published : { ...published, channel: route.language };
  }

  #requireOnFloor(producer: types.Producer<ProducerAppData>): void {
    if (this.#participants.get(producer.appData.participantId)?.space !== MAIN_SPACE) {
      throw new CourtError('CONSULTATION_NOT_RECORDED', 'consultation rooms are never recorded; only the main room is');
    }
  }

  #closeRecordingTaps(carries: (producerId: string) => boolean): void {
    for (const transport of [...this.#recordingTaps]) if (carries(transport.appData.producerId as string)) transport.close();
  }

  /**
   * Puts a voice in or out of the dominant-speaker watch. Watched: a voice of the main room that
   * is sounding. An interpreter's voice is not the floor, a consultation is private, and a muted
   * or stopped voice is silent: none of them ever makes its owner the speaker. Leaving the watch,
   * a speaker stops being the speaker at once (the observer would otherwise keep a muted speaker
   * until another voice outscored their fading one, which with quiet voices can take long or
   * never happen); the observer then elects among the voices still watched.
   */
  async #watchVoice(producer: types.Producer): Promise<void> {
    const { participantId, source } = producer.appData as ProducerAppData;
    if (producer.kind !== 'audio' || source === 'interpretation') return;
    const watched = !producer.closed && !producer.paused && this.#participants.get(participantId)?.space === MAIN_SPACE;
    if (!watched && this.#dominantSpeakerId === participantId) this.#announceDominantSpeaker(null);
    if (producer.closed) return; // the observer lets go of a closed producer itself
    const watch = watched ? this.#speakerObserver.addProducer({ producerId: producer.id }) : this.#speakerObserver.removeProducer({ producerId: producer.id });
    await watch.catch((error: unknown) => {
      // Already in (or out of) the watch, or closed meanwhile: nothing to change.
      this.#logger.debug({ err: error, producerId: producer.id }, 'speaker watch unchanged');
    });
  }

  #announceDominantSpeaker(participantId: string | null): void {
    if (participantId === this.#dominantSpeakerId) return;
    this.#dominantSpeakerId = participantId;
    this.emit('dominantSpeaker', participantId);
  }

  #ownerOf(producerId: string): ParticipantMedia | undefined {
    for (const participant of this.#participants.values()) if (participant.producers.has(producerId)) return participant;
    return undefined;
  }

  #closeConsumer(participant: ParticipantMedia, consumer: types.Consumer): void {
    consumer.close();
    participant.consumers.delete(consumer.id);
    this.emit('consumerClosed', participant.participantId, { consumerId: consumer.id, producerId: consumer.producerId });
  }

  #participant(participantId: string): ParticipantMedia {
    const participant = this.#participants.get(participantId);
    if (!participant) throw new CourtError('NOT_IN_HEARING', `join hearing room ${this.roomId} first`);
    return participant;
  }

  #ownedByOther = (kind: 'transport' | 'producer' | 'consumer', id: string): boolean => {
    for (const participant of this.#participants.values()) {
      const owned = kind === 'transport' ? participant.transports : kind === 'producer' ? participant.producers : participant.consumers;
      if (owned.has(id)) return true;
    }
    return false;
  };

  #ownTransport(participantId: string, transportId: string) {
    return this.#participant(participantId).transport(transportId, this.#ownedByOther);
  }

  #ownProducer(participantId: string, producerId: string): types.Producer {
    return this.#participant(participantId).producer(producerId, this.#ownedByOther);
  }

  #ownConsumer(participantId: string, consumerId: string): types.Consumer {
    return this.#participant(participantId).consumer(consumerId, this.#ownedByOther);
  }

  #anyProducer(producerId: string): types.Producer<ProducerAppData> {
    for (const participant of this.#participants.values()) {
      const producer = participant.producers.get(producerId);
      if (producer) return producer as types.Producer<ProducerAppData>;
    }
    throw new CourtError('PRODUCER_NOT_FOUND', `no producer ${producerId} in this hearing room; it may have closed`);
  }
}

/**
 * What a recorder receives: the router's codecs of the producer's kind, without header extensions
 * (a recorder sends no transport-wide feedback, so bandwidth estimation stays out of it).
 */
function recordingCapabilities(router: types.Router, kind: MediaKind): types.RtpCapabilities {
  return { codecs: (router.rtpCapabilities.codecs ?? []).filter((codec) => codec.kind === kind), headerExtensions: [] };
}

function describeProducer(producer: types.Producer): PublishedProducer {
  const appData = producer.appData as ProducerAppData;
  return {
    producerId: producer.id,
    participantId: appData.participantId,
    kind: producer.kind,
    source: appData.source,
    paused: producer.paused,
  };
}

/** mediasoup throws TypeError for parameters it cannot use: that is the client's to fix. */
async function mediaCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError')) {
      throw new CourtError('MEDIA_REJECTED', `the media server rejected the parameters: ${error.message}`);
    }
    throw error;
  }
}
