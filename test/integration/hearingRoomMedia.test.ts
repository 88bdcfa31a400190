// The live media path through a real mediasoup worker with real socket.io clients and real
// WebRTC peers (libwebrtc for Node): join → produce → consume → RTP flows.
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../helpers/nodeMediaClient.js';

type RtpStat = { type: string; packetCount?: number; byteCount?: number };

let court: RunningCourtServer;
/** A fresh case per test; its presiding judge is Judge Li, everyone else a party to it. */
let hearing: HearingCase;
const participants: NodeMediaParticipant[] = [];

async function join(name: string, options = {}) {
  const token = name === 'Judge Li' ? await hearing.judgePass() : await hearing.pass(name);
  const participant = await NodeMediaParticipant.join(court.url, token, hearing.hearingId, { ...hearing.admitting, ...options });
  participants.push(participant);
  return participant;
}

async function serverSidePackets(participant: NodeMediaParticipant, consumerId: string): Promise<number> {
  const { consumers } = await participant.signalling.request('media:stats', {});
  const stats = (consumers.find((c) => c.consumerId === consumerId)?.stats ?? []) as RtpStat[];
  return stats.find((s) => s.type === 'outbound-rtp')?.packetCount ?? 0;
}

beforeAll(async () => {
  court = await startTestCourt();
});

beforeEach(async () => {
  hearing = await HearingCase.open(court, 'Judge Li');
});

afterEach(() => {
  for (const participant of participants.splice(0)) participant.close();
});

afterAll(async () => {
  await court.close();
});

test('a party who joins is told who is already in the hearing room and what they send', async () => {
  const judge = await join('Judge Li');
  const mic = await judge.sendMicrophone();
  const party = await join('Ms Souza');
  expect(party.joined.participants).toEqual([{ participantId: judge.participantId, displayName: 'Judge Li', role: 'judge' }]);
  expect(party.joined.producers).toEqual([
    { producerId: mic.id, participantId: judge.participantId, kind: 'audio', source: 'microphone', paused: false },
  ]);
  expect(party.joined.routerRtpCapabilities?.codecs?.map((c) => c.mimeType)).toEqual(
    expect.arrayContaining(['audio/opus', 'video/VP8', 'video/VP9', 'video/H264']),
  );
});

test('the judge sees and hears a party abroad: audio and simulcast video reach the other side', async () => {
  const judge = await join('Judge Li');
  const party = await join('Ms Souza');
  const announced: string[] = [];
  judge.signalling.socket.on('producer:added', (p) => announced.push(`${p.kind}:${p.source}`));
  await party.sendMicrophone();
  const camera = await party.sendCamera();
  await waitFor(() => announced.length === 2, 'producer:added for microphone and camera');
  expect(announced.sort()).toEqual(['audio:microphone', 'video:camera']);

  const consumed = [];
  for (const producer of party.producers.values()) consumed.push(await judge.consume(producer.id));
  expect(consumed.map((c) => c.options.paused)).toEqual([true, true]); // created paused, resumed by the client
  const video = consumed.find((c) => c.options.kind === 'video')!;
  expect(video.options.producerId).toBe(camera.id);
  expect(video.options.rtpParameters.encodings?.length).toBe(1);

  for (const { options } of consumed) {
    const first = await waitFor(() => serverSidePackets(judge, options.consumerId), `${options.kind} packets to the judge`, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await serverSidePackets(judge, options.consumerId)).toBeGreaterThan(first);
  }
  // And the judge's peer connection really receives them.
  const received = await waitFor(async () => {
    const report = await judge.recvTransport.getStats();
    let bytes = 0;
    report.forEach((s: { type: string; bytesReceived?: number }) => {
      if (s.type === 'inbound-rtp') bytes += s.bytesReceived ?? 0;
    });
    return bytes;
  }, 'bytes received by the judge');
  expect(received).toBeGreaterThan(0);
});

