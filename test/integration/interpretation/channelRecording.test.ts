// The official recording takes every language channel: an interpreter's voice is recorded to a
// file of its own beside the floor's, decodable, with its hash on the ledger — though no
// listener outside its channel may receive it.
import { join } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { waitFor } from '../../helpers/courtHarness.js';
import { decodes, ffprobe, ledgerOf, manifestOf, sha256Of } from '../../helpers/recordingFiles.js';
import { channelHearingSuite, ChannelHearing } from './channelHearing.js';

let court: RunningCourtServer;
let h: ChannelHearing;
channelHearingSuite((fresh) => (h = fresh), (started) => (court = started));

test('an interpreter’s channel is recorded to its own file beside the floor, its hash on the ledger', async () => {
  const judge = await h.join('Judge Li', 'judge');
  const souza = await h.join('Ms Souza', 'claimant');
  const wu = await h.join('Interpreter Wu', 'interpreter');
  const floor = await souza.sendMicrophone();
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);

  const { recordingId } = await judge.signalling.request('courtroom:command', { action: 'startRecording' });
  await waitFor(async () => (await court.recorders.recorderOf(h.hearing.hearingId))?.activeFiles().length === 2, 'both voices being recorded', 20_000);
  await new Promise((r) => setTimeout(r, 1500));
  await judge.signalling.request('courtroom:command', { action: 'stopRecording' });

  const { manifest } = await manifestOf(court, recordingId!);
  const tracks = manifest.tracks.map((t) => ({ participantId: t.participantId, source: t.source, producers: t.segments.map((s) => s.producerId) }));
  expect(tracks).toEqual(
    expect.arrayContaining([
      { participantId: souza.participantId, source: 'microphone', producers: [floor.id] },
      { participantId: wu.participantId, source: 'interpretation', producers: [voice] },
    ]),
  );
  expect(tracks).toHaveLength(2);
  const channel = manifest.tracks.find((t) => t.source === 'interpretation')!.segments[0]!;
  const path = join(court.court.recordings.directoryOf(recordingId!), channel.file);
  expect((await ffprobe(path)).codec).toBe('opus');
  await expect(decodes(path)).resolves.toBe(true);
  const ledger = await ledgerOf(court, h.hearing.caseId);
  expect(ledger.filter((e) => e.type === 'recording.fileClosed').map((e) => e.payload)).toContainEqual(
    expect.objectContaining({ file: channel.file, sha256: await sha256Of(path), source: 'interpretation' }),
  );
  // Recorded, and still offered to no listener: nobody chose the zh channel.
  expect(h.consumersOnServer(voice)).toEqual([]);
});
