// The official recording with the real parts: a real mediasoup worker, real WebRTC peers sending
// synthetic audio and video, real ffmpeg writing the files and ffprobe reading them back. Each
// producer on the floor is recorded to a file of its own; consultation rooms never are (asserted
// at the media layer); a reconnection or a recorder crash continues the recording in a new
// segment with the gap marked; every file's SHA-256 and the manifest's are on the ledger.
import { join } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { types } from '../../../media/mediasoup.js';
import type { LedgerEntry } from '../../../server/domain/ledger/ledgerEntry.js';
import type { CourtroomCommand } from '../../../server/protocol/hearingRoomSchemas.js';
import type { HearingRecordLine } from '../../../server/record/Hearings.js';
import { SignallingClient, startTestCourt, waitFor } from '../../helpers/courtHarness.js';
import { HearingCase } from '../../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../../helpers/nodeMediaClient.js';
import { decodes, ffprobe, ledgerOf, manifestOf, sha256Of } from '../../helpers/recordingFiles.js';

/** Real media, real ffmpeg, two shared cores: a test takes 10–20 s. */
const MEDIA_TEST_MS = 60_000;

type PartyRole = 'claimant' | 'respondent' | 'counsel' | 'observer';

let court: RunningCourtServer;
let hearing: HearingCase;
const closers: Array<{ close(): void }> = [];
/** Every producer the recorders' PlainTransports ever consumed, and those consuming now. */
const tapped = new Set<string>();
const tapsNow = new Set<types.Consumer>();

beforeAll(async () => {
  court = await startTestCourt({ MEDIA_WORKERS: '1', HEARING_RECONNECT_WINDOW_MS: '30000' });
  // The media layer itself, watched from the worker: which producers a PlainTransport consumes.
  for (const { worker } of court.pool.workers) {
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) => {
        if (transport.constructor.name !== 'PlainTransport') return;
        transport.observer.on('newconsumer', (consumer) => {
          tapped.add(consumer.producerId);
          tapsNow.add(consumer);
          consumer.observer.on('close', () => tapsNow.delete(consumer));
        });
      }),
    );
  }
});

beforeEach(async () => {
  hearing = await HearingCase.open(court, 'Judge Li');
  tapped.clear();
});

afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

afterAll(async () => {
  await court.close();
});

// ------------------------------------------------------------------ people and commands

async function judge(): Promise<SignallingClient> {
  const client = await SignallingClient.connect(court.url, await hearing.judgePass());
  closers.push(client);
  await client.request('hearing:join', { hearingId: hearing.hearingId });
  return client;
}

async function party(name: string, role: PartyRole = 'claimant', options: { receiveOnly?: boolean } = {}) {
  const { participantId, token } = await hearing.participant(name, role);
  const participant = await NodeMediaParticipant.join(court.url, token, hearing.hearingId, { ...hearing.admitting, ...options });
  closers.push(participant);
  return Object.assign(participant, { id: participantId, token });
}

function command(who: SignallingClient, payload: CourtroomCommand) {
  return who.request('courtroom:command', payload);
}

