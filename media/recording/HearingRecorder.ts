// One official recording of one hearing: every producer on the floor (the main room) recorded to
// files of its own, one track per participant and source. A track is cut into segments when its
// producer goes away and comes back — the participant reconnects, or returns from a consultation
// room (never recorded) — and when its recorder crashes, which is restarted at once. The
// recording outlives the media room itself: if everyone leaves and the room opens again, the
// recorder is attached to the new one. Stopping it closes every file and writes the manifest.
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { MAIN_SPACE, type HearingRoom } from '../HearingRoom.js';
import type { PublishedProducer } from '../../server/protocol/hearingRoomEvents.js';
import { FfmpegProcess } from './FfmpegProcess.js';
import {
  buildManifest,
  MANIFEST_FILE,
  manifestBytes,
  type RecordingManifest,
  type RecordingMeta,
  type SegmentEnd,
  type SegmentRecord,
  type TrackOfManifest,
} from './RecordingManifest.js';
import { TrackSegment } from './TrackSegment.js';

export interface HearingRecorderOptions {
  meta: RecordingMeta;
  /** The recording's own folder (created). */
  directory: string;
  /** The participant's name and role for the manifest, as the courtroom knows them. */
  describe: (participantId: string) => { displayName: string; role: string } | undefined;
  /** A file was closed and measured: commit it (the recorder waits for this before going on). */
  onFileClosed: (file: ClosedTrackFile) => Promise<void>;
  logger: Logger;
  now?: () => Date;
  ffmpegPath?: string;
  ffprobePath?: string;
}

/** A closed file, with the track it belongs to. */
export interface ClosedTrackFile {
  track: Omit<TrackOfManifest, 'segments'>;
  segment: SegmentRecord;
}

export interface StoppedRecording {
  manifest: RecordingManifest;
  /** The manifest's exact bytes (as stored in the recording's folder), and their SHA-256 is the caller's to take. */
  manifestBytes: Buffer;
  manifestFile: string;
}

interface Track extends TrackOfManifest {
  nextSegment: number;
  crashes: number[];
}

/** A recorder that keeps dying is given up for a while rather than restarted in a loop. */
const CRASH_LIMIT = { count: 5, withinMs: 60_000 };
const RESTART_DELAY_MS = 200;

export class HearingRecorder {
  readonly recordingId: string;
  readonly #options: HearingRecorderOptions;
  readonly #now: () => Date;
  readonly #ffmpegPath: string;
  readonly #ffprobePath: string;
  readonly #tracks = new Map<string, Track>();
  /** Open (or closing) segments by producer id; below, the ones being opened. */
  readonly #segments = new Map<string, { segment: TrackSegment; track: Track }>();
  readonly #opening = new Map<string, Promise<void>>();
  readonly #commits = new Set<Promise<void>>();
  #room: HearingRoom | undefined;
  #detach: () => void = () => {};
  #stopping = false;

  private constructor(options: HearingRecorderOptions) {
    this.recordingId = options.meta.recordingId;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
    this.#ffprobePath = options.ffprobePath ?? 'ffprobe';
  }

  static async create(options: HearingRecorderOptions): Promise<HearingRecorder> {
    if (!FfmpegProcess.available(options.ffmpegPath ?? 'ffmpeg')) throw new Error(`ffmpeg (${options.ffmpegPath ?? 'ffmpeg'}) cannot be run on this machine`);
    await mkdir(options.directory, { recursive: true });
    return new HearingRecorder(options);
  }

