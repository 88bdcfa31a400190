// A participant without a browser: mediasoup-client on libwebrtc for Node (@roamhq/wrtc), with
// synthetic camera frames and microphone samples. Used by integration tests and the media
// benchmark to put real RTP through the SFU.
import wrtc from '@roamhq/wrtc';
import { Device, types as client } from 'mediasoup-client';
import { CAMERA_SIMULCAST_ENCODINGS } from '../../media/simulcastLayers.js';
import type { ConsumerOptions, JoinedHearing, PublishedProducer, TransportOptions } from '../../server/protocol/hearingRoomEvents.js';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import { followCourtroom, SignallingClient } from './courtHarness.js';

/** The track type mediasoup-client takes (the DOM's MediaStreamTrack; the server code has no DOM lib). */
type Track = NonNullable<client.ProducerOptions['track']>;

let globalsInstalled = false;
/** mediasoup-client looks for the WebRTC classes on globalThis, where a browser has them. */
export function installWrtcGlobals(): void {
  if (globalsInstalled) return;
  const g = globalThis as Record<string, unknown>;
  g.RTCPeerConnection = wrtc.RTCPeerConnection;
  g.RTCSessionDescription = wrtc.RTCSessionDescription;
  g.RTCIceCandidate = wrtc.RTCIceCandidate;
  g.MediaStream = wrtc.MediaStream;
  g.MediaStreamTrack = wrtc.MediaStreamTrack;
  globalsInstalled = true;
}

export interface SyntheticSource {
  track: Track;
  stop(): void;
}

/** 48 kHz mono tone in 10 ms chunks, as libwebrtc's audio source expects. */
export function syntheticMicrophone(frequencyHz = 440): SyntheticSource {
  const source = new wrtc.nonstandard.RTCAudioSource();
  const sampleRate = 48_000;
  const samples = new Int16Array(sampleRate / 100);
  let t = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < samples.length; i++, t++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * frequencyHz * t) / sampleRate));
    source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
  }, 10);
  const track = source.createTrack() as unknown as Track;
  return { track, stop: () => (clearInterval(timer), track.stop()) };
}

/** I420 frames whose brightness changes every frame, so the encoder always has work. */
export function syntheticCamera(width = 640, height = 360, fps = 15): SyntheticSource {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const data = new Uint8Array((width * height * 3) / 2);
  let n = 0;
  const timer = setInterval(() => {
    data.fill((n++ * 7) % 256, 0, width * height);
    data.fill(128, width * height);
    source.onFrame({ width, height, data });
  }, 1000 / fps);
  const track = source.createTrack() as unknown as Track;
  return { track, stop: () => (clearInterval(timer), track.stop()) };
}

export interface NodeParticipantOptions {
  forceTcp?: boolean;
  /**
   * Called when the join lands in the lobby, to have the judge admit this participant; media is
   * set up once the court seats them. Without it a participant left in the lobby is an error.
   */
  admit?: (participantId: string) => Promise<void>;
  /** Make no send transport (an observer in the public gallery may not have one). */
  receiveOnly?: boolean;
}

export class NodeMediaParticipant {
  readonly signalling: SignallingClient;
  readonly device: Device;
  readonly joined: JoinedHearing;
  sendTransport!: client.Transport;
  recvTransport!: client.Transport;
  readonly producers = new Map<string, client.Producer>();
  /** Every producer:added this participant was sent, from before its join on. */
  announcedProducers: PublishedProducer[] = [];
  /** producer:added and producer:removed in the order they came, from before the join on. */
  producerLog: Array<{ added: PublishedProducer } | { removed: string }> = [];
  #shownView: (() => CourtroomView | undefined) | undefined;
  readonly consumers = new Map<string, client.Consumer>();
  readonly #sources: SyntheticSource[] = [];

  private constructor(signalling: SignallingClient, device: Device, joined: JoinedHearing) {
    this.signalling = signalling;
    this.device = device;
    this.joined = joined;
  }

  /** Connects with an access token (HearingCase.pass) and joins the hearing (admitted if need be). */
  static async join(url: string, token: string, hearingId: string, options: NodeParticipantOptions = {}) {
    installWrtcGlobals();
    const signalling = await SignallingClient.connect(url, token);
    // Listening from before the join, so a producer announced while this participant is still
    // setting up is not missed.
    const announced: PublishedProducer[] = [];
    signalling.socket.on('producer:added', (producer) => announced.push(producer));
    const log: NodeMediaParticipant['producerLog'] = [];
    signalling.socket.on('producer:added', (producer) => log.push({ added: producer }));
    signalling.socket.on('producer:removed', ({ producerId }) => log.push({ removed: producerId }));
    let shown: CourtroomView | undefined;
    const seed = followCourtroom(signalling.socket, (view) => (shown = view));
    let joined = await signalling.request('hearing:join', { hearingId });
    seed(joined.courtroom);
    if (joined.seat === 'lobby') {
      if (!options.admit) throw new Error(`${joined.self.displayName} is waiting in the lobby and nobody admits them`);
      const seated = signalling.next('courtroom:seated');
      await options.admit(joined.self.participantId);
      const where = await seated;
      joined = { ...joined, seat: where.seat, participants: where.participants, producers: where.producers, dominantSpeakerId: where.dominantSpeakerId };
    }
    const device = new Device({ handlerName: 'Chrome111' });
    // Admitted from the lobby: the join's answer had no media part, the router is asked now.
    const routerRtpCapabilities = joined.routerRtpCapabilities ?? (await signalling.request('media:routerCapabilities', {})).routerRtpCapabilities;
    await device.load({ routerRtpCapabilities });
    joined = { ...joined, routerRtpCapabilities };
    const participant = new NodeMediaParticipant(signalling, device, joined);
    if (options.receiveOnly !== true) participant.sendTransport = await participant.#transport('send', options.forceTcp ?? false);
    participant.recvTransport = await participant.#transport('recv', options.forceTcp ?? false);
    participant.announcedProducers = announced;
    participant.producerLog = log;
    participant.#shownView = () => shown;
    return participant;
  }

