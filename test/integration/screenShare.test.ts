// Screen sharing in the SFU: a party's screen is a producer of its own that needs the court's
// leave; when the judge withdraws that leave while the party shares, the server closes the
// screen producer itself (the party's camera stays), and everyone receiving it is told.
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import type { ProducePayload } from '../../server/protocol/hearingRoomSchemas.js';
import { followCourtroom, SignallingClient, startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';

let server: RunningCourtServer;
const closers: Array<{ close(): void }> = [];

beforeAll(async () => {
  server = await startTestCourt();
}, 60_000);

afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

afterAll(async () => {
  await server?.close();
});

/** A participant's socket, admitted to the main room, keeping the latest courtroom view. */
async function seated(hearing: HearingCase, token: string) {
  const client = await SignallingClient.connect(server.url, token);
  closers.push(client);
  const views: CourtroomView[] = [];
  const seed = followCourtroom(client.socket, (view) => views.push(view));
  const joined = await client.request('hearing:join', { hearingId: hearing.hearingId });
  seed(joined.courtroom);
  if (joined.seat === 'lobby') {
    const seatedNow = client.next('courtroom:seated');
    await hearing.admit(joined.self.participantId);
    await seatedNow;
  }
  const { routerRtpCapabilities } = await client.request('media:routerCapabilities', {});
  return { client, participantId: joined.self.participantId, routerRtpCapabilities, latest: () => views.at(-1) };
}

/** Video parameters mediasoup accepts for a producer (no RTP needs to flow for these checks). */
function videoProducer(transportId: string, source: 'camera' | 'screen', ssrc: number): ProducePayload {
  return {
    transportId,
    kind: 'video',
    source,
    rtpParameters: { mid: source, codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] },
  };
}

const sources = (hearing: HearingCase, participantId: string) =>
  server.rooms.get(hearing.hearingId)!.publishedProducers().filter((p) => p.participantId === participantId).map((p) => p.source).sort();

test('the judge withdraws a party’s leave while they share: the SFU closes their screen (not their camera) and the judge’s consumer of it', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const judge = await seated(hearing, await hearing.judgePass());
  const party = await seated(hearing, claimant.token);

  await judge.client.request('courtroom:command', { action: 'allowPresenting', participantId: party.participantId, allowed: true });
  await waitFor(() => party.latest()?.you.mayPresent === true, 'the party to be told it may present');
  const { transportId } = await party.client.request('transport:create', { direction: 'send' });
  await party.client.request('producer:create', videoProducer(transportId, 'camera', 1111));
  const screenAnnounced = judge.client.next('producer:added', (p) => p.source === 'screen');
  const { producerId } = await party.client.request('producer:create', videoProducer(transportId, 'screen', 2222));
  expect((await screenAnnounced).producerId).toBe(producerId);
  expect(sources(hearing, party.participantId)).toEqual(['camera', 'screen']);

  const recv = await judge.client.request('transport:create', { direction: 'recv' });
  const consumer = await judge.client.request('consumer:create', { transportId: recv.transportId, producerId, rtpCapabilities: judge.routerRtpCapabilities });
  expect(consumer.source).toBe('screen');

  const removed = judge.client.next('producer:removed', (e) => e.producerId === producerId);
  const consumerClosed = judge.client.next('consumer:closed', (e) => e.consumerId === consumer.consumerId);
  await judge.client.request('courtroom:command', { action: 'allowPresenting', participantId: party.participantId, allowed: false });
  await Promise.all([removed, consumerClosed]);
  expect(sources(hearing, party.participantId)).toEqual(['camera']);
  await waitFor(() => party.latest()?.you.mayPresent === false, 'the party to be told its leave is gone');

  // Sharing again is refused until the court gives leave again.
  await expect(party.client.send('producer:create', videoProducer(transportId, 'screen', 3333))).resolves.toMatchObject({ ok: false, error: { code: 'NOT_PRESENTER' } });
  expect(sources(hearing, party.participantId)).toEqual(['camera']);
});

test('the presiding judge shares a screen without anyone’s leave, and withdrawing "leave" from the judge closes nothing', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const judge = await seated(hearing, await hearing.judgePass());
  const party = await seated(hearing, claimant.token);

  const { transportId } = await judge.client.request('transport:create', { direction: 'send' });
  const screenAnnounced = party.client.next('producer:added', (p) => p.source === 'screen');
  await judge.client.request('producer:create', videoProducer(transportId, 'screen', 4444));
  expect((await screenAnnounced).participantId).toBe(judge.participantId);

  await judge.client.request('courtroom:command', { action: 'allowPresenting', participantId: judge.participantId, allowed: false });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sources(hearing, judge.participantId)).toEqual(['screen']);
});

test('a party moved into a consultation room while sharing stops sharing: the main room is told, and the screen is never announced inside', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const counselOf = await hearing.participant('Ms Costa', 'counsel');
  const judge = await seated(hearing, await hearing.judgePass());
  const party = await seated(hearing, claimant.token);
  const counsel = await seated(hearing, counselOf.token);
  const announcedToCounsel: string[] = [];
  counsel.client.socket.on('producer:added', (p) => announcedToCounsel.push(p.source));

  await judge.client.request('courtroom:command', { action: 'allowPresenting', participantId: party.participantId, allowed: true });
  const { transportId } = await party.client.request('transport:create', { direction: 'send' });
  await party.client.request('producer:create', videoProducer(transportId, 'camera', 5555));
  const { producerId } = await party.client.request('producer:create', videoProducer(transportId, 'screen', 6666));
  await waitFor(() => announcedToCounsel.includes('screen'), 'counsel to be told of the screen in the main room');

  const removedForJudge = judge.client.next('producer:removed', (e) => e.producerId === producerId);
  announcedToCounsel.length = 0;
  // Counsel goes first, then the party joins them: both now sit in the consultation room.
  await judge.client.request('courtroom:command', { action: 'openConsultation', name: 'Claimant and counsel', members: [counsel.participantId, party.participantId] });
  await removedForJudge;
  await waitFor(() => server.rooms.get(hearing.hearingId)!.spaceOf(party.participantId)?.startsWith('consultation:') === true, 'the party in the consultation room');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sources(hearing, party.participantId)).toEqual(['camera']);
  expect(announcedToCounsel).not.toContain('screen');
});
