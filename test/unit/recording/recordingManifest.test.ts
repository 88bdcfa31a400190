// The timing manifest: every track's segments in order, and the gaps between them with what
// they stand for — a consultation, a participant not sending, a recorder that crashed — so a
// player can line the tracks up and show where a voice is missing, and why.
import { buildManifest, gapsOf, manifestBytes, MANIFEST_FORMAT, type SegmentEnd, type SegmentRecord } from '../../../media/recording/RecordingManifest.js';

const META = { recordingId: 'rec-1', caseId: 'case-1', hearingId: 'hearing-1', startedAt: '2026-03-10T01:00:00.000Z', startedBy: 'participant:judge' };
const STOPPED = { at: '2026-03-10T01:10:00.000Z', by: 'participant:clerk' };

function segment(n: number, startedAt: string, endedAt: string, endReason: SegmentEnd, firstPacketAt?: string): SegmentRecord {
  return {
    segment: n,
    file: `p-microphone-${n}.ogg`,
    producerId: `producer-${n}`,
    codec: 'opus',
    mediaType: 'audio/ogg',
    clockRate: 48000,
    startedAt,
    ...(firstPacketAt === undefined ? {} : { firstPacketAt, firstRtpTimestamp: 1000 * n, ssrc: n }),
    endedAt,
    endReason,
    pauses: [],
    bytes: 100 * n,
    sha256: String(n).repeat(64),
    durationSeconds: 1,
  };
}

test('a track recorded from its first to its last moment has no gap', () => {
  expect(gapsOf([segment(1, '2026-03-10T01:00:01.000Z', '2026-03-10T01:10:00.000Z', 'stopped', '2026-03-10T01:00:01.020Z')], STOPPED.at)).toEqual([]);
});

test('each segment that ended before the stop leaves a gap up to the next one’s first packet, named for why it ended', () => {
  const segments = [
    segment(1, '2026-03-10T01:00:01.000Z', '2026-03-10T01:02:00.000Z', 'leftFloor', '2026-03-10T01:00:01.020Z'),
    segment(2, '2026-03-10T01:03:00.000Z', '2026-03-10T01:04:00.000Z', 'recorderCrashed', '2026-03-10T01:03:00.030Z'),
    segment(3, '2026-03-10T01:04:01.000Z', '2026-03-10T01:05:00.000Z', 'producerClosed'),
    segment(4, '2026-03-10T01:06:00.000Z', '2026-03-10T01:10:00.000Z', 'stopped', '2026-03-10T01:06:00.010Z'),
  ];
  expect(gapsOf(segments, STOPPED.at)).toEqual([
    { from: '2026-03-10T01:02:00.000Z', to: '2026-03-10T01:03:00.030Z', reason: 'consultation', after: 1 },
    // The next segment never saw a packet: the gap runs to when it began listening.
    { from: '2026-03-10T01:04:00.000Z', to: '2026-03-10T01:04:01.000Z', reason: 'recorderCrashed', after: 2 },
    { from: '2026-03-10T01:05:00.000Z', to: '2026-03-10T01:06:00.010Z', reason: 'notSending', after: 3 },
  ]);
});

test('a track whose last segment ended early has a gap to the end of the recording', () => {
  const segments = [segment(1, '2026-03-10T01:00:01.000Z', '2026-03-10T01:08:00.000Z', 'roomClosed', '2026-03-10T01:00:01.020Z')];
  expect(gapsOf(segments, STOPPED.at)).toEqual([{ from: '2026-03-10T01:08:00.000Z', to: STOPPED.at, reason: 'roomClosed', after: 1 }]);
});

test('the manifest names the recording, its start and stop, and every track with its segments in order and its gaps', () => {
  const track = {
    trackId: 'p-microphone',
    participantId: 'p',
    displayName: 'Ms Souza',
    role: 'claimant',
    source: 'microphone' as const,
    kind: 'audio' as const,
    segments: [segment(2, '2026-03-10T01:05:00.000Z', '2026-03-10T01:10:00.000Z', 'stopped', '2026-03-10T01:05:00.010Z'), segment(1, '2026-03-10T01:00:01.000Z', '2026-03-10T01:04:00.000Z', 'producerClosed', '2026-03-10T01:00:01.010Z')],
  };
  const manifest = buildManifest(META, [track], STOPPED);
  expect(manifest).toMatchObject({ format: MANIFEST_FORMAT, ...META, room: 'main', stoppedAt: STOPPED.at, stoppedBy: STOPPED.by });
  expect(manifest.tracks[0]!.segments.map((s) => s.segment)).toEqual([1, 2]);
  expect(manifest.tracks[0]!.gaps).toEqual([{ from: '2026-03-10T01:04:00.000Z', to: '2026-03-10T01:05:00.010Z', reason: 'notSending', after: 1 }]);
  const bytes = manifestBytes(manifest);
  expect(bytes.toString('utf8').endsWith('}\n')).toBe(true);
  expect(JSON.parse(bytes.toString('utf8'))).toEqual(manifest);
});