  /** The courtroom as the server last showed it: the join's answer, or the last courtroom:state since. */
  get courtroom(): CourtroomView {
    return this.#shownView?.() ?? this.joined.courtroom;
  }

  /** The producers the server offers this participant now: the join's (or seat's) list, then every addition and removal since. */
  offeredProducers(): Map<string, PublishedProducer> {
    const offered = new Map(this.joined.producers.map((p) => [p.producerId, p]));
    for (const entry of this.producerLog) {
      if ('added' in entry) offered.set(entry.added.producerId, entry.added);
      else offered.delete(entry.removed);
    }
    return offered;
  }

  get participantId(): string {
    return this.joined.self.participantId;
  }

  async sendMicrophone(): Promise<client.Producer> {
    const source = syntheticMicrophone();
    this.#sources.push(source);
    const producer = await this.sendTransport.produce({ track: source.track, appData: { source: 'microphone' } });
    this.producers.set(producer.id, producer);
    return producer;
  }

  /** An interpreter's voice on a language channel (into `language`, or their current direction). */
  async sendInterpretation(language?: string): Promise<client.Producer> {
    const source = syntheticMicrophone(660);
    this.#sources.push(source);
    const producer = await this.sendTransport.produce({ track: source.track, appData: { source: 'interpretation', ...(language === undefined ? {} : { language }) } });
    this.producers.set(producer.id, producer);
    return producer;
  }

  async sendCamera({ simulcast = true, width = 640, height = 360 } = {}): Promise<client.Producer> {
    const source = syntheticCamera(width, height);
    this.#sources.push(source);
    const producer = await this.sendTransport.produce({
      track: source.track,
      ...(simulcast ? { encodings: CAMERA_SIMULCAST_ENCODINGS.map((e) => ({ ...e })) } : {}),
      appData: { source: 'camera' },
    });
    this.producers.set(producer.id, producer);
    return producer;
  }

  /** Consumes a producer the way a browser does: create paused, attach, then resume. */
  async consume(producerId: string): Promise<{ consumer: client.Consumer; options: ConsumerOptions }> {
    const options = await this.signalling.request('consumer:create', {
      transportId: this.recvTransport.id,
      producerId,
      rtpCapabilities: this.device.rtpCapabilities as never,
    });
    const consumer = await this.recvTransport.consume({
      id: options.consumerId,
      producerId: options.producerId,
      kind: options.kind,
      rtpParameters: options.rtpParameters,
    });
    this.consumers.set(consumer.id, consumer);
    await this.signalling.request('consumer:resume', { consumerId: consumer.id });
    return { consumer, options };
  }

  /** After `media:reconnect`: drop the old transports and build new ones on the new router. */
  async reconnectMedia(options: NodeParticipantOptions = {}): Promise<void> {
    this.sendTransport?.close();
    this.recvTransport.close();
    this.producers.clear();
    this.consumers.clear();
    this.sendTransport = await this.#transport('send', options.forceTcp ?? false);
    this.recvTransport = await this.#transport('recv', options.forceTcp ?? false);
  }

  close(): void {
    for (const source of this.#sources) source.stop();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.signalling.close();
  }

  async #transport(direction: 'send' | 'recv', forceTcp: boolean): Promise<client.Transport> {
    const options: TransportOptions = await this.signalling.request('transport:create', { direction, forceTcp });
    const transportOptions = {
      id: options.transportId,
      iceParameters: options.iceParameters,
      iceCandidates: options.iceCandidates,
      dtlsParameters: options.dtlsParameters,
    };
    const transport =
      direction === 'send' ? this.device.createSendTransport(transportOptions) : this.device.createRecvTransport(transportOptions);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      this.signalling
        .request('transport:connect', { transportId: transport.id, dtlsParameters: dtlsParameters as never })
        .then(() => done(), fail);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
        this.signalling
          .request('producer:create', {
            transportId: transport.id,
            kind,
            source: appData.source as 'microphone' | 'camera' | 'interpretation',
            rtpParameters: rtpParameters as never,
            ...(typeof appData.language === 'string' ? { language: appData.language } : {}),
          })
          .then(({ producerId }) => done({ id: producerId }), fail);
      });
    }
    return transport;
  }
}
