// The official recordings running on this node: one HearingRecorder (media/recording) per
// hearing being recorded. The courtroom decides (Courtrooms carries out its recordingStarted and
// recordingStopped); this starts the recorder, attaches it to the hearing's media room whenever
// that room opens (again), and puts on the record every file the recorder closes and, when it
// stops, the manifest — each with its hash on the case's ledger.
import type { Logger } from 'pino';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { HearingRooms } from '../../media/HearingRooms.js';
import { FfmpegProcess } from '../../media/recording/FfmpegProcess.js';
import { HearingRecorder, type ClosedTrackFile } from '../../media/recording/HearingRecorder.js';
import { CourtError } from '../domain/CourtError.js';
import type { HearingRecordings } from '../record/HearingRecordings.js';
import type { LiveHearing } from './Courtrooms.js';

export interface HearingRecordersOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  now?: () => Date;
}

export class HearingRecorders {
  readonly #rooms: HearingRooms;
  readonly #recordings: HearingRecordings;
  readonly #logger: Logger;
  readonly #options: HearingRecordersOptions;
  readonly #available: boolean;
  /** By hearing id; a promise while the recorder is being set up, so a stop waits for its start. */
  readonly #running = new Map<string, Promise<HearingRecorder | undefined>>();

  constructor(rooms: HearingRooms, recordings: HearingRecordings, logger: Logger, options: HearingRecordersOptions = {}) {
    this.#rooms = rooms;
    this.#recordings = recordings;
    this.#logger = logger;
    this.#options = options;
    this.#available = FfmpegProcess.available(options.ffmpegPath ?? 'ffmpeg');
    if (!this.#available) logger.warn('ffmpeg is not installed: hearings cannot be recorded (apt-get install ffmpeg)');
  }

  /** Refuses to start a recording this node cannot make. */
  requireAvailable(): void {
    if (!this.#available) throw new CourtError('RECORDER_UNAVAILABLE', 'this server has no recorder (ffmpeg is not installed); the hearing cannot be recorded until it is');
  }

  /** The recorder of a hearing being recorded (its files, their recorders' process ids). */
  async recorderOf(hearingId: string): Promise<HearingRecorder | undefined> {
    return this.#running.get(hearingId);
  }

  start(live: LiveHearing, recordingId: string, by: string): Promise<void> {
    const hearingId = live.hearing.id;
    const starting = this.#start(live, recordingId, `participant:${by}`).catch((error: unknown) => {
      this.#logger.error({ err: error, hearingId, recordingId }, 'the recording could not be started');
      return undefined;
    });
    this.#running.set(hearingId, starting);
    return starting.then(() => undefined);
  }

  async stop(live: LiveHearing, recordingId: string, by: string): Promise<void> {
    await this.#stop(live.hearing.id, recordingId, `participant:${by}`);
  }

  /** Called for every media room that opens: a hearing being recorded is recorded in it. */
  attach(room: HearingRoom): void {
    void this.#running.get(room.roomId)?.then((recorder) => recorder?.attach(room));
  }

  /** Stops every recording (the server is shutting down): files closed and on the record. */
  async stopAll(actor: string): Promise<void> {
    await Promise.all(
      [...this.#running.entries()].map(async ([hearingId, running]) => {
        const recorder = await running;
        if (recorder !== undefined) await this.#stop(hearingId, recorder.recordingId, actor);
      }),
    );
  }

  async #start(live: LiveHearing, recordingId: string, actor: string): Promise<HearingRecorder> {
    const { hearing, courtroom } = live;
    const opened = await this.#recordings.opened(hearing, recordingId, actor);
    const recorder = await HearingRecorder.create({
      meta: { recordingId, caseId: hearing.caseId, hearingId: hearing.id, startedAt: opened.startedAt, startedBy: actor },
      directory: this.#recordings.directoryOf(recordingId),
      describe: (participantId) => {
        const attendee = courtroom.attendee(participantId);
        return attendee === undefined ? undefined : { displayName: attendee.displayName, role: attendee.role };
      },
      onFileClosed: (closed) => this.#fileClosed(recordingId, closed),
      logger: this.#logger.child({ hearingId: hearing.id, recordingId }),
      ...this.#options,
    });
    const room = this.#rooms.get(hearing.id);
    if (room !== undefined && !room.closed) recorder.attach(room);
    this.#logger.info({ hearingId: hearing.id, recordingId }, 'recording started');
    return recorder;
  }

  async #stop(hearingId: string, recordingId: string, actor: string): Promise<void> {
    const running = this.#running.get(hearingId);
    const recorder = await running;
    if (recorder === undefined || recorder.recordingId !== recordingId) return;
    if (this.#running.get(hearingId) === running) this.#running.delete(hearingId);
    const stopped = await recorder.stop(actor);
    await this.#recordings.closed(recordingId, actor, { file: stopped.manifestFile, bytes: stopped.manifestBytes, stoppedAt: stopped.manifest.stoppedAt });
    this.#logger.info({ hearingId, recordingId, tracks: stopped.manifest.tracks.length }, 'recording stopped');
  }

  async #fileClosed(recordingId: string, { track, segment }: ClosedTrackFile): Promise<void> {
    await this.#recordings.fileClosed(recordingId, {
      file: segment.file,
      trackId: track.trackId,
      participantId: track.participantId,
      displayName: track.displayName,
      role: track.role,
      source: track.source,
      kind: track.kind,
      segment: segment.segment,
      codec: segment.codec,
      mediaType: segment.mediaType,
      startedAt: segment.startedAt,
      ...(segment.firstPacketAt === undefined ? {} : { firstPacketAt: segment.firstPacketAt }),
      endedAt: segment.endedAt,
      endReason: segment.endReason,
      bytes: segment.bytes,
      sha256: segment.sha256,
      ...(segment.durationSeconds === undefined ? {} : { durationSeconds: segment.durationSeconds }),
    });
  }
}