  /** The files being written now, with their recorder's process id. */
  activeFiles(): Array<{ trackId: string; participantId: string; source: string; file: string; pid: number | undefined }> {
    return [...this.#segments.values()].map(({ segment, track }) => ({ trackId: track.trackId, participantId: track.participantId, source: track.source, file: segment.file, pid: segment.pid }));
  }

  /** Records the floor of this room from now on (a room opened again after everyone left, too). */
  attach(room: HearingRoom): void {
    if (this.#stopping || room === this.#room) return;
    this.#detach();
    this.#room = room;
    const onAdded = (producer: PublishedProducer) => this.#record(producer);
    const onMoved = ({ participantId, to }: { participantId: string; to: string }) => {
      if (to === MAIN_SPACE) for (const producer of room.publishedProducers(MAIN_SPACE)) if (producer.participantId === participantId) this.#record(producer);
    };
    const onPaused = ({ producerId }: { producerId: string }) => this.#segments.get(producerId)?.segment.notePaused();
    const onResumed = ({ producerId }: { producerId: string }) => this.#segments.get(producerId)?.segment.noteResumed();
    room.on('producerAdded', onAdded);
    room.on('spaceChanged', onMoved);
    room.on('producerPaused', onPaused);
    room.on('producerResumed', onResumed);
    this.#detach = () => {
      room.off('producerAdded', onAdded);
      room.off('spaceChanged', onMoved);
      room.off('producerPaused', onPaused);
      room.off('producerResumed', onResumed);
    };
    for (const producer of room.publishedProducers(MAIN_SPACE)) this.#record(producer);
  }

  /** Closes every file, waits until each is committed, and writes the manifest. */
  async stop(stoppedBy: string): Promise<StoppedRecording> {
    this.#stopping = true;
    this.#detach();
    await Promise.all(this.#opening.values());
    await Promise.all([...this.#segments.values()].map(({ segment }) => segment.stop('stopped')));
    while (this.#commits.size > 0) await Promise.all(this.#commits);
    const manifest = buildManifest(
      this.#options.meta,
      [...this.#tracks.values()].filter((track) => track.segments.length > 0).map(({ nextSegment: _n, crashes: _c, ...track }) => track),
      { at: this.#now().toISOString(), by: stoppedBy },
    );
    const bytes = manifestBytes(manifest);
    await writeDurably(join(this.#options.directory, MANIFEST_FILE), bytes);
    return { manifest, manifestBytes: bytes, manifestFile: MANIFEST_FILE };
  }

  #record(producer: PublishedProducer): void {
    const room = this.#room;
    if (this.#stopping || room === undefined || !this.#onFloor(producer)) return;
    // One that is closing does not count: its owner may have left the floor and come straight back.
    const current = this.#segments.get(producer.producerId);
    if ((current !== undefined && !current.segment.ended) || this.#opening.has(producer.producerId)) return;
    const track = this.#trackOf(producer);
    const segment = track.nextSegment++;
    const opening = TrackSegment.open({
      room,
      producer,
      directory: this.#options.directory,
      stem: track.trackId,
      segment,
      ffmpegPath: this.#ffmpegPath,
      ffprobePath: this.#ffprobePath,
      whyTapClosed: () => this.#whyTapClosed(room, producer),
      logger: this.#options.logger,
      now: this.#now,
    })
      .then((opened) => {
        this.#segments.set(producer.producerId, { segment: opened, track });
        opened.once('ended', (reason, record) => this.#ended(track, producer, opened, reason, record));
        if (this.#stopping) void opened.stop('stopped');
      })
      .catch((error: unknown) => {
        this.#options.logger.info({ err: error, producerId: producer.producerId, track: track.trackId }, 'recorder not started');
        if (track.nextSegment === segment + 1) track.nextSegment = segment; // no file: its number is free again
        // Gone before it could be recorded (closed, moved into a consultation): nothing to record.
        // Still on the floor: the recorder failed to start, and is tried again like a crashed one.
        if (this.#onFloor(producer)) this.#retry(track, producer);
      })
      .finally(() => this.#opening.delete(producer.producerId));
    this.#opening.set(producer.producerId, opening);
  }

  #ended(track: Track, producer: PublishedProducer, segment: TrackSegment, reason: SegmentEnd, record: SegmentRecord | undefined): void {
    if (this.#segments.get(producer.producerId)?.segment === segment) this.#segments.delete(producer.producerId);
    if (record !== undefined) {
      track.segments.push(record);
      const { nextSegment: _n, crashes: _c, segments: _s, ...described } = track;
      const commit = this.#options
        .onFileClosed({ track: described, segment: record })
        .catch((error: unknown) => this.#options.logger.error({ err: error, file: record.file }, 'recording file not committed'))
        .finally(() => this.#commits.delete(commit));
      this.#commits.add(commit);
    }
    if (reason === 'recorderCrashed') this.#retry(track, producer);
    // Moved out and straight back while this segment was closing: recorded again at once.
    else if (reason !== 'stopped') this.#record(producer);
  }

  /**
   * A crashed (or failed) recorder starts again on the same producer, in a new segment: the gap
   * is in the manifest. One that keeps failing is given up.
   */
  #retry(track: Track, producer: PublishedProducer): void {
    const now = this.#now().getTime();
    track.crashes = [...track.crashes.filter((at) => now - at < CRASH_LIMIT.withinMs), now];
    if (track.crashes.length > CRASH_LIMIT.count) {
      this.#options.logger.error({ track: track.trackId }, 'recorder keeps crashing; this track is no longer recorded');
      return;
    }
    setTimeout(() => this.#record(producer), RESTART_DELAY_MS).unref();
  }

  /** The producer is still open, and its owner in the main room. */
  #onFloor(producer: PublishedProducer): boolean {
    const room = this.#room;
    if (room === undefined || room.closed || room.spaceOf(producer.participantId) !== MAIN_SPACE) return false;
    return room.publishedProducers(MAIN_SPACE).some((p) => p.producerId === producer.producerId);
  }

  #whyTapClosed(room: HearingRoom, producer: PublishedProducer): SegmentEnd {
    if (room.closed || room !== this.#room) return 'roomClosed';
    if (!room.publishedProducers().some((p) => p.producerId === producer.producerId)) return 'producerClosed';
    return room.spaceOf(producer.participantId) === MAIN_SPACE ? 'roomClosed' : 'leftFloor';
  }

  #trackOf(producer: PublishedProducer): Track {
    const trackId = `${producer.participantId}-${producer.source}`;
    let track = this.#tracks.get(trackId);
    if (track === undefined) {
      const who = this.#options.describe(producer.participantId);
      track = {
        trackId,
        participantId: producer.participantId,
        displayName: who?.displayName ?? producer.participantId,
        role: who?.role ?? 'unknown',
        source: producer.source,
        kind: producer.kind,
        segments: [],
        nextSegment: 1,
        crashes: [],
      };
      this.#tracks.set(trackId, track);
    }
    return track;
  }
}

/** Written to a temporary name, fsynced, then renamed into place: never half a manifest. */
async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const temporary = `${path}.part`;
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const directory = await open(join(path, '..'), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
