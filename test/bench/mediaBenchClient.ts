// A client process of the media benchmark: hosts synthetic participants (mediasoup-client on
// @roamhq/wrtc) apart from the server's process, so libwebrtc's threads and the participants'
// JavaScript do not share an event loop with the server. Driven over IPC by media.bench.ts.
//
// Load participants send a microphone and a camera fed from ONE synthetic source per process
// (one timer for all, instead of one per participant) and consume every other participant's
// producers, the way the browser client does: create paused, attach, resume.
// Probes join receive-only and time the first decoded video frame.
import wrtc from '@roamhq/wrtc';
import { Device, types as client } from 'mediasoup-client';
import { SignallingClient } from '../helpers/courtHarness.js';
import { installWrtcGlobals, NodeMediaParticipant } from '../helpers/nodeMediaClient.js';
import type { PublishedProducer } from '../../server/protocol/hearingRoomEvents.js';
import type { FromClient, ProbeResult, SyntheticMedia, ToClient } from './mediaBenchProtocol.js';

type Track = NonNullable<client.ProducerOptions['track']>;

const send = (message: FromClient) => process.send?.(message);

// ---------------------------------------------------------------- shared synthetic sources

interface SharedSources {
  audio: InstanceType<typeof wrtc.nonstandard.RTCAudioSource> | null;
  silence: InstanceType<typeof wrtc.nonstandard.RTCAudioSource> | null;
  video: InstanceType<typeof wrtc.nonstandard.RTCVideoSource> | null;
  timers: NodeJS.Timeout[];
}

let sources: SharedSources | undefined;

function sharedSources(media: SyntheticMedia): SharedSources {
  if (sources) return sources;
  sources = { audio: null, silence: null, video: null, timers: [] };
  if (media.audio) {
    // A 440 Hz tone for speakers and digital silence for open microphones, in the 10 ms chunks
    // at 48 kHz that libwebrtc's audio source expects.
    const audio = new wrtc.nonstandard.RTCAudioSource();
    const silence = new wrtc.nonstandard.RTCAudioSource();
    const samples = new Int16Array(480);
    const zeros = new Int16Array(480);
    let t = 0;
    sources.timers.push(
      setInterval(() => {
        for (let i = 0; i < samples.length; i++, t++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * t) / 48_000));
        audio.onData({ samples, sampleRate: 48_000, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
        silence.onData({ samples: zeros, sampleRate: 48_000, bitsPerSample: 16, channelCount: 1, numberOfFrames: zeros.length });
      }, 10),
    );
    sources.audio = audio;
    sources.silence = silence;
  }
  if (media.video) {
    // Frames whose brightness changes every frame: the encoder always has work, but little.
    const { width, height, fps } = media.video;
    const video = new wrtc.nonstandard.RTCVideoSource();
    const data = new Uint8Array((width * height * 3) / 2);
    let n = 0;
    sources.timers.push(
      setInterval(() => {
        data.fill((n++ * 7) % 256, 0, width * height);
        data.fill(128, width * height);
        video.onFrame({ width, height, data });
      }, 1000 / fps),
    );
    sources.video = video;
  }
  return sources;
}

// ---------------------------------------------------------------- load participants

interface LoadParticipant {
  participant: NodeMediaParticipant;
  tracks: Track[];
  consumed: Set<string>;
  chain: Promise<void>;
}

const participants: LoadParticipant[] = [];
let resumed = 0;
let failed = 0;

function consumeLater(load: LoadParticipant, producer: PublishedProducer): void {
  if (producer.participantId === load.participant.participantId || load.consumed.has(producer.producerId)) return;
  load.consumed.add(producer.producerId);
  // One at a time per participant (each consume renegotiates its receive PeerConnection).
  load.chain = load.chain.then(async () => {
    try {
      await load.participant.consume(producer.producerId);
      resumed++;
    } catch (error) {
      failed++;
      console.error(`[bench client ${process.pid}] consume ${producer.kind} failed: ${(error as Error).message}`);
    }
  });
}

async function joinLoad(url: string, hearingId: string, token: string, speaking: boolean, media: SyntheticMedia): Promise<[string, number]> {
  const shared = sharedSources(media);
  const started = performance.now();
  const participant = await NodeMediaParticipant.join(url, token, hearingId);
  const load: LoadParticipant = { participant, tracks: [], consumed: new Set(), chain: Promise.resolve() };
  participants.push(load);
  participant.signalling.socket.on('producer:added', (producer) => consumeLater(load, producer));
  const microphone = speaking ? shared.audio : shared.silence;
  if (microphone) {
    const track = microphone.createTrack() as unknown as Track;
    load.tracks.push(track);
    const producer = await participant.sendTransport.produce({
      track,
      codecOptions: { opusDtx: media.dtx },
      appData: { source: 'microphone' },
    });
    participant.producers.set(producer.id, producer);
  }
  if (shared.video) {
    const track = shared.video.createTrack() as unknown as Track;
    load.tracks.push(track);
    // One encoding, no simulcast: a small gallery tile is what a crowded hearing shows anyway.
    const producer = await participant.sendTransport.produce({ track, appData: { source: 'camera' } });
    participant.producers.set(producer.id, producer);
  }
  for (const producer of participant.joined.producers) consumeLater(load, producer);
  return [participant.participantId, performance.now() - started];
}

