// A client process of the interpretation benchmark: hosts synthetic participants (mediasoup-client
// on @roamhq/wrtc) apart from the server's process, so libwebrtc's threads and the participants'
// JavaScript do not share an event loop with the server. Driven over IPC by
// interpretation.bench.ts.
//
// Parties send a microphone and a camera, interpreters their voice on a language channel; all
// are fed from ONE synthetic source of each kind per process (one timer for all). Everyone
// consumes what the server offers them, the way the browser client does, and lets go of what it
// stops offering (a listener back on the floor, an interpreter who left).
import wrtc from '@roamhq/wrtc';
import type { types as client } from 'mediasoup-client';
import { NodeMediaParticipant } from '../helpers/nodeMediaClient.js';
import type { PublishedProducer } from '../../server/protocol/hearingRoomEvents.js';
import type { FromClient, Sending, SyntheticVideo, ToClient } from './interpretationBenchProtocol.js';

type Track = NonNullable<client.ProducerOptions['track']>;

const send = (message: FromClient) => process.send?.(message);

// ---------------------------------------------------------------- shared synthetic sources

interface Sources {
  tone: InstanceType<typeof wrtc.nonstandard.RTCAudioSource>;
  silence: InstanceType<typeof wrtc.nonstandard.RTCAudioSource>;
  video: InstanceType<typeof wrtc.nonstandard.RTCVideoSource> | null;
  timers: NodeJS.Timeout[];
}

let sources: Sources | undefined;

function audioSources(): Sources {
  if (sources) return sources;
  // A 440 Hz tone for those speaking and digital silence for open microphones, in the 10 ms
  // chunks at 48 kHz that libwebrtc's audio source expects.
  const tone = new wrtc.nonstandard.RTCAudioSource();
  const silence = new wrtc.nonstandard.RTCAudioSource();
  const samples = new Int16Array(480);
  const zeros = new Int16Array(480);
  let t = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < samples.length; i++, t++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * t) / 48_000));
    tone.onData({ samples, sampleRate: 48_000, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
    silence.onData({ samples: zeros, sampleRate: 48_000, bitsPerSample: 16, channelCount: 1, numberOfFrames: zeros.length });
  }, 10);
  sources = { tone, silence, video: null, timers: [timer] };
  return sources;
}

function videoSource(spec: SyntheticVideo): InstanceType<typeof wrtc.nonstandard.RTCVideoSource> {
  const shared = audioSources();
  if (shared.video) return shared.video;
  // Frames whose brightness changes every frame: the encoder always has work, but little.
  const video = new wrtc.nonstandard.RTCVideoSource();
  const data = new Uint8Array((spec.width * spec.height * 3) / 2);
  let n = 0;
  shared.timers.push(
    setInterval(() => {
      data.fill((n++ * 7) % 256, 0, spec.width * spec.height);
      data.fill(128, spec.width * spec.height);
      video.onFrame({ width: spec.width, height: spec.height, data });
    }, 1000 / spec.fps),
  );
  shared.video = video;
  return video;
}

// ---------------------------------------------------------------- participants

interface Seat {
  participant: NodeMediaParticipant;
  tracks: Track[];
  /** Producers the server offers this participant now. */
  offered: Set<string>;
  /** Producers consumed or being consumed. */
  consumed: Set<string>;
  chain: Promise<void>;
}

const seats = new Map<string, Seat>();
let failed = 0;
let pending = 0;

function offer(seat: Seat, producer: PublishedProducer): void {
  seat.offered.add(producer.producerId);
  if (producer.participantId === seat.participant.participantId || seat.consumed.has(producer.producerId)) return;
  seat.consumed.add(producer.producerId);
  pending++;
  // One at a time per participant (each consume renegotiates its receive PeerConnection).
  seat.chain = seat.chain.then(async () => {
    try {
      // Withdrawn while waiting its turn (a listener moved on): nothing to consume.
      if (!seat.offered.has(producer.producerId)) {
        seat.consumed.delete(producer.producerId);
        return;
      }
      await seat.participant.consume(producer.producerId);
    } catch (error) {
      seat.consumed.delete(producer.producerId);
      if (!seat.offered.has(producer.producerId)) return; // withdrawn while being consumed
      failed++;
      console.error(`[interpretation bench client ${process.pid}] consume ${producer.kind} failed: ${(error as Error).message}`);
    } finally {
      pending--;
    }
  });
}

