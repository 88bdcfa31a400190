// One segment of a recorded track: one producer of the main room, sent by the SFU through a
// PlainTransport to one ffmpeg process that writes one file. It opens in this order: local ports,
// the tap (paused), ffmpeg (told the tap's codec), and only once ffmpeg listens is the tap
// resumed — with a key frame asked for, for video — so the file starts with the first packet.
// It ends when asked (stop), when its tap closes (the producer closed, its owner left the floor,
// the room closed) or when ffmpeg dies; ending makes the file durable and measures it.
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { HearingRoom, RecordingTap } from '../HearingRoom.js';
import type { types } from '../mediasoup.js';
import type { PublishedProducer } from '../../server/protocol/hearingRoomEvents.js';
import { inspectClosedFile } from './closedFile.js';
import { FfmpegProcess } from './FfmpegProcess.js';
import { ffmpegArguments, formatOf, recordingSdp, type TrackFormat } from './ffmpegRecipe.js';
import type { SegmentEnd, SegmentRecord } from './RecordingManifest.js';
import { freeRtpPortPair, RECORDER_IP } from './recorderPorts.js';

export interface TrackSegmentOptions {
  room: HearingRoom;
  producer: PublishedProducer;
  /** The recording's folder. */
  directory: string;
  /** The file's name without segment number and extension. */
  stem: string;
  segment: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** Why the tap closed, asked when it does (the recorder looks at the room). */
  whyTapClosed: () => SegmentEnd;
  logger: Logger;
  now: () => Date;
}

interface TrackSegmentEvents {
  /** The file is closed and measured; no record if not one packet was written to it. */
  ended: [reason: SegmentEnd, record: SegmentRecord | undefined];
}

export class TrackSegment extends EventEmitter<TrackSegmentEvents> {
  readonly producerId: string;
  readonly file: string;
  readonly #options: TrackSegmentOptions;
  readonly #tap: RecordingTap;
  readonly #format: TrackFormat;
  readonly #ffmpeg: FfmpegProcess;
  readonly #startedAt: string;
  #firstPacket: { at: string; rtpTimestamp: number; ssrc: number } | undefined;
  readonly #pauses: Array<{ from: string; to?: string }> = [];
  #ending: Promise<SegmentRecord | undefined> | undefined;

  private constructor(options: TrackSegmentOptions, tap: RecordingTap, format: TrackFormat, file: string, ffmpeg: FfmpegProcess) {
    super();
    this.#options = options;
    this.producerId = options.producer.producerId;
    this.#tap = tap;
    this.#format = format;
    this.file = file;
    this.#ffmpeg = ffmpeg;
    this.#startedAt = options.now().toISOString();
  }

  static async open(options: TrackSegmentOptions): Promise<TrackSegment> {
    const { room, producer } = options;
    const began = Date.now();
    const ports = await freeRtpPortPair();
    const tap = await room.openRecordingTap(producer.producerId, { ip: RECORDER_IP, ...ports });
    let ffmpeg: FfmpegProcess | undefined;
    let path: string | undefined;
    try {
      const codec = tap.consumer.rtpParameters.codecs[0]!;
      const format = formatOf(codec.mimeType);
      const file = `${options.stem}-${options.segment}.${format.extension}`;
      path = join(options.directory, file);
      ffmpeg = await FfmpegProcess.start(options.ffmpegPath, ffmpegArguments(format, path), recordingSdp(producer.kind, ports.port, codec), ports.port);
      const segment = new TrackSegment(options, tap, format, file, ffmpeg);
      // As it is now: it may have been paused or resumed while the recorder started.
      const paused = room.publishedProducers().find((p) => p.producerId === producer.producerId)?.paused ?? producer.paused;
      await segment.#begin(paused);
      options.logger.debug({ file, pid: segment.pid, port: ports.port, openedInMs: Date.now() - began }, 'recording segment open');
      return segment;
    } catch (error) {
      tap.transport.close();
      await ffmpeg?.stop();
      if (path !== undefined) await rm(path, { force: true }); // at most ffmpeg's headers
      throw error;
    }
  }