// ---------------------------------------------------------------- probe (a receive-only join)

async function probe(url: string, hearingId: string, token: string, timeoutMs: number): Promise<ProbeResult> {
  installWrtcGlobals();
  const result: ProbeResult = {
    ok: false,
    joinAckMs: NaN,
    transportMs: NaN,
    firstCameraCreatedMs: null,
    firstCameraAttachedMs: null,
    firstCameraResumedMs: null,
    firstFrameMs: null,
    allCamerasMs: null,
    cameras: 0,
    consumed: 0,
  };
  // The socket is connected before the clock starts: a browser connects when the page loads.
  const signalling = await SignallingClient.connect(url, token);
  const sinks: Array<{ stop(): void; stopped: boolean }> = [];
  let transport: client.Transport | undefined;
  try {
    const t0 = performance.now();
    const since = () => performance.now() - t0;
    const joined = await signalling.request('hearing:join', { hearingId });
    result.joinAckMs = since();
    const device = new Device({ handlerName: 'Chrome111' });
    const routerRtpCapabilities = joined.routerRtpCapabilities ?? (await signalling.request('media:routerCapabilities', {})).routerRtpCapabilities;
    await device.load({ routerRtpCapabilities });
    const options = await signalling.request('transport:create', { direction: 'recv', forceTcp: false });
    const recv = device.createRecvTransport({
      id: options.transportId,
      iceParameters: options.iceParameters,
      iceCandidates: options.iceCandidates,
      dtlsParameters: options.dtlsParameters,
    });
    transport = recv;
    recv.on('connect', ({ dtlsParameters }, done, fail) => {
      signalling.request('transport:connect', { transportId: recv.id, dtlsParameters: dtlsParameters as never }).then(() => done(), fail);
    });
    result.transportMs = since();

    const cameras = joined.producers.filter((p) => p.kind === 'video');
    result.cameras = cameras.length;
    let framed = 0;
    let allFramed!: () => void;
    const everyCamera = new Promise<void>((resolve) => (allFramed = resolve));
    if (cameras.length === 0) allFramed();

    // Like a browser client: every producer requested at once (mediasoup-client serialises the
    // renegotiations itself); a video sink on each camera stands in for the <video> element.
    await Promise.all(
      joined.producers.map(async (producer) => {
        const consumerOptions = await signalling.request('consumer:create', {
          transportId: recv.id,
          producerId: producer.producerId,
          rtpCapabilities: device.rtpCapabilities as never,
        });
        if (producer.kind === 'video') result.firstCameraCreatedMs ??= since();
        const consumer = await recv.consume({
          id: consumerOptions.consumerId,
          producerId: consumerOptions.producerId,
          kind: consumerOptions.kind,
          rtpParameters: consumerOptions.rtpParameters,
        });
        if (consumer.kind === 'video') {
          result.firstCameraAttachedMs ??= since();
          const sink = new wrtc.nonstandard.RTCVideoSink(consumer.track as never);
          sinks.push(sink);
          sink.onframe = () => {
            if (sink.stopped) return;
            sink.stop();
            const at = since();
            result.firstFrameMs ??= at;
            if (++framed === cameras.length) {
              result.allCamerasMs = at;
              allFramed();
            }
          };
        }
        await signalling.request('consumer:resume', { consumerId: consumer.id });
        if (consumer.kind === 'video') result.firstCameraResumedMs ??= since();
        result.consumed++;
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs - since()))));
    const outcome = await Promise.race([everyCamera.then(() => 'framed' as const), timedOut]);
    clearTimeout(timer);
    result.ok = outcome === 'framed';
    if (!result.ok) result.error = `${framed} of ${cameras.length} cameras showed a frame within ${timeoutMs} ms`;
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    for (const sink of sinks) if (!sink.stopped) sink.stop();
    transport?.close();
    await signalling.send('hearing:leave', {}).catch(() => undefined);
    signalling.close();
  }
  return result;
}

// ---------------------------------------------------------------- IPC

async function closeAll(): Promise<void> {
  for (const load of participants) {
    for (const track of load.tracks) track.stop();
    load.participant.close();
  }
  participants.length = 0;
  for (const timer of sources?.timers ?? []) clearInterval(timer);
}

process.on('message', (message: ToClient) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'join': {
          const participantIds: string[] = [];
          const joinMs: number[] = [];
          for (const { token } of message.passes) {
            const [participantId, ms] = await joinLoad(message.url, message.hearingId, token, message.speaking, message.media);
            participantIds.push(participantId);
            joinMs.push(ms);
          }
          send({ type: 'joined', participantIds, joinMs });
          break;
        }
        case 'count':
          send({ type: 'count', resumed, failed });
          break;
        case 'probe':
          send({ type: 'probed', result: await probe(message.url, message.hearingId, message.token, message.timeoutMs) });
          break;
        case 'close':
          await closeAll();
          send({ type: 'closed' });
          // Let the IPC message leave, then go: libwebrtc threads must not keep the process up.
          setTimeout(() => process.exit(0), 100);
          break;
      }
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

// The parent went away (crashed or was killed): do not linger with live PeerConnections.
process.on('disconnect', () => {
  void closeAll().finally(() => process.exit(0));
});

send({ type: 'ready' });
