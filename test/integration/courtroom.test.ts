// Courtroom control against the real worker and real sockets: the judge decides who comes in
// (lobby, gallery, lock), who may speak (the court's mute and the floor, enforced by pausing
// producers on the server), who hears whom (consultation rooms, asserted at the media layer),
// swears witnesses, and leaves a record; a dropped connection comes back to the same seat.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import type { PeopleChange } from '../../server/domain/hearing/presidingPeople.js';
import type { HearingRecordLine } from '../../server/record/Hearings.js';
import type { CourtroomCommand } from '../../server/protocol/hearingRoomSchemas.js';
import type { CourtroomNotice, JoinedHearing } from '../../server/protocol/hearingRoomEvents.js';
import { followCourtroom, SignallingClient, startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../helpers/nodeMediaClient.js';

type PartyRole = 'claimant' | 'respondent' | 'counsel' | 'witness' | 'interpreter' | 'observer';
type RtpStat = { type: string; packetCount?: number };

const ORIGIN = { ip: '127.0.0.1', userAgent: 'test', via: 'cli' } as const;
/** Short, so one test can wait it out; every other reconnection here takes milliseconds. */
const RECONNECT_WINDOW_MS = 2500;
const OATH = { en: 'I solemnly affirm that the evidence I give shall be the truth.', zh: '我郑重保证，我所作的陈述是真实的。' };

let court: RunningCourtServer;
/** A fresh case per test: its hearing is in session and presided by Judge Li. */
let hearing: HearingCase;
const closers: Array<{ close(): void }> = [];
/** The latest courtroom:state each client was sent. */
const views = new WeakMap<SignallingClient, CourtroomView>();
/** The public gallery's head count as each client was last told it (courtroom:gallery). */
const galleryCounts = new WeakMap<SignallingClient, number>();

beforeAll(async () => {
  court = await startTestCourt({ MEDIA_WORKERS: '1', HEARING_RECONNECT_WINDOW_MS: String(RECONNECT_WINDOW_MS) });
});

beforeEach(async () => {
  hearing = await HearingCase.open(court, 'Judge Li');
});

afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

afterAll(async () => {
  await court.close();
});

// ------------------------------------------------------------------ people

/** What to hand each client's join answer to (followCourtroom). */
const seeds = new WeakMap<SignallingClient, (joined: CourtroomView) => void>();

async function connect(token: string): Promise<SignallingClient> {
  const client = await SignallingClient.connect(court.url, token);
  closers.push(client);
  seeds.set(client, followCourtroom(client.socket, (view) => views.set(client, view)));
  client.socket.on('courtroom:gallery', ({ count }) => galleryCounts.set(client, count));
  return client;
}

async function joinHearing(client: SignallingClient): Promise<JoinedHearing> {
  const joined = await client.request('hearing:join', { hearingId: hearing.hearingId });
  seeds.get(client)!(joined.courtroom);
  return joined;
}

interface Person {
  participantId: string;
  token: string;
  client: SignallingClient;
  joined: JoinedHearing;
}

/** The presiding judge, straight into the main room (signalling only). */
async function judge(): Promise<Person> {
  const token = await hearing.judgePass();
  const client = await connect(token);
  const joined = await joinHearing(client);
  return { participantId: joined.self.participantId, token, client, joined };
}

/** Someone added to the case who comes to the hearing (signalling only); `admitted` skips the lobby. */
async function arrive(name: string, role: PartyRole = 'claimant', { admitted = false } = {}): Promise<Person> {
  const { participantId, token } = await hearing.participant(name, role);
  if (admitted) await hearing.preAdmit(participantId);
  const client = await connect(token);
  const joined = await joinHearing(client);
  return { participantId, token, client, joined };
}

/** A party with real WebRTC media, admitted from the lobby by the judge. */
async function withMedia(name: string, role: PartyRole = 'claimant', options: { receiveOnly?: boolean } = {}) {
  const { participantId, token } = await hearing.participant(name, role);
  const participant = await NodeMediaParticipant.join(court.url, token, hearing.hearingId, { ...hearing.admitting, ...options });
  closers.push(participant);
  tracked(participant);
  return Object.assign(participant, { token, id: participantId });
}

/** Tracks the courtroom:state of a media participant's signalling client. */
function tracked(participant: NodeMediaParticipant): SignallingClient {
  followCourtroom(participant.signalling.socket, (view) => views.set(participant.signalling, view))(participant.courtroom);
  participant.signalling.socket.on('courtroom:gallery', ({ count }) => galleryCounts.set(participant.signalling, count));
  return participant.signalling;
}

function command(who: SignallingClient, payload: CourtroomCommand) {
  return who.request('courtroom:command', payload);
}

function refusal(who: SignallingClient, payload: CourtroomCommand) {
  return who.send('courtroom:command', payload);
}

/** Waits until this client's latest courtroom:state satisfies the probe. */
function viewOf(who: SignallingClient, probe: (view: CourtroomView) => boolean, what: string) {
  return waitFor(() => {
    const view = views.get(who);
    return view !== undefined && probe(view) ? view : undefined;
  }, what);
}

function notice<T extends CourtroomNotice['type']>(who: SignallingClient, type: T) {
  return who.next('courtroom:notice', (n) => n.type === type) as Promise<Extract<CourtroomNotice, { type: T }>>;
}

// ------------------------------------------------------------------ what the server holds

function room() {
  const media = court.rooms.get(hearing.hearingId);
  if (!media) throw new Error(`the media room of hearing ${hearing.hearingId} is not open`);
  return media;
}

async function live() {
  return (await court.courtrooms.get(hearing.hearingId))!.courtroom;
}

function pausedOnServer(producerId: string): boolean | undefined {
  return room().publishedProducers().find((p) => p.producerId === producerId)?.paused;
}

async function serverSidePackets(receiver: NodeMediaParticipant, consumerId: string): Promise<number> {
  const { consumers } = await receiver.signalling.request('media:stats', {});
  const stats = (consumers.find((c) => c.consumerId === consumerId)?.stats ?? []) as RtpStat[];
  return stats.find((s) => s.type === 'outbound-rtp')?.packetCount ?? 0;
}

/** Whether the SFU forwards this consumer's RTP: the server's packet count still grows. */
async function flowing(receiver: NodeMediaParticipant, consumerId: string): Promise<boolean> {
  const before = await serverSidePackets(receiver, consumerId);
  await new Promise((r) => setTimeout(r, 600));
  return (await serverSidePackets(receiver, consumerId)) > before;
}

async function hearingRecord(): Promise<HearingRecordLine[]> {
  const response = await fetch(`${court.url}/api/cases/${hearing.caseId}/hearings/${hearing.hearingId}/record`, {
    headers: { authorization: `Bearer ${await hearing.judgePass()}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { lines: HearingRecordLine[] }).lines;
}

/**
 * The hearing record once `probe` finds what it waits for: a join's line is committed just
 * behind the join's answer (Courtrooms.apply recordBehind).
 */
async function hearingRecordOnce(probe: (lines: HearingRecordLine[]) => boolean, what: string): Promise<HearingRecordLine[]> {
  let lines: HearingRecordLine[] = [];
  await waitFor(async () => probe((lines = await hearingRecord())), what);
  return lines;
}

/** Cuts a participant's connection from the server's side, as a network drop would. */
async function cut(participantId: string, who: SignallingClient): Promise<void> {
  const socket = [...court.io.sockets.sockets.values()].find((s) => s.data.member?.participantId === participantId);
  if (!socket) throw new Error(`no socket speaks for ${participantId}`);
  const dropped = new Promise((resolve) => who.socket.once('disconnect', resolve));
  socket.conn.close();
  await dropped;
  await waitFor(async () => (await live()).attendee(participantId)?.connected === false, 'the server to notice the drop');
}

const RECV_ERROR = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

// ------------------------------------------------------------------ the lobby

describe('lobby', () => {
  test('a party waits in the lobby without media; the judge sees who waits and admits them', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza');
    expect(souza.joined.seat).toBe('lobby');
    // What the waiting page shows: the hearing and when it starts (shown in the party's own zone).
    expect(souza.joined.schedule).toEqual({ title: hearing.title, start: hearing.start, end: expect.any(String), timeZone: 'UTC' });
    expect(Date.parse(souza.joined.schedule.end) - Date.parse(hearing.start)).toBe(60 * 60_000);
    expect(souza.joined.producers).toEqual([]);
    // No media part in the lobby: the router's capabilities come once admitted.
    expect(souza.joined.routerRtpCapabilities).toBeNull();
    await expect(souza.client.send('media:routerCapabilities', {})).resolves.toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
    await expect(souza.client.send('transport:create', { direction: 'recv' })).resolves.toMatchObject(RECV_ERROR('NOT_ADMITTED'));

    const park = await arrive('Witness Park', 'witness');
    const seen = await viewOf(presiding.client, (v) => v.participants.filter((p) => p.seat === 'lobby').length === 2, 'the judge to see two waiting');
    expect(seen.participants.filter((p) => p.seat === 'lobby')).toEqual([
      expect.objectContaining({ participantId: souza.participantId, displayName: 'Ms Souza', role: 'claimant', locale: 'en', timeZone: 'UTC' }),
      expect.objectContaining({ participantId: park.participantId, displayName: 'Witness Park', role: 'witness', locale: 'zh-CN', timeZone: 'UTC' }),
    ]);
    // Those who wait see nobody else: not the judge, not each other.
    expect(souza.joined.courtroom.participants.map((p) => p.participantId)).toEqual([souza.participantId]);
    expect(park.joined.courtroom.participants.map((p) => p.participantId)).toEqual([park.participantId]);

    const seated = souza.client.next('courtroom:seated');
    await command(presiding.client, { action: 'admit', participantId: souza.participantId });
    await expect(seated).resolves.toMatchObject({ seat: 'main', participants: [{ participantId: presiding.participantId, role: 'judge' }] });
    await expect(souza.client.send('transport:create', { direction: 'recv' })).resolves.toMatchObject({ ok: true });
    await expect(souza.client.send('media:routerCapabilities', {})).resolves.toMatchObject({ ok: true, data: { routerRtpCapabilities: presiding.joined.routerRtpCapabilities } });
    await expect(park.client.send('transport:create', { direction: 'recv' })).resolves.toMatchObject(RECV_ERROR('NOT_ADMITTED'));
  });

  test('while a crowd waits, the judge is sent only the people who changed, and the console still shows everyone as the court has them', async () => {
    const presiding = await judge();
    const waiting: Person[] = [];
    for (let i = 1; i <= 6; i++) waiting.push(await arrive(`Observer ${i}`, 'observer'));
    await viewOf(presiding.client, (v) => v.participants.filter((p) => p.seat === 'lobby').length === 6, 'the judge to see six waiting');
    const pushes: string[] = [];
    const changes: PeopleChange[] = [];
    presiding.client.socket.on('courtroom:state', () => pushes.push('courtroom:state'));
    presiding.client.socket.on('courtroom:people', (change) => {
      pushes.push('courtroom:people');
      changes.push(change);
    });

    const late = await arrive('Late Observer', 'observer');
    await viewOf(presiding.client, (v) => v.participants.some((p) => p.participantId === late.participantId), 'the judge to see the late arrival');
    await command(presiding.client, { action: 'admit', participantId: waiting[0]!.participantId });
    const shown = await viewOf(presiding.client, (v) => !v.participants.some((p) => p.participantId === waiting[0]!.participantId), 'the admitted observer to leave the judge’s list');

    expect(pushes.every((event) => event === 'courtroom:people')).toBe(true);
    expect(changes.flatMap((c) => c.changed.map((p) => p.participantId))).toEqual([late.participantId]);
    expect(changes.flatMap((c) => c.gone)).toEqual([waiting[0]!.participantId]);
    // What the console shows is what the court holds: everyone outside the gallery, in arrival order.
    const courtroom = await live();
    expect(shown.participants.map((p) => [p.participantId, p.seat])).toEqual(courtroom.attendees().filter((a) => a.seat !== 'gallery').map((a) => [a.participantId, a.seat]));
  });

  test('an admitted party is seated with their view of the courtroom, and no courtroom:state follows for the same change', async () => {
    const presiding = await judge();
    const press = await arrive('Press One', 'observer', { admitted: true });
    const souza = await arrive('Ms Souza');
    const heard: string[] = [];
    souza.client.socket.onAny((event: string) => heard.push(event));
    const seated = souza.client.next('courtroom:seated');
    await command(presiding.client, { action: 'admit', participantId: souza.participantId });
    const seat = await seated;
    expect(seat.courtroom.you).toMatchObject({ participantId: souza.participantId, seat: 'main', presiding: false });
    expect(seat.courtroom.participants.map((p) => p.participantId)).toEqual([presiding.participantId, souza.participantId]);
    // The round of views after the admission has gone out once the gallery is shown her (its
    // view goes last in a round); what was sent to her before an answer is in before it.
    await viewOf(press.client, (v) => v.participants.some((p) => p.participantId === souza.participantId), 'the gallery to see Ms Souza');
    await souza.client.request('media:routerCapabilities', {});
    expect(heard).toContain('courtroom:seated');
    expect(heard).not.toContain('courtroom:state');
    expect(views.get(souza.client)).toEqual(seat.courtroom);
  });

  test('admit all seats everyone waiting; a party denied is told why and disconnected; the record has each step in order', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza');
    const okafor = await arrive('Mr Okafor', 'respondent');
    const seated = [souza.client.next('courtroom:seated'), okafor.client.next('courtroom:seated')];
    await command(presiding.client, { action: 'admitAll' });
    expect((await Promise.all(seated)).map((s) => s.seat)).toEqual(['main', 'main']);

    const stranger = await arrive('Mr Stranger', 'counsel');
    const denied = notice(stranger.client, 'denied');
    const disconnected = new Promise((resolve) => stranger.client.socket.once('disconnect', resolve));
    await command(presiding.client, { action: 'deny', participantId: stranger.participantId, reason: 'not counsel of record in this case' });
    await expect(denied).resolves.toEqual({ type: 'denied', reason: 'not counsel of record in this case' });
    await expect(disconnected).resolves.toBe('io server disconnect');
    expect((await live()).attendee(stranger.participantId)).toBeUndefined();

    const lines = await hearingRecord();
    const step = (type: string, participantId: string) => lines.findIndex((l) => l.type === type && l.participantId === participantId);
    const order = [
      step('arrived', souza.participantId),
      step('admitted', souza.participantId),
      step('admitted', okafor.participantId),
      step('arrived', stranger.participantId),
      step('denied', stranger.participantId),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(lines[step('arrived', souza.participantId)]).toMatchObject({ detail: { seat: 'lobby', reconnected: false } });
    expect(lines[step('admitted', souza.participantId)]).toMatchObject({ by: `participant:${presiding.participantId}`, detail: { seat: 'main' } });
    expect(lines[step('denied', stranger.participantId)]).toMatchObject({ detail: { reason: 'not counsel of record in this case' } });
    for (const line of lines) expect(line.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const times = lines.map((l) => Date.parse(l.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

// ------------------------------------------------------------------ who may preside

describe('judge-only commands', () => {
  test('from a party they are refused by the table (FORBIDDEN), from a clerk who was not delegated by the courtroom (NOT_PRESIDING), and audited', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    const okafor = await arrive('Mr Okafor', 'respondent', { admitted: true });
    await expect(refusal(souza.client, { action: 'mute', participantId: okafor.participantId })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));
    await expect(refusal(souza.client, { action: 'movePhase', phase: 'adjourned' })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));

    const username = `clerk-${randomUUID().slice(0, 8)}`;
    const account = await court.court.accounts.create({ username, displayName: 'Clerk Wang', role: 'clerk', password: 'a long enough password' });
    const judgePrincipal = await court.court.authenticator.principalOf(presiding.token);
    const clerkPlace = await court.court.cases.addParticipant(judgePrincipal, hearing.caseId, { role: 'clerk', displayName: 'Clerk Wang', locale: 'en', timeZone: 'UTC', username }, ORIGIN);
    const clerk = await connect((await court.court.sessions.start({ kind: 'staff', accountId: account.id })).accessToken);
    expect((await clerk.request('hearing:join', { hearingId: hearing.hearingId })).seat).toBe('lobby');
    await command(presiding.client, { action: 'admit', participantId: clerkPlace.id });
    await expect(refusal(clerk, { action: 'mute', participantId: okafor.participantId })).resolves.toMatchObject(RECV_ERROR('NOT_PRESIDING'));
    expect((await live()).attendee(okafor.participantId)?.courtMuted.microphone).toBe(false);

    const denials = (await court.court.audit.ofCase(hearing.caseId)).filter((line) => line.outcome === 'denied');
    expect(denials).toEqual([
      expect.objectContaining({ actor: `participant:${souza.participantId}`, role: 'claimant', action: 'hearing.preside', code: 'FORBIDDEN', via: 'socket' }),
      expect.objectContaining({ actor: `participant:${souza.participantId}`, role: 'claimant', action: 'hearing.preside', code: 'FORBIDDEN', via: 'socket' }),
      expect.objectContaining({ actor: `account:${account.id}`, role: 'clerk', action: 'courtroom.mute', code: 'NOT_PRESIDING', via: 'socket', target: hearing.hearingId }),
    ]);

    // Delegated by the judge, the same clerk may.
    await command(presiding.client, { action: 'delegate', participantId: clerkPlace.id });
    await command(clerk, { action: 'mute', participantId: okafor.participantId });
    expect((await live()).attendee(okafor.participantId)?.courtMuted.microphone).toBe(true);
  });

  test('replaying an admission: a party who admits themselves is refused and still waits in the lobby', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza');
    await expect(refusal(souza.client, { action: 'admit', participantId: souza.participantId })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));
    await expect(refusal(souza.client, { action: 'admitAll' })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));
    expect((await live()).attendee(souza.participantId)?.seat).toBe('lobby');
    await expect(souza.client.send('transport:create', { direction: 'recv' })).resolves.toMatchObject(RECV_ERROR('NOT_ADMITTED'));
    const seen = await viewOf(presiding.client, (v) => v.participants.some((p) => p.participantId === souza.participantId), 'the judge to see her');
    expect(seen.participants.find((p) => p.participantId === souza.participantId)?.seat).toBe('lobby');
    const denials = (await court.court.audit.ofCase(hearing.caseId)).filter((line) => line.outcome === 'denied');
    expect(denials.map((d) => [d.actor, d.code])).toEqual([
      [`participant:${souza.participantId}`, 'FORBIDDEN'],
      [`participant:${souza.participantId}`, 'FORBIDDEN'],
    ]);
  });
});

// ------------------------------------------------------------------ the court's mute and the floor

describe('mute enforced by the server', () => {
  test('a party the judge mutes is paused on the server, the others stop receiving them, and they cannot resume until unmuted', async () => {
    const presiding = await judge();
    const a = await withMedia('Ms Souza');
    const b = await withMedia('Mr Okafor', 'respondent');
    const mic = await a.sendMicrophone();
    const { options } = await b.consume(mic.id);
    await waitFor(() => serverSidePackets(b, options.consumerId), 'A\'s audio packets to B', 15_000);
    expect(await flowing(b, options.consumerId)).toBe(true);

    const muted = notice(a.signalling, 'mutedByCourt');
    const pausedForB = b.signalling.next('producer:paused');
    await command(presiding.client, { action: 'mute', participantId: a.id });
    await expect(muted).resolves.toEqual({ type: 'mutedByCourt', sources: ['microphone'] });
    await expect(pausedForB).resolves.toEqual({ producerId: mic.id, participantId: a.id });
    expect(pausedOnServer(mic.id)).toBe(true);
    expect(await flowing(b, options.consumerId)).toBe(false);

    // No message of the client's lifts the court's mute.
    await expect(a.signalling.send('producer:resume', { producerId: mic.id })).resolves.toMatchObject(RECV_ERROR('MUTED_BY_COURT'));
    expect(pausedOnServer(mic.id)).toBe(true);
    expect(await flowing(b, options.consumerId)).toBe(false);
    await viewOf(a.signalling, (v) => v.you.courtMuted.microphone && !v.you.mayUnmuteMicrophone, 'A to see herself muted');

    const resumedForB = b.signalling.next('producer:resumed');
    await command(presiding.client, { action: 'unmute', participantId: a.id });
    await expect(resumedForB).resolves.toEqual({ producerId: mic.id, participantId: a.id });
    expect(pausedOnServer(mic.id)).toBe(false);
    expect(await flowing(b, options.consumerId)).toBe(true);
  });

  test('a party who muted themselves stays muted when the judge mutes and then unmutes them, until they unmute themselves', async () => {
    const presiding = await judge();
    const a = await withMedia('Ms Souza');
    const mic = await a.sendMicrophone();
    await a.signalling.request('producer:pause', { producerId: mic.id });
    expect(pausedOnServer(mic.id)).toBe(true);

    await command(presiding.client, { action: 'mute', participantId: a.id });
    await viewOf(a.signalling, (v) => v.you.courtMuted.microphone, 'A to see herself muted by the court');
    const unmuted = notice(a.signalling, 'unmutedByCourt');
    await command(presiding.client, { action: 'unmute', participantId: a.id });
    await unmuted;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The court lifted its own mute, not hers: nothing of her microphone goes out.
    expect(pausedOnServer(mic.id)).toBe(true);

    await a.signalling.request('producer:resume', { producerId: mic.id });
    expect(pausedOnServer(mic.id)).toBe(false);
  });

  test('mute all except mutes every microphone but the named ones and the judge\'s', async () => {
    const judgeMedia = await NodeMediaParticipant.join(court.url, await hearing.judgePass(), hearing.hearingId);
    closers.push(judgeMedia);
    const judgeSignalling = tracked(judgeMedia);
    const a = await withMedia('Ms Souza');
    const b = await withMedia('Mr Okafor', 'respondent');
    const [judgeMic, aMic, bMic] = [await judgeMedia.sendMicrophone(), await a.sendMicrophone(), await b.sendMicrophone()];
    await command(judgeSignalling, { action: 'muteAllExcept', keep: [a.id] });
    expect(pausedOnServer(bMic.id)).toBe(true);
    expect(pausedOnServer(aMic.id)).toBe(false);
    expect(pausedOnServer(judgeMic.id)).toBe(false);
    const seen = await viewOf(judgeSignalling, (v) => v.participants.some((p) => p.courtMuted.microphone), 'the judge to see who is muted');
    expect(seen.participants.filter((p) => p.courtMuted.microphone).map((p) => p.participantId)).toEqual([b.id]);
    await expect(b.signalling.send('producer:resume', { producerId: bMic.id })).resolves.toMatchObject(RECV_ERROR('MUTED_BY_COURT'));
  });
});

describe('floor only', () => {
  test('only the holder of the floor and the judge may speak; hands queue in order; the floor is granted and revoked', async () => {
    const judgeMedia = await NodeMediaParticipant.join(court.url, await hearing.judgePass(), hearing.hearingId);
    closers.push(judgeMedia);
    const presiding = tracked(judgeMedia);
    const a = await withMedia('Ms Souza');
    const b = await arrive('Mr Okafor', 'respondent', { admitted: true });
    const [judgeMic, aMic] = [await judgeMedia.sendMicrophone(), await a.sendMicrophone()];

    await command(presiding, { action: 'setFloorMode', mode: 'floorOnly' });
    expect(pausedOnServer(aMic.id)).toBe(true);
    expect(pausedOnServer(judgeMic.id)).toBe(false);
    await expect(a.signalling.send('producer:resume', { producerId: aMic.id })).resolves.toMatchObject(RECV_ERROR('FLOOR_NOT_GIVEN'));
    expect(pausedOnServer(aMic.id)).toBe(true);

    await command(b.client, { action: 'raiseHand' });
    await command(a.signalling, { action: 'raiseHand' });
    await viewOf(presiding, (v) => v.handQueue.length === 2, 'two hands in the judge\'s queue');
    expect(views.get(presiding)?.handQueue).toEqual([b.participantId, a.id]);

    const granted = notice(a.signalling, 'floorGranted');
    await command(presiding, { action: 'grantFloor', participantId: a.id });
    await granted;
    await viewOf(presiding, (v) => v.floorHolder === a.id, 'the floor to be A\'s');
    expect(views.get(presiding)?.handQueue).toEqual([b.participantId]);
    await expect(a.signalling.request('producer:resume', { producerId: aMic.id })).resolves.toEqual({ paused: false });
    expect(pausedOnServer(aMic.id)).toBe(false);
    // A party cannot hand themselves the floor.
    await expect(refusal(b.client, { action: 'grantFloor', participantId: b.participantId })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));

    const revoked = notice(a.signalling, 'floorRevoked');
    await command(presiding, { action: 'revokeFloor' });
    await revoked;
    expect(pausedOnServer(aMic.id)).toBe(true);
    await expect(a.signalling.send('producer:resume', { producerId: aMic.id })).resolves.toMatchObject(RECV_ERROR('FLOOR_NOT_GIVEN'));
  });
});

// ------------------------------------------------------------------ consultation rooms

describe('consultation rooms', () => {
  test('nothing of a consultation reaches the main room at the media layer, and calling everyone back restores the flow', async () => {
    const presiding = await judge();
    const a = await withMedia('Ms Souza');
    const counsel = await withMedia('Counsel Chen', 'counsel');
    const b = await withMedia('Mr Okafor', 'respondent');
    const aMic = await a.sendMicrophone();
    const { options: before } = await b.consume(aMic.id);
    await waitFor(() => serverSidePackets(b, before.consumerId), 'A\'s audio to B before the consultation', 15_000);

    const announcedToMain: string[] = [];
    for (const main of [b.signalling, presiding.client]) main.socket.on('producer:added', (p) => announcedToMain.push(p.producerId));
    const closedForB = b.signalling.next('consumer:closed');
    const counselSeated = counsel.signalling.next('courtroom:seated');
    const { roomId } = await command(presiding.client, { action: 'openConsultation', name: 'Claimant and counsel', members: [a.id, counsel.id] });
    expect(roomId).toBeDefined();
    await expect(closedForB).resolves.toEqual({ consumerId: before.consumerId, producerId: aMic.id });
    expect(await counselSeated).toMatchObject({ seat: `consultation:${roomId}`, participants: [{ participantId: a.id }], producers: [{ producerId: aMic.id }] });
    expect(room().spaceOf(a.id)).toBe(`consultation:${roomId}`);

    // B holds no consumer of theirs on the server, and cannot make one.
    expect((await b.signalling.request('media:stats', {})).consumers).toEqual([]);
    await expect(
      b.signalling.send('consumer:create', { transportId: b.recvTransport.id, producerId: aMic.id, rtpCapabilities: b.device.rtpCapabilities as never }),
    ).resolves.toMatchObject(RECV_ERROR('NOT_IN_SAME_ROOM'));

    // Inside, they hear each other; what they start is announced inside only.
    const { options: inside } = await counsel.consume(aMic.id);
    await waitFor(() => serverSidePackets(counsel, inside.consumerId), 'A\'s audio to counsel inside', 15_000);
    const announcedInside = a.signalling.next('producer:added');
    const counselMic = await counsel.sendMicrophone();
    await expect(announcedInside).resolves.toMatchObject({ producerId: counselMic.id, participantId: counsel.id });
    await a.consume(counselMic.id);
    await expect(
      b.signalling.send('consumer:create', { transportId: b.recvTransport.id, producerId: counselMic.id, rtpCapabilities: b.device.rtpCapabilities as never }),
    ).resolves.toMatchObject(RECV_ERROR('NOT_IN_SAME_ROOM'));
    await new Promise((r) => setTimeout(r, 200));
    expect(announcedToMain).toEqual([]);
    expect(views.get(b.signalling)?.participants.map((p) => p.participantId)).not.toContain(a.id);

    // Back in the main room: B is told of their microphones again and receives them.
    const backForB = waitFor(() => [aMic.id, counselMic.id].every((id) => announcedToMain.includes(id)), 'producer:added to B for those who came back');
    const aSeated = a.signalling.next('courtroom:seated');
    await command(presiding.client, { action: 'callEveryoneBack' });
    expect(await aSeated).toMatchObject({ seat: 'main' });
    expect(room().spaceOf(a.id)).toBe('main');
    await backForB;
    const { options: after } = await b.consume(aMic.id);
    await waitFor(() => serverSidePackets(b, after.consumerId), 'A\'s audio to B after the consultation', 15_000);
    expect(await flowing(b, after.consumerId)).toBe(true);
  });

  test('the judge declines a request for a consultation: the requester is told why, nobody moves, the request is gone and on the record; a party may not decline one (FORBIDDEN)', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    const okafor = await arrive('Mr Okafor', 'respondent', { admitted: true });
    await command(souza.client, { action: 'requestConsultation', with: [], reason: 'to take a breath' });
    const { requestId } = (await viewOf(presiding.client, (v) => v.consultationRequests.length === 1, 'the request in the judge\'s view')).consultationRequests[0]!;

    await expect(refusal(okafor.client, { action: 'declineConsultation', requestId })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));
    await expect(refusal(presiding.client, { action: 'declineConsultation', requestId, reason: ' '.repeat(3) })).resolves.toMatchObject(RECV_ERROR('INVALID_PAYLOAD'));
    expect((await live()).pendingConsultationRequests()).toHaveLength(1);

    const told = notice(souza.client, 'consultationDeclined');
    await command(presiding.client, { action: 'declineConsultation', requestId, reason: 'not while the witness is on the stand' });
    expect(await told).toEqual({ type: 'consultationDeclined', reason: 'not while the witness is on the stand' });
    await viewOf(presiding.client, (v) => v.consultationRequests.length === 0, 'the request gone from the judge\'s view');
    expect((await live()).attendee(souza.participantId)?.seat).toBe('main');
    expect((await live()).consultations()).toEqual([]);
    await expect(refusal(presiding.client, { action: 'approveConsultation', requestId, name: 'too late' })).resolves.toMatchObject(RECV_ERROR('CONSULTATION_NOT_FOUND'));
    await hearingRecordOnce(
      (lines) => lines.some((l) => l.type === 'consultationDeclined' && l.participantId === souza.participantId && l.by === `participant:${presiding.participantId}`),
      'the declined request on the hearing record',
    );
  });
});

// ------------------------------------------------------------------ the public gallery

describe('observers', () => {
  test('the gallery is shown a party coming into the main room by one view for all of them, which each member reads with their own part', async () => {
    const presiding = await judge();
    const press = [await arrive('Press One', 'observer', { admitted: true }), await arrive('Press Two', 'observer', { admitted: true })];
    for (const p of press) expect(p.joined.seat).toBe('gallery');
    const heard = press.map((p) => {
      const events: string[] = [];
      p.client.socket.onAny((event: string) => events.push(event));
      return events;
    });
    const souza = await arrive('Ms Souza');
    await command(presiding.client, { action: 'admit', participantId: souza.participantId });
    for (const [i, p] of press.entries()) {
      const view = await viewOf(p.client, (v) => v.participants.some((a) => a.participantId === souza.participantId), `${p.joined.self.displayName} to see Ms Souza in the room`);
      // The main room's people, not the gallery (themselves included); and their own part as it was.
      expect(view.participants.map((a) => a.participantId)).toEqual([presiding.participantId, souza.participantId]);
      expect(view.you).toEqual(p.joined.courtroom.you);
      expect(heard[i]).toContain('courtroom:galleryState');
      expect(heard[i]).not.toContain('courtroom:state');
    }
  });

  test('an observer sits in the gallery, receives the main room, never sends, and is counted but never shown', async () => {
    const presiding = await judge();
    const a = await withMedia('Ms Souza');
    const aMic = await a.sendMicrophone();
    const joinedForA: string[] = [];
    a.signalling.socket.on('participant:joined', (p) => joinedForA.push(p.participantId));

    const press = await withMedia('Press Gallery', 'observer', { receiveOnly: true });
    expect(press.joined.seat).toBe('gallery');
    const { options } = await press.consume(aMic.id);
    await waitFor(() => serverSidePackets(press, options.consumerId), 'A\'s audio to the gallery', 15_000);

    await expect(press.signalling.send('transport:create', { direction: 'send' })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));
    await expect(
      press.signalling.send('producer:create', {
        transportId: press.recvTransport.id,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] },
      }),
    ).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));
    await expect(refusal(press.signalling, { action: 'raiseHand' })).resolves.toMatchObject(RECV_ERROR('FORBIDDEN'));

    await waitFor(() => galleryCounts.get(a.signalling) === 1, 'A to count one in the gallery');
    const seenByA = a.courtroom;
    expect(seenByA.participants.map((p) => p.participantId).sort()).toEqual([a.id, presiding.participantId].sort());
    expect(joinedForA).not.toContain(press.id);
    expect(galleryCounts.get(presiding.client)).toBe(1);
    // Nor does the presiding side list them: the gallery is a count for everyone.
    const judgeView = await viewOf(presiding.client, (v) => v.participants.some((p) => p.participantId === a.id), 'the judge to see A');
    expect(judgeView.participants.map((p) => p.participantId)).not.toContain(press.id);
    // Someone who comes later is told the count with their join.
    const late = await arrive('Ms Late', 'claimant', { admitted: true });
    expect(late.joined.galleryCount).toBe(1);
  });
});

// ------------------------------------------------------------------ who may come in

describe('coming in', () => {
  test('a join is on the audit log (allowed, with the hearing) and on the hearing record, both or neither', async () => {
    await judge();
    const souza = await arrive('Ms Souza', 'claimant');
    expect(souza.joined.seat).toBe('lobby');
    const joinsOf = async () => (await court.court.audit.ofCase(hearing.caseId)).filter((line) => line.action === 'hearing.join' && line.actor === `participant:${souza.participantId}`);
    await waitFor(async () => (await joinsOf()).length > 0, 'the join on the audit log');
    expect(await joinsOf()).toEqual([
      expect.objectContaining({ outcome: 'allowed', target: hearing.hearingId, role: 'claimant', via: 'socket' }),
    ]);
    const record = await court.court.store.readLog<{ type: string; participantId?: string }>('hearingRecord', hearing.hearingId);
    expect(record.filter((item) => item.value.type === 'arrived' && item.value.participantId === souza.participantId)).toHaveLength(1);
  });

  test('a locked hearing refuses a newcomer with HEARING_LOCKED but not one who dropped; unlocked, newcomers come into the lobby', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    await command(presiding.client, { action: 'lock', locked: true });
    await viewOf(souza.client, (v) => v.locked, 'the party to see the hearing locked');
    await cut(souza.participantId, souza.client);
    await expect((await connect(souza.token)).request('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject({ seat: 'main' });
    const { token } = await hearing.participant('Mr Late', 'respondent');
    const late = await connect(token);
    await expect(late.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject(RECV_ERROR('HEARING_LOCKED'));
    await command(presiding.client, { action: 'lock', locked: false });
    await expect(late.request('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject({ seat: 'lobby' });
  });

  test('an adjourned hearing cannot be joined (HEARING_ADJOURNED); a scheduled one is open to the judge only (HEARING_NOT_OPEN)', async () => {
    const presiding = await judge();
    await command(presiding.client, { action: 'movePhase', phase: 'adjourned' });
    const { token } = await hearing.participant('Ms Souza');
    const souza = await connect(token);
    await expect(souza.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject(RECV_ERROR('HEARING_ADJOURNED'));

    hearing = await HearingCase.open(court, 'Judge Sato', { phase: 'scheduled' });
    const party = await connect(await hearing.pass('Mr Early', 'respondent'));
    await expect(party.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject(RECV_ERROR('HEARING_NOT_OPEN'));
    const early = await judge();
    expect(early.joined.seat).toBe('main');
    expect(early.joined.courtroom).toMatchObject({ phase: 'scheduled', you: { presiding: true } });
  });

  test('removed to the lobby a party loses their media and leaves the room; removed out they are disconnected and cannot come back', async () => {
    const presiding = await judge();
    const okafor = await arrive('Mr Okafor', 'respondent', { admitted: true });
    const a = await withMedia('Ms Souza');
    const aMic = await a.sendMicrophone();

    const toLobby = notice(a.signalling, 'removed');
    const leftForB = okafor.client.next('participant:left');
    const removedForB = okafor.client.next('producer:removed');
    await command(presiding.client, { action: 'remove', participantId: a.id, to: 'lobby' });
    await expect(toLobby).resolves.toEqual({ type: 'removed', to: 'lobby' });
    await expect(leftForB).resolves.toEqual({ participantId: a.id });
    await expect(removedForB).resolves.toEqual({ producerId: aMic.id, participantId: a.id });
    expect(room().has(a.id)).toBe(false);
    expect(room().publishedProducers().filter((p) => p.participantId === a.id)).toEqual([]);
    await expect(a.signalling.send('transport:create', { direction: 'recv' })).resolves.toMatchObject(RECV_ERROR('NOT_ADMITTED'));
    expect((await live()).attendee(a.id)?.seat).toBe('lobby');

    const seated = a.signalling.next('courtroom:seated');
    await command(presiding.client, { action: 'admit', participantId: a.id });
    await seated;
    const out = notice(a.signalling, 'removed');
    const disconnected = new Promise((resolve) => a.signalling.socket.once('disconnect', resolve));
    await command(presiding.client, { action: 'remove', participantId: a.id, to: 'out' });
    await expect(out).resolves.toEqual({ type: 'removed', to: 'out' });
    await disconnected;
    const again = await connect(a.token);
    await expect(again.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject(RECV_ERROR('REMOVED_FROM_HEARING'));
    expect(room().has(a.id)).toBe(false);
  });
});

// ------------------------------------------------------------------ oath and phase

describe('the record', () => {
  test('a witness is called to the oath in their own language; the confirmation and its time are on the ledger and the hearing record', async () => {
    const presiding = await judge();
    const park = await arrive('Witness Park', 'witness', { admitted: true });
    const called = notice(park.client, 'oathCalled');
    await command(presiding.client, { action: 'callOath', participantId: park.participantId, texts: OATH });
    const oath = await called;
    expect(oath).toEqual({ type: 'oathCalled', oathId: expect.any(String), language: 'zh', text: OATH.zh });

    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    await expect(refusal(souza.client, { action: 'confirmOath', oathId: oath.oathId })).resolves.toMatchObject(RECV_ERROR('OATH_NOT_FOUND'));
    await command(park.client, { action: 'confirmOath', oathId: oath.oathId });

    const entries = await court.court.ledger.entries(hearing.caseId);
    const confirmed = entries.filter((e) => e.type === 'hearing.oathConfirmed');
    expect(confirmed).toEqual([
      expect.objectContaining({
        actor: `participant:${park.participantId}`,
        payload: expect.objectContaining({ hearingId: hearing.hearingId, oathId: oath.oathId, participantId: park.participantId, language: 'zh', text: OATH.zh, confirmedAt: expect.stringMatching(/Z$/) }),
      }),
    ]);
    const lines = (await hearingRecord()).filter((l) => l.type === 'oathConfirmed');
    expect(lines).toEqual([expect.objectContaining({ participantId: park.participantId, detail: expect.objectContaining({ oathId: oath.oathId, text: OATH.zh }) })]);
    await expect(refusal(park.client, { action: 'confirmOath', oathId: oath.oathId })).resolves.toMatchObject(RECV_ERROR('OATH_NOT_FOUND'));
  });

  test('the judge\'s phase moves are on the ledger, the hearing record and the stored hearing', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    await command(presiding.client, { action: 'movePhase', phase: 'recess' });
    expect((await court.court.hearings.get(hearing.hearingId)).phase).toBe('recess');
    await viewOf(souza.client, (v) => v.phase === 'recess', 'the party to see the recess');
    await expect(refusal(presiding.client, { action: 'movePhase', phase: 'lobbyOpen' })).resolves.toMatchObject(RECV_ERROR('HEARING_PHASE_NOT_ALLOWED'));
    await command(presiding.client, { action: 'movePhase', phase: 'inSession' });
    expect((await court.court.hearings.get(hearing.hearingId)).phase).toBe('inSession');

    const moves = (await court.court.ledger.entries(hearing.caseId)).filter((e) => e.type === 'hearing.phaseChanged').map((e) => e.payload);
    expect(moves).toEqual([
      { hearingId: hearing.hearingId, from: 'scheduled', to: 'lobbyOpen' },
      { hearingId: hearing.hearingId, from: 'lobbyOpen', to: 'inSession' },
      { hearingId: hearing.hearingId, from: 'inSession', to: 'recess' },
      { hearingId: hearing.hearingId, from: 'recess', to: 'inSession' },
    ]);
    const recorded = (await hearingRecord()).filter((l) => l.type === 'phaseChanged').map((l) => l.detail);
    expect(recorded).toEqual([
      { from: 'scheduled', to: 'lobbyOpen' },
      { from: 'lobbyOpen', to: 'inSession' },
      { from: 'inSession', to: 'recess' },
      { from: 'recess', to: 'inSession' },
    ]);
  });
});

// ------------------------------------------------------------------ reconnection

describe('reconnection', () => {
  test('a muted party whose connection drops comes back to the main room, still muted, and their new microphone is paused at once', async () => {
    const presiding = await judge();
    const first = await withMedia('Ms Souza');
    await first.sendMicrophone();
    await command(presiding.client, { action: 'mute', participantId: first.id });
    await cut(first.id, first.signalling);

    const back = await NodeMediaParticipant.join(court.url, first.token, hearing.hearingId); // no admit: there must be no lobby
    closers.push(back);
    expect(back.joined.seat).toBe('main');
    expect(back.joined.courtroom.you.courtMuted.microphone).toBe(true);
    const mic = await back.sendMicrophone();
    expect(pausedOnServer(mic.id)).toBe(true);
    await expect(back.signalling.send('producer:resume', { producerId: mic.id })).resolves.toMatchObject(RECV_ERROR('MUTED_BY_COURT'));
    const arrivedOf = (lines: HearingRecordLine[]) => lines.filter((l) => l.type === 'arrived' && l.participantId === first.id);
    const arrivals = arrivedOf(await hearingRecordOnce((lines) => arrivedOf(lines).length === 2, 'both arrivals on the record'));
    expect(arrivals.map((l) => l.detail)).toEqual([
      { seat: 'lobby', reconnected: false },
      { seat: 'main', reconnected: true },
    ]);
  });

  test('a party in a consultation room whose connection drops comes back into that room', async () => {
    const presiding = await judge();
    const b = await withMedia('Mr Okafor', 'respondent');
    const bMic = await b.sendMicrophone();
    const a = await arrive('Ms Souza', 'claimant', { admitted: true });
    const counsel = await arrive('Counsel Chen', 'counsel', { admitted: true });
    const { roomId } = await command(presiding.client, { action: 'openConsultation', name: 'Claimant and counsel', members: [a.participantId, counsel.participantId] });
    await cut(a.participantId, a.client);

    const back = await NodeMediaParticipant.join(court.url, a.token, hearing.hearingId);
    closers.push(back);
    expect(back.joined.seat).toBe(`consultation:${roomId}`);
    expect(back.joined.participants.map((p) => p.participantId)).toEqual([counsel.participantId]);
    expect(back.joined.producers).toEqual([]);
    expect(room().spaceOf(a.participantId)).toBe(`consultation:${roomId}`);
    await expect(
      back.signalling.send('consumer:create', { transportId: back.recvTransport.id, producerId: bMic.id, rtpCapabilities: back.device.rtpCapabilities as never }),
    ).resolves.toMatchObject(RECV_ERROR('NOT_IN_SAME_ROOM'));
  });

  test('a party who comes back after the reconnection window has run out waits in the lobby again', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    await cut(souza.participantId, souza.client);
    await new Promise((r) => setTimeout(r, RECONNECT_WINDOW_MS + 100));
    const again = await connect(souza.token);
    expect((await again.request('hearing:join', { hearingId: hearing.hearingId })).seat).toBe('lobby');
    const seen = await viewOf(presiding.client, (v) => v.participants.some((p) => p.participantId === souza.participantId && p.seat === 'lobby'), 'the judge to see her waiting');
    expect(seen.participants.filter((p) => p.participantId === souza.participantId)).toHaveLength(1);
    const hers = (lines: HearingRecordLine[]) => lines.filter((l) => l.participantId === souza.participantId).map((l) => l.type);
    const lines = hers(await hearingRecordOnce((all) => hers(all).length >= 4, 'her four lines on the record'));
    expect(lines).toEqual(['arrived', 'left', 'departed', 'arrived']);
  });

  test('the judge\'s drop does not stop the hearing: the phase stands, the parties stay seated, and the judge comes back presiding', async () => {
    const presiding = await judge();
    const souza = await arrive('Ms Souza', 'claimant', { admitted: true });
    await cut(presiding.participantId, presiding.client);

    await viewOf(souza.client, (v) => v.participants.some((p) => p.participantId === presiding.participantId && !p.connected), 'the party to see the judge away');
    expect((await live()).phase).toBe('inSession');
    expect((await court.court.hearings.get(hearing.hearingId)).phase).toBe('inSession');
    expect((await live()).attendee(souza.participantId)?.seat).toBe('main');
    expect(room().has(souza.participantId)).toBe(true);
    // The hearing goes on meanwhile.
    await command(souza.client, { action: 'raiseHand' });
    await expect(souza.client.send('transport:create', { direction: 'recv' })).resolves.toMatchObject({ ok: true });

    const back = await connect(presiding.token);
    const joined = await back.request('hearing:join', { hearingId: hearing.hearingId });
    expect(joined.seat).toBe('main');
    expect(joined.courtroom).toMatchObject({ phase: 'inSession', you: { presiding: true }, handQueue: [souza.participantId] });
    await command(back, { action: 'grantFloor', participantId: souza.participantId });
  });
});
