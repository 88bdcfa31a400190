// The timing manifest of one recording: for every track (one participant's microphone, camera
// or screen on the floor), the files it was recorded in — one per segment — with when each
// began and ended by the server's UTC clock, when its first packet left the SFU and with which
// RTP timestamp, and the gaps between segments with their reason. A player lines the tracks up
// by firstPacketAt (the file's first sample), else startedAt. The manifest's own SHA-256 is on
// the case's ledger with the recording's close, and it names every file's SHA-256.
import type { MediaKind, MediaSource } from '../../server/protocol/hearingRoomEvents.js';

export const MANIFEST_FORMAT = 'crosscourt.recording-manifest/1';
export const MANIFEST_FILE = 'manifest.json';

/** Why a segment (a file) ended. */
export type SegmentEnd =
  /** The recording was stopped. */
  | 'stopped'
  /** The participant stopped sending, left, or their connection dropped (a new segment follows if they send again). */
  | 'producerClosed'
  /** The participant was moved into a consultation room, which is never recorded. */
  | 'leftFloor'
  /** The recorder (ffmpeg) died; it is restarted in a new segment. */
  | 'recorderCrashed'
  /** Everyone left the hearing room, or its media was rebuilt. */
  | 'roomClosed';

/** What a gap between two segments of a track, or after the last one, stands for. */
export type GapReason = 'notSending' | 'consultation' | 'recorderCrashed' | 'roomClosed';

const GAP_OF: Record<Exclude<SegmentEnd, 'stopped'>, GapReason> = {
  producerClosed: 'notSending',
  leftFloor: 'consultation',
  recorderCrashed: 'recorderCrashed',
  roomClosed: 'roomClosed',
};

export interface SegmentRecord {
  /** 1, 2, … within its track, in the order they began (a number is skipped where nothing was recorded). */
  segment: number;
  /** The file's name in the recording's folder. */
  file: string;
  producerId: string;
  codec: string;
  mediaType: string;
  clockRate: number;
  /** When the recorder began listening (UTC). */
  startedAt: string;
  /** When the SFU sent the recorder its first packet (UTC): the file's first sample. */
  firstPacketAt?: string;
  /** That packet's RTP timestamp and stream, for players that align by RTP. */
  firstRtpTimestamp?: number;
  ssrc?: number;
  endedAt: string;
  endReason: SegmentEnd;
  /** While paused (muted by the court or by its owner) no packet was recorded. */
  pauses: Array<{ from: string; to: string }>;
  bytes: number;
  sha256: string;
  durationSeconds?: number;
}

export interface ManifestGap {
  from: string;
  to: string;
  reason: GapReason;
  /** The segment the gap follows. */
  after: number;
}

export interface ManifestTrack {
  trackId: string;
  participantId: string;
  displayName: string;
  role: string;
  source: MediaSource;
  kind: MediaKind;
  segments: SegmentRecord[];
  gaps: ManifestGap[];
}

export interface RecordingManifest {
  format: typeof MANIFEST_FORMAT;
  recordingId: string;
  caseId: string;
  hearingId: string;
  /** Only the main room is ever recorded. */
  room: 'main';
  startedAt: string;
  startedBy: string;
  stoppedAt: string;
  stoppedBy: string;
  clock: string;
  tracks: ManifestTrack[];
}

export interface RecordingMeta {
  recordingId: string;
  caseId: string;
  hearingId: string;
  startedAt: string;
  startedBy: string;
}

export type TrackOfManifest = Omit<ManifestTrack, 'gaps'>;

export function buildManifest(meta: RecordingMeta, tracks: readonly TrackOfManifest[], stopped: { at: string; by: string }): RecordingManifest {
  return {
    format: MANIFEST_FORMAT,
    ...meta,
    room: 'main',
    stoppedAt: stopped.at,
    stoppedBy: stopped.by,
    clock: 'UTC wall clock of the recording server; align tracks by firstPacketAt (else startedAt)',
    tracks: tracks.map((track) => ({ ...track, segments: [...track.segments].sort((a, b) => a.segment - b.segment), gaps: gapsOf(track.segments, stopped.at) })),
  };
}

/**
 * The gaps of a track: between each segment's end and the next one's start, and after the last
 * segment if it ended before the recording stopped.
 */
export function gapsOf(segments: readonly SegmentRecord[], stoppedAt: string): ManifestGap[] {
  const ordered = [...segments].sort((a, b) => a.segment - b.segment);
  const gaps: ManifestGap[] = [];
  ordered.forEach((segment, i) => {
    if (segment.endReason === 'stopped') return;
    const next = ordered[i + 1];
    gaps.push({ from: segment.endedAt, to: next === undefined ? stoppedAt : (next.firstPacketAt ?? next.startedAt), reason: GAP_OF[segment.endReason], after: segment.segment });
  });
  return gaps;
}

/** The manifest as stored and hashed: UTF-8 JSON, two-space indented, with a final newline. */
export function manifestBytes(manifest: RecordingManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}
