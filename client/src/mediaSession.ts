// The media half of being in a hearing room: a mediasoup-client Device loaded with the room's
// router capabilities, one send and one receive transport, the producers of our own camera and
// microphone (and a shared screen), and the consumers of everyone else's. One MediaSession lives
// as long as one join:
// after a reconnection a new one is built.
import { Device, types } from 'mediasoup-client';
import { CAMERA_SIMULCAST_ENCODINGS } from '../../media/simulcastLayers.js';
import type { MediaKind, MediaSource } from '../../server/protocol/hearingRoomEvents.js';
import type { HearingConnection } from './hearingConnection.js';
import type { LocalSource } from './localMedia.js';

export interface ConsumerAppData extends types.AppData {
  participantId: string;
  source: MediaSource;
  producerPaused: boolean;
}

export type TransportDirection = 'send' | 'recv';

interface ProducerAppData extends types.AppData {
  /** 'interpretation': an interpreter's microphone, feeding a language channel instead of the floor. */
  source: LocalSource | 'screen' | 'interpretation';
  /** For an interpreter's voice: the channel it feeds (the server routes it as the direction follows). */
  language?: string;
}

export interface ProduceOptions {
  /** The court's mute is why this source is muted (see #produce). */
  courtMuted?: boolean;
  /** Send the microphone as an interpreter's voice into this language channel, not on the floor. */
  channel?: string;
}

/** Opus for voices in a courtroom: mono, with in-band FEC for lossy links abroad. */
const MICROPHONE_CODEC_OPTIONS: types.ProducerCodecOptions = { opusStereo: false, opusFec: true, opusDtx: false };
const CAMERA_CODEC_OPTIONS: types.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };
/** Don't restart ICE more often than this: a dead network will not revive faster for it. */
const ICE_RESTART_INTERVAL_MS = 5_000;

export class MediaSession {
  readonly #connection: HearingConnection;
  readonly #device: Device;
  readonly #forceTcp: boolean;
  readonly #recvTransport: types.Transport;
  #sendTransport: Promise<types.Transport> | undefined;
  readonly #producers = new Map<LocalSource, Promise<types.Producer<ProducerAppData>>>();
  /** A shared screen: its own producer, never in place of the camera. */
  #screen: types.Producer<ProducerAppData> | undefined;
  readonly #consumers = new Map<string, types.Consumer<ConsumerAppData>>();
  #closed = false;

  private constructor(connection: HearingConnection, device: Device, forceTcp: boolean, recvTransport: types.Transport) {
    this.#connection = connection;
    this.#device = device;
    this.#forceTcp = forceTcp;
    this.#recvTransport = recvTransport;
  }