async function startRecording(by: SignallingClient): Promise<string> {
  const { recordingId } = await command(by, { action: 'startRecording' });
  expect(recordingId).toMatch(/^[0-9a-f-]{36}$/);
  return recordingId!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the recorder writes this many files at once (each producer's first packet has left the SFU). */
async function recorderRunning(files: number) {
  await waitFor(async () => (await court.recorders.recorderOf(hearing.hearingId))?.activeFiles().length === files, `${files} files being recorded`, 20_000);
}

function fileOf(recordingId: string, file: string): string {
  return join(court.court.recordings.directoryOf(recordingId), file);
}

async function recordLines(): Promise<HearingRecordLine[]> {
  const response = await fetch(`${court.url}/api/cases/${hearing.caseId}/hearings/${hearing.hearingId}/record`, { headers: { authorization: `Bearer ${await hearing.judgePass()}` } });
  return ((await response.json()) as { lines: HearingRecordLine[] }).lines;
}

type Payload = Record<string, unknown>;
const entriesOf = (ledger: LedgerEntry[], type: string, recordingId: string) => ledger.filter((e) => e.type === type && (e.payload as Payload).recordingId === recordingId);

// ------------------------------------------------------------------ the official recording

describe('the official recording', () => {
  test('the judge records two parties: one file per producer, each decodable with its duration, its SHA-256 and the manifest’s on the ledger; everyone sees it running; a mute is marked', async () => {
    const presiding = await judge();
    const souza = await party('Ms Souza');
    const okafor = await party('Mr Okafor', 'respondent');
    const press = await party('Press Gallery', 'observer', { receiveOnly: true });
    const souzaMic = await souza.sendMicrophone();
    const souzaCamera = await souza.sendCamera();
    const okaforMic = await okafor.sendMicrophone();

    const recordingId = await startRecording(presiding);
    for (const someone of [souza, okafor, press]) await waitFor(() => someone.courtroom.recording, `${someone.joined.self.displayName} to see the recording indicator`);
    await recorderRunning(3);
    const began = Date.now();
    await sleep(1000);
    // The court mutes Mr Okafor for a moment: his file goes on, the pause is in the manifest.
    await command(presiding, { action: 'mute', participantId: okafor.id });
    await sleep(1000);
    await command(presiding, { action: 'unmute', participantId: okafor.id });
    await sleep(1000);
    await command(presiding, { action: 'stopRecording' });
    const lasted = (Date.now() - began) / 1000;
    for (const someone of [souza, okafor, press]) await waitFor(() => !someone.courtroom.recording, `${someone.joined.self.displayName} to see the recording stopped`);

    const { manifest, bytes } = await manifestOf(court, recordingId);
    expect(manifest).toMatchObject({ recordingId, caseId: hearing.caseId, hearingId: hearing.hearingId, room: 'main' });
    const tracks = manifest.tracks.map((t) => ({ participantId: t.participantId, source: t.source, producers: t.segments.map((s) => s.producerId), gaps: t.gaps }));
    expect(tracks.sort((a, b) => `${a.participantId}${a.source}`.localeCompare(`${b.participantId}${b.source}`))).toEqual(
      [
        { participantId: souza.id, source: 'microphone', producers: [souzaMic.id], gaps: [] },
        { participantId: souza.id, source: 'camera', producers: [souzaCamera.id], gaps: [] },
        { participantId: okafor.id, source: 'microphone', producers: [okaforMic.id], gaps: [] },
      ].sort((a, b) => `${a.participantId}${a.source}`.localeCompare(`${b.participantId}${b.source}`)),
    );

    const ledger = await ledgerOf(court, hearing.caseId);
    const closedFiles = entriesOf(ledger, 'recording.fileClosed', recordingId);
    expect(closedFiles).toHaveLength(3);
    for (const track of manifest.tracks) {
      const [segment] = track.segments;
      const path = fileOf(recordingId, segment!.file);
      const probed = await ffprobe(path);
      expect({ file: segment!.file, codec: probed.codec }).toEqual({ file: segment!.file, codec: track.kind === 'audio' ? 'opus' : 'vp8' });
      expect(probed.formatName).toBe(track.kind === 'audio' ? 'ogg' : 'matroska,webm');
      expect(probed.duration).toBeGreaterThan(0.5);
      expect(probed.duration).toBeLessThan(lasted + 1.5);
      await expect(decodes(path)).resolves.toBe(true);
      expect(segment!.firstPacketAt).toBeDefined();
      const hash = await sha256Of(path);
      expect(segment!.sha256).toBe(hash);
      expect(closedFiles.map((e) => e.payload as Payload)).toContainEqual(expect.objectContaining({ file: segment!.file, sha256: hash, participantId: track.participantId, source: track.source }));
    }
    const [closed] = entriesOf(ledger, 'recording.closed', recordingId);
    expect(closed).toMatchObject({ actor: `participant:${hearing.presidingId}`, payload: { manifestSha256: await sha256Of(fileOf(recordingId, 'manifest.json')) } });
    expect((closed!.payload as Payload).files).toHaveLength(3);
    expect(bytes.length).toBeGreaterThan(0);
    const pausesOf = (participantId: string) => manifest.tracks.find((t) => t.participantId === participantId && t.source === 'microphone')!.segments[0]!.pauses;
    expect(pausesOf(souza.id)).toEqual([]);
    const [pause] = pausesOf(okafor.id);
    expect(pausesOf(okafor.id)).toHaveLength(1);
    expect(Date.parse(pause!.to) - Date.parse(pause!.from)).toBeGreaterThan(800);
    expect(entriesOf(ledger, 'recording.started', recordingId)).toHaveLength(1);

    const lines = await recordLines();
    expect(lines.filter((l) => l.type.startsWith('recording')).map((l) => [l.type, l.by, l.detail])).toEqual([
      ['recordingStarted', `participant:${hearing.presidingId}`, { recordingId }],
      ['recordingStopped', `participant:${hearing.presidingId}`, { recordingId }],
    ]);
  }, MEDIA_TEST_MS);

  test('a consultation is never recorded: its members’ producers get no PlainTransport consumer while they are inside, and they resume in new segments when they come back', async () => {
    const presiding = await judge();
    const souza = await party('Ms Souza');
    const counsel = await party('Counsel Chen', 'counsel');
    const okafor = await party('Mr Okafor', 'respondent');
    const souzaMic = await souza.sendMicrophone();
    const okaforMic = await okafor.sendMicrophone();
    const recordingId = await startRecording(presiding);
    await recorderRunning(2);
    await sleep(1000);

    await command(presiding, { action: 'openConsultation', name: 'Claimant and counsel', members: [souza.id, counsel.id] });
    // Inside, counsel starts a microphone: heard by Ms Souza, never by a recorder.
    const counselMic = await counsel.sendMicrophone();
    await souza.consume(counselMic.id);
    await waitFor(async () => (await court.recorders.recorderOf(hearing.hearingId))!.activeFiles().length === 1, 'only Mr Okafor to be recorded');
    await sleep(1500);
    const consultationProducers = [souzaMic.id, counselMic.id];
    expect([...tapsNow].map((c) => c.producerId)).toEqual([okaforMic.id]);
    expect([...tapped]).not.toContain(counselMic.id);
    // Asked directly, the media layer refuses to tap a producer in a consultation room.
    const media = court.rooms.get(hearing.hearingId)!;
    for (const producerId of consultationProducers) {
      await expect(media.openRecordingTap(producerId, { ip: '127.0.0.1', port: 9, rtcpPort: 10 })).rejects.toMatchObject({ code: 'CONSULTATION_NOT_RECORDED' });
    }

    await command(presiding, { action: 'callEveryoneBack' });
    await recorderRunning(3);
    await sleep(1000);
    expect([...tapsNow].map((c) => c.producerId).sort()).toEqual([okaforMic.id, ...consultationProducers].sort());
    await command(presiding, { action: 'stopRecording' });

    const { manifest } = await manifestOf(court, recordingId);
    const souzaTrack = manifest.tracks.find((t) => t.participantId === souza.id)!;
    expect(souzaTrack.segments.map((s) => [s.segment, s.producerId, s.endReason])).toEqual([
      [1, souzaMic.id, 'leftFloor'],
      [2, souzaMic.id, 'stopped'],
    ]);
    expect(souzaTrack.gaps).toEqual([{ from: souzaTrack.segments[0]!.endedAt, to: souzaTrack.segments[1]!.firstPacketAt, reason: 'consultation', after: 1 }]);
    // Counsel's track begins when they came back to the main room, not before.
    const counselTrack = manifest.tracks.find((t) => t.participantId === counsel.id)!;
    expect(counselTrack.segments).toHaveLength(1);
    expect(Date.parse(counselTrack.segments[0]!.startedAt)).toBeGreaterThan(Date.parse(souzaTrack.segments[0]!.endedAt));
    expect(manifest.tracks.find((t) => t.participantId === okafor.id)!.segments).toHaveLength(1);
    for (const segment of souzaTrack.segments) expect((await ffprobe(fileOf(recordingId, segment.file))).duration).toBeGreaterThan(0);
  }, MEDIA_TEST_MS);

  test('a party moved into a consultation and straight back, before their segment has closed, is recorded again in a new one', async () => {
    const presiding = await judge();
    const souza = await party('Ms Souza');
    const mic = await souza.sendMicrophone();
    const recordingId = await startRecording(presiding);
    await recorderRunning(1);
    const [first] = (await court.recorders.recorderOf(hearing.hearingId))!.activeFiles();
    await sleep(1000);

    const { roomId } = await command(presiding, { action: 'openConsultation', name: 'A word with the clerk', members: [souza.id] });
    await command(presiding, { action: 'moveTo', participantId: souza.id, to: 'main' });
    await command(presiding, { action: 'closeConsultation', roomId: roomId! });
    await waitFor(async () => (await court.recorders.recorderOf(hearing.hearingId))!.activeFiles().some((f) => f.file !== first!.file), 'a new segment', 20_000);
    await sleep(1000);
    await command(presiding, { action: 'stopRecording' });

    const { manifest } = await manifestOf(court, recordingId);
    const [track] = manifest.tracks;
    expect(track!.segments.map((s) => [s.segment, s.producerId, s.endReason])).toEqual([
      [1, mic.id, 'leftFloor'],
      [2, mic.id, 'stopped'],
    ]);
    expect(track!.gaps.map((g) => g.reason)).toEqual(['consultation']);
  }, MEDIA_TEST_MS);

  test('a party whose connection drops and who comes back continues in a new segment of the same recording, the gap marked', async () => {
    const presiding = await judge();
    const souza = await party('Ms Souza');
    const firstMic = await souza.sendMicrophone();
    const recordingId = await startRecording(presiding);
    await recorderRunning(1);
    await sleep(1000);

    // The network drops the connection (from the server's side), and the party comes back.
    const socket = [...court.io.sockets.sockets.values()].find((s) => s.data.member?.participantId === souza.id)!;
    socket.conn.close();
    await waitFor(async () => (await court.recorders.recorderOf(hearing.hearingId))!.activeFiles().length === 0, 'the first segment to close');
    const back = await NodeMediaParticipant.join(court.url, souza.token, hearing.hearingId);
    closers.push(back);
    expect(back.joined.seat).toBe('main');
    const secondMic = await back.sendMicrophone();
    await recorderRunning(1);
    await sleep(1000);
    await command(presiding, { action: 'stopRecording' });

    const { manifest } = await manifestOf(court, recordingId);
    expect(manifest.tracks).toHaveLength(1);
    const [track] = manifest.tracks;
    expect(track!.segments.map((s) => [s.segment, s.producerId, s.endReason])).toEqual([
      [1, firstMic.id, 'producerClosed'],
      [2, secondMic.id, 'stopped'],
    ]);
    expect(track!.gaps).toEqual([{ from: track!.segments[0]!.endedAt, to: track!.segments[1]!.firstPacketAt, reason: 'notSending', after: 1 }]);
    const closedFiles = entriesOf(await ledgerOf(court, hearing.caseId), 'recording.fileClosed', recordingId).map((e) => (e.payload as Payload).file);
    expect(closedFiles).toEqual(track!.segments.map((s) => s.file));
  }, MEDIA_TEST_MS);

  test('a recorder killed mid-recording is restarted for its track, and the manifest marks the gap', async () => {
    const presiding = await judge();
    const souza = await party('Ms Souza');
    const mic = await souza.sendMicrophone();
    const recordingId = await startRecording(presiding);
    await recorderRunning(1);
    await sleep(1500);

    const recorder = (await court.recorders.recorderOf(hearing.hearingId))!;
    const [first] = recorder.activeFiles();
    process.kill(first!.pid!, 'SIGKILL');
    const restarted = await waitFor(() => recorder.activeFiles().find((f) => f.trackId === first!.trackId && f.pid !== first!.pid), 'the recorder to be restarted', 20_000);
    expect(restarted.file).not.toBe(first!.file);
    await sleep(1500);
    await command(presiding, { action: 'stopRecording' });

    const { manifest } = await manifestOf(court, recordingId);
    const [track] = manifest.tracks;
    expect(track!.segments.map((s) => [s.segment, s.producerId, s.endReason, s.file])).toEqual([
      [1, mic.id, 'recorderCrashed', first!.file],
      [2, mic.id, 'stopped', restarted.file],
    ]);
    expect(track!.gaps).toEqual([{ from: track!.segments[0]!.endedAt, to: track!.segments[1]!.firstPacketAt, reason: 'recorderCrashed', after: 1 }]);
    const ledger = await ledgerOf(court, hearing.caseId);
    for (const segment of track!.segments) {
      const path = fileOf(recordingId, segment.file);
      expect(await ffprobe(path)).toMatchObject({ codec: 'opus' });
      expect((await ffprobe(path)).duration).toBeGreaterThan(0);
      expect(entriesOf(ledger, 'recording.fileClosed', recordingId).map((e) => e.payload as Payload)).toContainEqual(expect.objectContaining({ file: segment.file, sha256: await sha256Of(path) }));
    }
  }, MEDIA_TEST_MS);
});

// ------------------------------------------------------------------ who controls it

describe('control of the recording', () => {
  const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

  test('a party or the gallery may not start it (FORBIDDEN); starting twice is ALREADY_RECORDING, stopping when not recording NOT_RECORDING; a clerk may control it', async () => {
    const presiding = await judge();
    const souza = await party('Ms Souza', 'claimant', { receiveOnly: true });
    const press = await party('Press Gallery', 'observer', { receiveOnly: true });
    await expect(souza.signalling.send('courtroom:command', { action: 'startRecording' })).resolves.toMatchObject(refused('FORBIDDEN'));
    await expect(press.signalling.send('courtroom:command', { action: 'startRecording' })).resolves.toMatchObject(refused('FORBIDDEN'));
    await expect(presiding.send('courtroom:command', { action: 'stopRecording' })).resolves.toMatchObject(refused('NOT_RECORDING'));

    const recordingId = await startRecording(presiding);
    await expect(presiding.send('courtroom:command', { action: 'startRecording' })).resolves.toMatchObject(refused('ALREADY_RECORDING'));
    await expect(souza.signalling.send('courtroom:command', { action: 'stopRecording' })).resolves.toMatchObject(refused('FORBIDDEN'));

    // A clerk of the case, admitted to the main room, stops it and starts another.
    const ORIGIN = { ip: '127.0.0.1', userAgent: 'test', via: 'cli' } as const;
    const username = `clerk-${recordingId.slice(0, 8)}`;
    const account = await court.court.accounts.create({ username, displayName: 'Clerk Wang', role: 'clerk', password: 'a long enough password' });
    const judgePrincipal = await court.court.authenticator.principalOf(await hearing.judgePass());
    const clerkPlace = await court.court.cases.addParticipant(judgePrincipal, hearing.caseId, { role: 'clerk', displayName: 'Clerk Wang', locale: 'en', timeZone: 'UTC', username }, ORIGIN);
    await hearing.preAdmit(clerkPlace.id);
    const clerk = await SignallingClient.connect(court.url, (await court.court.sessions.start({ kind: 'staff', accountId: account.id })).accessToken);
    closers.push(clerk);
    await clerk.request('hearing:join', { hearingId: hearing.hearingId });
    await expect(command(clerk, { action: 'stopRecording' })).resolves.toEqual({ done: true, recordingId });
    const second = await startRecording(clerk);
    expect(second).not.toBe(recordingId);
    await command(clerk, { action: 'stopRecording' });

    const denials = (await court.court.audit.ofCase(hearing.caseId)).filter((l) => l.outcome === 'denied' && String(l.action).includes('ecording'));
    expect(denials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: `participant:${souza.id}`, action: 'recording.control', code: 'FORBIDDEN', via: 'socket' }),
        expect.objectContaining({ action: 'courtroom.startRecording', code: 'ALREADY_RECORDING' }),
        expect.objectContaining({ action: 'courtroom.stopRecording', code: 'NOT_RECORDING' }),
      ]),
    );
  }, MEDIA_TEST_MS);
});