/** The server closed a consumer or withdrew a producer: let go of it, so it can be consumed again if offered again. */
function release(seat: Seat, producerId: string): void {
  for (const [id, consumer] of seat.participant.consumers) {
    if (consumer.producerId !== producerId) continue;
    if (!consumer.closed) consumer.close();
    seat.participant.consumers.delete(id);
  }
  seat.consumed.delete(producerId);
}

async function join(url: string, hearingId: string, token: string, sending: Sending, speaking: boolean): Promise<string> {
  const shared = audioSources();
  const participant = await NodeMediaParticipant.join(url, token, hearingId);
  const seat: Seat = { participant, tracks: [], offered: new Set(), consumed: new Set(), chain: Promise.resolve() };
  seats.set(participant.participantId, seat);
  const socket = participant.signalling.socket;
  socket.on('producer:added', (producer) => offer(seat, producer));
  socket.on('producer:removed', ({ producerId }) => {
    seat.offered.delete(producerId);
    release(seat, producerId);
  });
  socket.on('consumer:closed', ({ producerId }) => release(seat, producerId));

  const voice = (speaking ? shared.tone : shared.silence).createTrack() as unknown as Track;
  seat.tracks.push(voice);
  if (sending.kind === 'interpretation') {
    const producer = await participant.sendTransport.produce({
      track: voice,
      codecOptions: { opusDtx: true },
      appData: { source: 'interpretation', language: sending.language },
    });
    participant.producers.set(producer.id, producer);
  } else {
    const microphone = await participant.sendTransport.produce({ track: voice, codecOptions: { opusDtx: true }, appData: { source: 'microphone' } });
    participant.producers.set(microphone.id, microphone);
    if (sending.video) {
      const track = videoSource(sending.video).createTrack() as unknown as Track;
      seat.tracks.push(track);
      // One encoding, no simulcast: a small gallery tile, as in bench:media.
      const camera = await participant.sendTransport.produce({ track, appData: { source: 'camera' } });
      participant.producers.set(camera.id, camera);
    }
  }
  for (const producer of participant.offeredProducers().values()) offer(seat, producer);
  return participant.participantId;
}

function seatOf(participantId: string): Seat {
  const seat = seats.get(participantId);
  if (!seat) throw new Error(`no participant ${participantId} in this client process`);
  return seat;
}

async function leave(participantId: string): Promise<void> {
  const seat = seatOf(participantId);
  seats.delete(participantId);
  await seat.participant.signalling.request('hearing:leave', {}).catch(() => undefined);
  for (const track of seat.tracks) track.stop();
  seat.participant.close();
}

function openConsumers(): number {
  let open = 0;
  for (const seat of seats.values()) for (const consumer of seat.participant.consumers.values()) if (!consumer.closed) open++;
  return open;
}

async function closeAll(): Promise<void> {
  for (const participantId of [...seats.keys()]) {
    const seat = seats.get(participantId)!;
    for (const track of seat.tracks) track.stop();
    seat.participant.close();
  }
  seats.clear();
  for (const timer of sources?.timers ?? []) clearInterval(timer);
}

// ---------------------------------------------------------------- IPC

process.on('message', (message: ToClient) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'join':
          send({ type: 'joined', participantId: await join(message.url, message.hearingId, message.token, message.sending, message.speaking) });
          break;
        case 'listen':
          await seatOf(message.participantId).participant.signalling.request('interpretation:command', { action: 'listen', channel: message.channel });
          send({ type: 'listened' });
          break;
        case 'leave':
          await leave(message.participantId);
          send({ type: 'left' });
          break;
        case 'count':
          send({ type: 'count', open: openConsumers(), failed, pending });
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