test('a viewer with a small tile is switched to the small simulcast layer, a large tile to the full one', async () => {
  const viewer = await join('Clerk Wang');
  const sender = await join('Counsel Chen');
  const camera = await sender.sendCamera();
  const { options } = await viewer.consume(camera.id);
  const small = await viewer.signalling.request('consumer:reportTileSize', { consumerId: options.consumerId, width: 240, height: 135 });
  expect(small.spatialLayer).toBe(0);
  const large = await viewer.signalling.request('consumer:reportTileSize', { consumerId: options.consumerId, width: 1280, height: 720 });
  expect(large.spatialLayer).toBe(2);
  const retina = await viewer.signalling.request('consumer:reportTileSize', {
    consumerId: options.consumerId,
    width: 320,
    height: 180,
    pixelRatio: 2,
  });
  expect(retina.spatialLayer).toBe(1);
  const preferred = await viewer.signalling.request('consumer:setPreferredLayers', { consumerId: options.consumerId, spatialLayer: 1 });
  expect(preferred).toEqual({ spatialLayer: 1, temporalLayer: 2 });
});

test('the room is told who is speaking', async () => {
  const listener = await join('Judge Li');
  const speaker = await join('Witness Park');
  const dominant = listener.signalling.next('speaker:dominant', (e) => e.participantId === speaker.participantId, 15_000);
  await speaker.sendMicrophone();
  await expect(dominant).resolves.toEqual({ participantId: speaker.participantId });
});

test('a speaker who mutes stops being the speaker at once, and a voice still sounding takes the floor', async () => {
  const clerk = await join('Clerk Wang');
  const judge = await join('Judge Li');
  const party = await join('Ms Souza');
  const speakers: (string | null)[] = [];
  clerk.signalling.socket.on('speaker:dominant', ({ participantId }) => speakers.push(participantId));
  const judgeSpeaks = clerk.signalling.next('speaker:dominant', (e) => e.participantId === judge.participantId, 15_000);
  const judgeMic = await judge.sendMicrophone();
  await judgeSpeaks;

  // Alone, the judge falls silent: nobody is the speaker any more.
  const nobody = clerk.signalling.next('speaker:dominant', (e) => e.participantId === null, 3_000);
  await judge.signalling.request('producer:pause', { producerId: judgeMic.id });
  await nobody;

  // The party speaks: the only voice sounding is the speaker.
  const partySpeaks = clerk.signalling.next('speaker:dominant', (e) => e.participantId === party.participantId, 15_000);
  await party.sendMicrophone();
  await partySpeaks;

  // Both speak; when the speaker mutes, the judge, still sounding, is the speaker within moments.
  await judge.signalling.request('producer:resume', { producerId: judgeMic.id });
  const partyMic = [...party.producers.values()][0]!;
  const judgeAgain = clerk.signalling.next('speaker:dominant', (e) => e.participantId === judge.participantId, 3_000);
  await party.signalling.request('producer:pause', { producerId: partyMic.id });
  await judgeAgain;
  // A muted voice was never named the speaker while muted.
  expect(speakers.filter((id) => id !== null)).toEqual([judge.participantId, party.participantId, judge.participantId]);
});

test.each([
  ['stops their microphone', (party: NodeMediaParticipant, micId: string) => party.signalling.request('producer:close', { producerId: micId })],
  ['leaves the hearing', (party: NodeMediaParticipant) => party.signalling.request('hearing:leave', {})],
])('a speaker who %s is no longer the speaker', async (_, fallSilent) => {
  const judge = await join('Judge Li');
  const party = await join('Ms Souza');
  const partySpeaks = judge.signalling.next('speaker:dominant', (e) => e.participantId === party.participantId, 15_000);
  const mic = await party.sendMicrophone();
  await partySpeaks;
  const nobody = judge.signalling.next('speaker:dominant', (e) => e.participantId === null, 3_000);
  await fallSilent(party, mic.id);
  await nobody;
});

test('when a party pauses their microphone the others are told, and told again when it resumes', async () => {
  const judge = await join('Judge Li');
  const party = await join('Ms Souza');
  const mic = await party.sendMicrophone();
  const paused = judge.signalling.next('producer:paused');
  await party.signalling.request('producer:pause', { producerId: mic.id });
  await expect(paused).resolves.toEqual({ producerId: mic.id, participantId: party.participantId });
  const resumed = judge.signalling.next('producer:resumed');
  await party.signalling.request('producer:resume', { producerId: mic.id });
  await expect(resumed).resolves.toEqual({ producerId: mic.id, participantId: party.participantId });
});