  /** The recorder's process id (an operator, or a test, may need to find it). */
  get pid(): number | undefined {
    return this.#ffmpeg.pid;
  }

  get ended(): boolean {
    return this.#ending !== undefined;
  }

  notePaused(): void {
    const last = this.#pauses.at(-1);
    if (last !== undefined && last.to === undefined) return;
    this.#pauses.push({ from: this.#options.now().toISOString() });
  }

  noteResumed(): void {
    const open = this.#pauses.at(-1);
    if (open !== undefined && open.to === undefined) open.to = this.#options.now().toISOString();
  }

  /** Ends the segment (idempotent): the tap closes, ffmpeg finishes the file, the file is measured. */
  stop(reason: SegmentEnd = 'stopped'): Promise<SegmentRecord | undefined> {
    this.#ending ??= this.#end(reason);
    return this.#ending;
  }

  async #begin(paused: boolean): Promise<void> {
    const { consumer, transport } = this.#tap;
    if (transport.closed) throw new Error(`the tap of producer ${this.producerId} closed while its recorder started`);
    if (paused) this.notePaused();
    this.#ffmpeg.once('crashed', ({ code, signal, stderr }) => {
      this.#options.logger.warn({ file: this.file, code, signal, stderr }, 'recorder exited unexpectedly');
      void this.stop('recorderCrashed');
    });
    transport.observer.once('close', () => void this.stop(this.#options.whyTapClosed()));
    consumer.on('trace', (trace) => this.#noteFirstPacket(consumer, trace));
    await consumer.enableTraceEvent(['rtp', 'keyframe']);
    await consumer.resume();
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }

  #noteFirstPacket(consumer: types.Consumer, trace: types.ConsumerTraceEventData): void {
    if (this.#firstPacket !== undefined || trace.direction !== 'out') return;
    const info = trace.info as { timestamp?: number; ssrc?: number };
    this.#firstPacket = { at: this.#options.now().toISOString(), rtpTimestamp: info.timestamp ?? 0, ssrc: info.ssrc ?? 0 };
    // One packet is all the manifest needs; tracing every packet would cost the worker.
    if (!consumer.closed) void consumer.enableTraceEvent([]).catch(() => undefined);
  }

  async #end(reason: SegmentEnd): Promise<SegmentRecord | undefined> {
    // Closing the tap below closes its transport, whose listener calls stop() again: by then
    // stop() must already hold this promise.
    await Promise.resolve();
    const endedAt = this.#options.now().toISOString();
    const { logger } = this.#options;
    logger.debug({ file: this.file, reason }, 'recording segment ending');
    this.noteResumed();
    // Packets still flowing let ffmpeg end at once (see FfmpegProcess.stop), with nothing cut off.
    await this.#ffmpeg.stop();
    this.#tap.transport.close();
    logger.debug({ file: this.file, stoppedInMs: Date.now() - Date.parse(endedAt) }, 'recorder exited');
    const path = join(this.#options.directory, this.file);
    // Not one packet reached it (paused throughout, or gone at once): nothing was recorded.
    if (this.#firstPacket === undefined) await rm(path, { force: true });
    const closed = await inspectClosedFile(path, this.#options.ffprobePath).catch((error: unknown) => {
      this.#options.logger.error({ err: error, file: this.file }, 'recording file could not be read back');
      return undefined;
    });
    const record: SegmentRecord | undefined =
      closed === undefined
        ? undefined
        : {
            segment: this.#options.segment,
            file: this.file,
            producerId: this.producerId,
            codec: this.#format.codec,
            mediaType: this.#format.mediaType,
            clockRate: this.#tap.consumer.rtpParameters.codecs[0]!.clockRate,
            startedAt: this.#startedAt,
            ...(this.#firstPacket === undefined ? {} : { firstPacketAt: this.#firstPacket.at, firstRtpTimestamp: this.#firstPacket.rtpTimestamp, ssrc: this.#firstPacket.ssrc }),
            endedAt,
            endReason: reason,
            pauses: this.#pauses.map((pause) => ({ from: pause.from, to: pause.to ?? endedAt })),
            ...closed,
          };
    this.emit('ended', reason, record);
    return record;
  }
}
