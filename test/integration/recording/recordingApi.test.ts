// The official recordings over REST, after a short real recording (a real worker, a real WebRTC
// peer, real ffmpeg): listed with tracks, durations and hashes to the staff and the parties, the
// files downloaded whole or by range, the manifest byte for byte as the ledger hashes it; the
// public gallery, witnesses, interpreters and strangers refused; a consultation room has no
// recording to give.
import { createHash, randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { RecordingView } from '../../../server/protocol/recordingSchemas.js';
import { ApiClient } from '../../helpers/caseRecordClient.js';
import { SignallingClient, startTestCourt, waitFor } from '../../helpers/courtHarness.js';
import { HearingCase } from '../../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../../helpers/nodeMediaClient.js';
import { ledgerOf } from '../../helpers/recordingFiles.js';

let court: RunningCourtServer;
let hearing: HearingCase;
let judge: SignallingClient;
let party: NodeMediaParticipant;
let recordingId: string;
const as: Record<'judge' | 'claimant' | 'counsel' | 'witness' | 'interpreter' | 'observer' | 'stranger', ApiClient> = {} as never;

beforeAll(async () => {
  court = await startTestCourt({ MEDIA_WORKERS: '1' });
  hearing = await HearingCase.open(court, 'Judge Li');
  as.judge = new ApiClient(court.url, await hearing.judgePass());
  as.claimant = new ApiClient(court.url, await hearing.pass('Ms Souza', 'claimant'));
  for (const role of ['counsel', 'witness', 'interpreter', 'observer'] as const) as[role] = new ApiClient(court.url, await hearing.pass(`The ${role}`, role));
  as.stranger = new ApiClient(court.url, await (await HearingCase.open(court, 'Judge Other')).judgePass());

  judge = await SignallingClient.connect(court.url, await hearing.judgePass());
  await judge.request('hearing:join', { hearingId: hearing.hearingId });
  const { token } = await hearing.participant('Mr Okafor', 'respondent');
  party = await NodeMediaParticipant.join(court.url, token, hearing.hearingId, hearing.admitting);
  await party.sendMicrophone();
  recordingId = (await judge.request('courtroom:command', { action: 'startRecording' })).recordingId!;
  await waitFor(async () => (await court.recorders.recorderOf(hearing.hearingId))?.activeFiles().length === 1, 'the microphone to be recorded', 20_000);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await judge.request('courtroom:command', { action: 'stopRecording' });
}, 60_000);

afterAll(async () => {
  party?.close();
  judge?.close();
  await court?.close();
});

const recordings = (client: ApiClient, query = '') => client.get(`/cases/${hearing.caseId}/hearings/${hearing.hearingId}/recordings${query}`);
const pathOf = (rest: string) => `/cases/${hearing.caseId}/hearings/${hearing.hearingId}/recordings/${recordingId}${rest}`;

async function theRecording(): Promise<RecordingView> {
  const response = await recordings(as.judge);
  expect(response.status).toBe(200);
  return response.body.recordings.find((r: RecordingView) => r.recordingId === recordingId);
}

test('the staff and the parties list the hearing’s recordings: each track with its files, durations and the SHA-256 the ledger holds', async () => {
  const listed = await theRecording();
  expect(listed).toMatchObject({ hearingId: hearing.hearingId, room: 'main', state: 'closed', startedBy: `participant:${hearing.presidingId}`, manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(listed.tracks).toHaveLength(1);
  const [track] = listed.tracks;
  expect(track).toMatchObject({ participantId: party.participantId, displayName: 'Mr Okafor', role: 'respondent', source: 'microphone', kind: 'audio' });
  expect(track!.durationSeconds).toBeGreaterThan(1);
  expect(track!.files).toEqual([expect.objectContaining({ segment: 1, codec: 'opus', mediaType: 'audio/ogg', endReason: 'stopped', bytes: expect.any(Number), durationSeconds: track!.durationSeconds })]);
  const ledger = await ledgerOf(court, hearing.caseId);
  const [file] = track!.files;
  expect(ledger[file!.ledgerSeq]).toMatchObject({ type: 'recording.fileClosed', payload: { recordingId, file: file!.file, sha256: file!.sha256, bytes: file!.bytes } });
  expect(ledger[listed.closedLedgerSeq!]).toMatchObject({ type: 'recording.closed', payload: { recordingId, manifestSha256: listed.manifestSha256 } });

  for (const role of ['claimant', 'counsel'] as const) {
    const response = await recordings(as[role]);
    expect({ role, status: response.status }).toEqual({ role, status: 200 });
    expect(response.body.recordings).toEqual((await recordings(as.judge)).body.recordings);
  }
});

test('the public gallery, a witness and an interpreter may not list or play them (FORBIDDEN), a stranger to the case is NOT_A_CASE_PARTICIPANT, and each refusal is audited', async () => {
  const [file] = (await theRecording()).tracks[0]!.files;
  for (const role of ['observer', 'witness', 'interpreter'] as const) {
    for (const response of [await recordings(as[role]), await as[role].get(pathOf(`/files/${file!.file}`)), await as[role].get(pathOf('/manifest'))]) {
      expect({ role, status: response.status, code: response.body?.code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
    }
  }
  const stranger = await recordings(as.stranger);
  expect({ status: stranger.status, code: stranger.body.code }).toEqual({ status: 403, code: 'NOT_A_CASE_PARTICIPANT' });
  const audit = await court.court.audit.ofCase(hearing.caseId);
  expect(audit.filter((l) => l.action === 'recording.view' && l.outcome === 'denied' && l.code === 'FORBIDDEN').map((l) => l.role).sort()).toEqual(
    ['interpreter', 'interpreter', 'interpreter', 'observer', 'observer', 'observer', 'witness', 'witness', 'witness'],
  );
});

test('a file downloads whole (its bytes hash to the ledger’s SHA-256) and by range (206 with Content-Range; 416 past its end)', async () => {
  const [file] = (await theRecording()).tracks[0]!.files;
  const whole = await as.claimant.get(pathOf(`/files/${file!.file}`));
  expect(whole.status).toBe(200);
  expect(whole.headers.get('content-type')).toBe('audio/ogg');
  expect(whole.headers.get('accept-ranges')).toBe('bytes');
  expect(whole.headers.get('content-disposition')).toContain(file!.file);
  expect(whole.body.length).toBe(file!.bytes);
  expect(createHash('sha256').update(whole.body).digest('hex')).toBe(file!.sha256);
  expect(whole.body.subarray(0, 4).toString('latin1')).toBe('OggS');

  const part = await as.claimant.call('GET', pathOf(`/files/${file!.file}`), undefined, { range: 'bytes=100-199' });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 100-199/${file!.bytes}`);
  expect(Buffer.compare(part.body, whole.body.subarray(100, 200))).toBe(0);
  const tail = await as.claimant.call('GET', pathOf(`/files/${file!.file}`), undefined, { range: 'bytes=-50' });
  expect({ status: tail.status, length: tail.body.length }).toEqual({ status: 206, length: 50 });
  const beyond = await as.claimant.call('GET', pathOf(`/files/${file!.file}`), undefined, { range: `bytes=${file!.bytes}-` });
  expect({ status: beyond.status, code: beyond.body.code, range: beyond.headers.get('content-range') }).toEqual({ status: 416, code: 'RANGE_NOT_SATISFIABLE', range: `bytes */${file!.bytes}` });
});

test('the manifest is served byte for byte as the ledger hashes it, and names every file with its hash', async () => {
  const listed = await theRecording();
  const response = await fetch(`${court.url}/api${pathOf('/manifest')}`, { headers: { authorization: `Bearer ${as.counsel.token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(listed.manifestSha256);
  expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ recordingId, room: 'main', tracks: [{ participantId: party.participantId, segments: [{ file: listed.tracks[0]!.files[0]!.file, sha256: listed.tracks[0]!.files[0]!.sha256 }] }] });
});

test('a consultation room has no recording to give (CONSULTATION_NOT_RECORDED); an unknown recording or file is RECORDING_NOT_FOUND; a path that is not a file name is INVALID_PAYLOAD', async () => {
  const consultation = await recordings(as.claimant, `?room=consultation:${randomUUID()}`);
  expect({ status: consultation.status, code: consultation.body.code }).toEqual({ status: 404, code: 'CONSULTATION_NOT_RECORDED' });
  expect((await recordings(as.claimant, '?room=main')).status).toBe(200);
  const unknown = await as.judge.get(`/cases/${hearing.caseId}/hearings/${hearing.hearingId}/recordings/${randomUUID()}/manifest`);
  expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'RECORDING_NOT_FOUND' });
  const noFile = await as.judge.get(pathOf(`/files/${party.participantId}-camera-1.webm`));
  expect({ status: noFile.status, code: noFile.body.code }).toEqual({ status: 404, code: 'RECORDING_NOT_FOUND' });
  for (const name of ['manifest.json', '..%2F..%2Fcrosscourt.sqlite', `${party.participantId}-microphone-1.ogg%00.txt`]) {
    const bad = await as.judge.get(pathOf(`/files/${name}`));
    expect({ name, status: bad.status, code: bad.body.code }).toEqual({ name, status: 400, code: 'INVALID_PAYLOAD' });
  }
});

test('while a recording runs it is listed as recording, and has no manifest yet (RECORDING_IN_PROGRESS)', async () => {
  const running = (await judge.request('courtroom:command', { action: 'startRecording' })).recordingId!;
  try {
    const listed = (await recordings(as.claimant)).body.recordings as RecordingView[];
    expect(listed.find((r) => r.recordingId === running)).toMatchObject({ state: 'recording', tracks: [] });
    const manifest = await as.claimant.get(`/cases/${hearing.caseId}/hearings/${hearing.hearingId}/recordings/${running}/manifest`);
    expect({ status: manifest.status, code: manifest.body.code }).toEqual({ status: 409, code: 'RECORDING_IN_PROGRESS' });
    const file = await as.claimant.get(`/cases/${hearing.caseId}/hearings/${hearing.hearingId}/recordings/${running}/files/${party.participantId}-microphone-1.ogg`);
    expect({ status: file.status, code: file.body.code }).toEqual({ status: 409, code: 'RECORDING_IN_PROGRESS' });
  } finally {
    await judge.request('courtroom:command', { action: 'stopRecording' });
  }
}, 30_000);