  static async create(
    connection: HearingConnection,
    routerRtpCapabilities: types.RtpCapabilities,
    { forceTcp }: { forceTcp: boolean },
  ): Promise<MediaSession> {
    const device = createDevice();
    await device.load({ routerRtpCapabilities });
    const recvTransport = await openTransport(connection, device, 'recv', forceTcp);
    return new MediaSession(connection, device, forceTcp, recvTransport);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The transports opened so far (for diagnostics). */
  async transports(): Promise<Array<{ direction: TransportDirection; transport: types.Transport }>> {
    const list: Array<{ direction: TransportDirection; transport: types.Transport }> = [
      { direction: 'recv', transport: this.#recvTransport },
    ];
    const send = await this.#sendTransport?.catch(() => undefined);
    if (send) list.push({ direction: 'send', transport: send });
    return list;
  }

  consumers(): Iterable<types.Consumer<ConsumerAppData>> {
    return this.#consumers.values();
  }

  /** Our producer for a source, once it exists. */
  async producer(source: LocalSource): Promise<types.Producer | undefined> {
    return this.#producers.get(source)?.catch(() => undefined);
  }

  /** The source a producer of ours sends, if it is ours. */
  async sourceOfProducer(producerId: string): Promise<LocalSource | undefined> {
    for (const [source, pending] of this.#producers) {
      const producer = await pending.catch(() => undefined);
      if (producer?.id === producerId) return source;
    }
    return undefined;
  }

  /**
   * Sends a local track. A muted source is produced muted: its track is disabled before the
   * first packet, so a party muted before a reconnection is never briefly heard after it.
   */
  produce(source: LocalSource, track: MediaStreamTrack, muted: boolean, options: ProduceOptions = {}): Promise<types.Producer> {
    const existing = this.#producers.get(source);
    if (existing) return existing;
    const pending = this.#produce(source, track, muted, options);
    this.#producers.set(source, pending);
    pending.catch(() => {
      if (this.#producers.get(source) === pending) this.#producers.delete(source);
    });
    return pending;
  }

  /** Mutes locally at once, then asks the server, which pauses the producer for everyone. */
  async pause(source: LocalSource): Promise<void> {
    const producer = await this.producer(source);
    if (!producer) return;
    producer.pause();
    await this.#connection.request('producer:pause', { producerId: producer.id });
  }

  /** Asks the server first: if it refuses, nothing is sent. */
  async resume(source: LocalSource): Promise<void> {
    const producer = await this.producer(source);
    if (!producer) return;
    await this.#connection.request('producer:resume', { producerId: producer.id });
    producer.resume();
  }

  /**
   * Closes our producers, here and on the server; the tracks live on (the caller produces them
   * again, see HearingSession's move between rooms).
   */
  async closeProducers(): Promise<void> {
    const pending: Array<Promise<types.Producer | undefined>> = [...this.#producers.values()];
    this.#producers.clear();
    // A screen was shared with the room we leave: it is not sent again (see ScreenShare).
    pending.push(Promise.resolve(this.#screen));
    this.#screen = undefined;
    await Promise.all(
      pending.map(async (made) => {
        const producer = await made.catch(() => undefined);
        if (!producer || producer.closed) return;
        producer.close();
        await this.#connection.request('producer:close', { producerId: producer.id }).catch(() => undefined);
      }),
    );
  }

  /**
   * Sends a shared screen beside the camera, in the camera's three simulcast layers, so the
   * server's layer choice by the size of the stage each viewer shows it on applies unchanged.
   * A refusal (the court's leave) rejects with the server's SignallingError.
   */
  async shareScreen(track: MediaStreamTrack): Promise<types.Producer> {
    if (this.#screen && !this.#screen.closed) throw new DOMException('a screen is already shared', 'InvalidStateError');
    const transport = await this.#openSendTransport();
    this.#assertOpen();
    const producer = await transport.produce<ProducerAppData>({ track, stopTracks: false, appData: { source: 'screen' }, ...this.#cameraOptions() });
    if (this.#closed) {
      producer.close();
      this.#assertOpen();
    }
    this.#screen = producer;
    return producer;
  }

  /** Our screen producer, while we share. */
  get screenProducer(): types.Producer | undefined {
    return this.#screen?.closed === false ? this.#screen : undefined;
  }

  /** Stops sending the screen, here and on the server (which may have closed it already). */
  async stopScreen(): Promise<void> {
    const producer = this.#screen;
    this.#screen = undefined;
    if (!producer || producer.closed) return;
    producer.close();
    if (!this.#closed) await this.#connection.request('producer:close', { producerId: producer.id }).catch(() => undefined);
  }

  /** Receives a producer. The consumer starts paused on the server: call `resumeConsumer` once its track is shown. */
  async consume(producerId: string): Promise<types.Consumer<ConsumerAppData>> {
    const options = await this.#connection.request('consumer:create', {
      transportId: this.#recvTransport.id,
      producerId,
      rtpCapabilities: this.#device.recvRtpCapabilities,
    });
    this.#assertOpen();
    const consumer = await this.#recvTransport.consume<ConsumerAppData>({
      id: options.consumerId,
      producerId: options.producerId,
      kind: options.kind,
      rtpParameters: options.rtpParameters,
      appData: { participantId: options.participantId, source: options.source, producerPaused: options.producerPaused },
    });
    if (this.#closed) {
      consumer.close();
      this.#assertOpen();
    }
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => this.#consumers.delete(consumer.id));
    return consumer;
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    await this.#connection.request('consumer:resume', { consumerId });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recvTransport.close();
    void this.#sendTransport?.then((transport) => transport.close()).catch(() => undefined);
    this.#consumers.clear();
    this.#producers.clear();
    this.#screen = undefined;
  }

  /**
   * `courtMuted`: the court's mute is why this source is muted. The server makes the producer
   * paused itself and lifts that when the court does; only a mute of our own is sent as ours
   * (which the court's unmute leaves in place).
   */
  async #produce(source: LocalSource, track: MediaStreamTrack, muted: boolean, { courtMuted = false, channel }: ProduceOptions): Promise<types.Producer<ProducerAppData>> {
    const transport = await this.#openSendTransport();
    this.#assertOpen();
    if (muted) track.enabled = false;
    const kindOptions = source === 'camera' ? this.#cameraOptions() : { codecOptions: MICROPHONE_CODEC_OPTIONS };
    const appData: ProducerAppData = source === 'microphone' && channel !== undefined ? { source: 'interpretation', language: channel } : { source };
    // stopTracks: false, because the same track is produced again after a reconnection.
    const producer = await transport.produce<ProducerAppData>({ track, stopTracks: false, appData, ...kindOptions });
    if (muted) {
      producer.pause();
      if (!courtMuted) await this.#connection.request('producer:pause', { producerId: producer.id });
    }
    return producer;
  }

  #openSendTransport(): Promise<types.Transport> {
    return (this.#sendTransport ??= openTransport(this.#connection, this.#device, 'send', this.#forceTcp));
  }

  #cameraOptions(): Pick<types.ProducerOptions, 'encodings' | 'codecOptions' | 'codec'> {
    const vp8 = this.#device.sendRtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'video/vp8');
    return {
      // Three spatial layers: the server forwards to each viewer the one that fits its tile.
      encodings: CAMERA_SIMULCAST_ENCODINGS.map((encoding) => ({ ...encoding })),
      codecOptions: CAMERA_CODEC_OPTIONS,
      // Simulcast as the server expects it is VP8's; other codecs would fall back to one layer.
      ...(vp8 ? { codec: vp8 } : {}),
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new DOMException('the media session was closed', 'InvalidStateError');
  }
}

/** mediasoup-client detects the browser; Chromium builds it does not recognise get the modern Chrome handler. */
function createDevice(): Device {
  try {
    return new Device();
  } catch {
    return new Device({ handlerName: 'Chrome111' });
  }
}

async function openTransport(
  connection: HearingConnection,
  device: Device,
  direction: TransportDirection,
  forceTcp: boolean,
): Promise<types.Transport> {
  const options = await connection.request('transport:create', { direction, ...(forceTcp ? { forceTcp: true } : {}) });
  const transportOptions: types.TransportOptions = {
    id: options.transportId,
    iceParameters: options.iceParameters,
    iceCandidates: options.iceCandidates,
    dtlsParameters: options.dtlsParameters,
  };
  const transport =
    direction === 'send' ? device.createSendTransport(transportOptions) : device.createRecvTransport(transportOptions);

  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    connection
      .request('transport:connect', { transportId: transport.id, dtlsParameters })
      .then(() => callback(), errback);
  });

  transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
    const { source, language } = appData as ProducerAppData;
    connection
      .request('producer:create', { transportId: transport.id, kind: kind as MediaKind, source, rtpParameters, ...(language === undefined ? {} : { language }) })
      .then(({ producerId }) => callback({ id: producerId }), errback);
  });

  let lastIceRestart = 0;
  transport.on('connectionstatechange', (state) => {
    if (state !== 'failed' || transport.closed || Date.now() - lastIceRestart < ICE_RESTART_INTERVAL_MS) return;
    lastIceRestart = Date.now();
    connection
      .request('transport:restartIce', { transportId: transport.id })
      .then(({ iceParameters }) => transport.restartIce({ iceParameters }))
      .catch((error: unknown) => console.warn(`ICE restart of the ${direction} transport failed`, error));
  });

  return transport;
}