test('a participant who leaves disappears for the others and their media is closed', async () => {
  const judge = await join('Judge Li');
  const party = await join('Ms Souza');
  const camera = await party.sendCamera();
  const { options } = await judge.consume(camera.id);
  const left = judge.signalling.next('participant:left');
  const consumerClosed = judge.signalling.next('consumer:closed');
  const producerRemoved = judge.signalling.next('producer:removed');
  await party.signalling.request('hearing:leave', {});
  await expect(left).resolves.toEqual({ participantId: party.participantId });
  await expect(consumerClosed).resolves.toEqual({ consumerId: options.consumerId, producerId: camera.id });
  await expect(producerRemoved).resolves.toEqual({ producerId: camera.id, participantId: party.participantId });
  expect(court.rooms.get(hearing.hearingId)?.publishedProducers()).toEqual([]);
});

test('a party behind a firewall that drops UDP gets only a TCP candidate on the shared port', async () => {
  const party = await join('Mr Okafor', { forceTcp: true });
  const created = await party.signalling.request('transport:create', { direction: 'recv', forceTcp: true });
  expect(created.iceCandidates.map((c) => c.protocol)).toEqual(['tcp']);
  const normal = await party.signalling.request('transport:create', { direction: 'recv' });
  expect(normal.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
  // Every transport of a worker shares its WebRtcServer's one UDP and one TCP port.
  const ports = new Set([...created.iceCandidates, ...normal.iceCandidates].map((c) => `${c.protocol}:${c.port}`));
  expect(ports.size).toBe(2);
});

test('the last participant to leave closes the room and frees its router', async () => {
  const only = await join('Judge Li');
  expect(court.rooms.get(hearing.hearingId)).toBeDefined();
  await only.signalling.request('hearing:leave', {});
  expect(court.rooms.get(hearing.hearingId)).toBeUndefined();
});

test('a party whose network changed restarts ICE and gets fresh ICE credentials on the same transport', async () => {
  const party = await join('Ms Souza');
  const before = await party.signalling.request('transport:create', { direction: 'recv' });
  const { iceParameters } = await party.signalling.request('transport:restartIce', { transportId: before.transportId });
  expect(iceParameters.usernameFragment).not.toBe(before.iceParameters.usernameFragment);
  expect(iceParameters.password).not.toBe(before.iceParameters.password);
  const { routerRtpCapabilities } = await party.signalling.request('media:routerCapabilities', {});
  expect(routerRtpCapabilities).toEqual(party.joined.routerRtpCapabilities);
});

test('a party who stops their camera is removed from the others\' screens', async () => {
  const judge = await join('Judge Li');
  const party = await join('Ms Souza');
  const camera = await party.sendCamera();
  const { options } = await judge.consume(camera.id);
  const removed = judge.signalling.next('producer:removed');
  const consumerClosed = judge.signalling.next('consumer:closed');
  await party.signalling.request('producer:close', { producerId: camera.id });
  await expect(removed).resolves.toEqual({ producerId: camera.id, participantId: party.participantId });
  await expect(consumerClosed).resolves.toEqual({ consumerId: options.consumerId, producerId: camera.id });
  const stats = await judge.signalling.request('media:stats', {});
  expect(stats.consumers).toEqual([]);
});

test('a producer started while someone is still joining reaches them: in the join answer or as producer:added', async () => {
  const judge = await join('Judge Li');
  const [party] = await Promise.all([join('Ms Souza'), judge.sendMicrophone()]);
  const [mic] = [...judge.producers.keys()];
  // The announcement may still be on its way when join() returns: wait for it, don't sample once.
  const seen = () => [...party.joined.producers, ...party.announcedProducers].map((p) => p.producerId);
  await waitFor(() => seen().includes(mic!), 'the microphone in the join answer or a producer:added');
  expect(seen()).toContain(mic);
});
