// The official recordings of a case's hearings, as the record keeps them: each recording's start
// and close, and every file it produced with its SHA-256, each on the case's ledger as it happens
// (a file when its recorder closes it, the manifest's hash when the recording stops). The files
// live in the evidence folder, under recordings/<recording id>/, and are read through here: the
// staff and the parties may list and play them back (the permission table's recording.view).
import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CourtError } from '../domain/CourtError.js';
import type { ByteRange } from '../domain/evidence/byteRange.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import type { RecordStore } from '../store/RecordStore.js';
import type { CaseAccess, CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';
import type { Hearings, ScheduledHearing } from './Hearings.js';
import { KeyedQueue } from './KeyedQueue.js';

/** One file of a recording, once closed and on the ledger. */
export interface RecordingFile {
  readonly file: string;
  readonly trackId: string;
  readonly participantId: string;
  readonly displayName: string;
  readonly role: string;
  readonly source: 'microphone' | 'camera' | 'screen' | 'interpretation';
  readonly kind: 'audio' | 'video';
  readonly segment: number;
  readonly codec: string;
  readonly mediaType: string;
  readonly startedAt: string;
  readonly firstPacketAt?: string;
  readonly endedAt: string;
  readonly endReason: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly durationSeconds?: number;
  readonly ledgerSeq: number;
}

export interface HearingRecording {
  readonly id: string;
  readonly caseId: string;
  readonly hearingId: string;
  /** Only the main room is ever recorded. */
  readonly room: 'main';
  readonly startedAt: string;
  readonly startedBy: string;
  readonly startedLedgerSeq: number;
  readonly stoppedAt?: string;
  readonly stoppedBy?: string;
  /** The manifest's file in the recording's folder, and its SHA-256 (on the ledger). */
  readonly manifestFile?: string;
  readonly manifestSha256?: string;
  readonly closedLedgerSeq?: number;
  readonly files: readonly RecordingFile[];
}

/** What the recorder reports of a file it closed. */
export type ClosedFile = Omit<RecordingFile, 'ledgerSeq'>;

const RECORDING = 'recording';
/** The actor of what the recorder itself records (a file closed). */
export const COURT_RECORDER = 'court:recorder';
const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class HearingRecordings {
  readonly #store: RecordStore;
  readonly #access: CaseAccess;
  readonly #ledger: CaseLedger;
  readonly #hearings: Hearings;
  readonly #directory: string;
  /** Writes to one recording, one after another (they all come from this node's recorder). */
  readonly #writes = new KeyedQueue();

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; hearings: Hearings; directory: string }) {
    this.#store = services.store;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#hearings = services.hearings;
    this.#directory = services.directory;
  }

  /** The folder of one recording's files. */
  directoryOf(recordingId: string): string {
    if (!RECORDING_ID.test(recordingId)) throw new TypeError('recordingId must be a UUID');
    return join(this.#directory, recordingId);
  }

  /** A recording has started: on the ledger, before any of its files. */
  async opened(hearing: ScheduledHearing, recordingId: string, actor: string): Promise<HearingRecording> {
    let recording: HearingRecording | undefined;
    await this.#ledger.append(hearing.caseId, { type: 'recording.started', actor, payload: { hearingId: hearing.id, recordingId, room: 'main' } }, (entry) => {
      recording = { id: recordingId, caseId: hearing.caseId, hearingId: hearing.id, room: 'main', startedAt: entry.at, startedBy: actor, startedLedgerSeq: entry.seq, files: [] };
      return { puts: [{ kind: RECORDING, id: recordingId, value: recording, expectedVersion: 0, indexes: [`hearing:${hearing.id}`] }] };
    });
    return recording!;
  }

  /** A file is closed: its hash on the ledger, in one commit with the recording's record. */
  fileClosed(recordingId: string, file: ClosedFile): Promise<RecordingFile> {
    return this.#update(recordingId, async (stored) => {
      const payload = JSON.parse(
        JSON.stringify({
          hearingId: stored.hearingId,
          recordingId,
          file: file.file,
          trackId: file.trackId,
          participantId: file.participantId,
          source: file.source,
          segment: file.segment,
          mediaType: file.mediaType,
          bytes: file.bytes,
          sha256: file.sha256,
          durationSeconds: file.durationSeconds,
          endReason: file.endReason,
        }),
      ) as JsonValue;
      let closed: RecordingFile | undefined;
      await this.#ledger.append(stored.caseId, { type: 'recording.fileClosed', actor: COURT_RECORDER, payload }, (entry) => {
        closed = { ...file, ledgerSeq: entry.seq };
        return { puts: [this.#put({ ...stored.value, files: [...stored.value.files, closed] }, stored.version)] };
      });
      return closed!;
    });
  }

  /** The recording is stopped: the manifest's hash (which names every file's) on the ledger. */
  closed(recordingId: string, actor: string, manifest: { file: string; bytes: Uint8Array; stoppedAt: string }): Promise<HearingRecording> {
    return this.#update(recordingId, async (stored) => {
      const manifestSha256 = createHash('sha256').update(manifest.bytes).digest('hex');
      const payload = {
        hearingId: stored.hearingId,
        recordingId,
        startedAt: stored.value.startedAt,
        stoppedAt: manifest.stoppedAt,
        manifest: manifest.file,
        manifestSha256,
        files: stored.value.files.map((f) => ({ file: f.file, sha256: f.sha256 })),
      };
      let recording: HearingRecording | undefined;
      await this.#ledger.append(stored.caseId, { type: 'recording.closed', actor, payload }, (entry) => {
        recording = { ...stored.value, stoppedAt: manifest.stoppedAt, stoppedBy: actor, manifestFile: manifest.file, manifestSha256, closedLedgerSeq: entry.seq };
        return { puts: [this.#put(recording, stored.version)] };
      });
      return recording!;
    });
  }

  /**
   * The recordings of a hearing, for those who may play them back. `room` other than the main
   * room is refused: consultation rooms are never recorded, so there is nothing to give.
   */
  async list(principal: Principal, caseId: string, hearingId: string, origin: RequestOrigin, room?: string): Promise<HearingRecording[]> {
    const grant = await this.#authorize(principal, caseId, hearingId, origin, hearingId);
    if (room !== undefined && room !== 'main') {
      await this.#access.refusing(grant, async () => {
        throw new CourtError('CONSULTATION_NOT_RECORDED', 'consultation rooms are never recorded; only the main room has recordings');
      });
    }
    await this.#access.noteRead(grant, hearingId);
    const recordings = (await this.#store.listRecords<HearingRecording>(RECORDING, `hearing:${hearingId}`)).map((r) => r.value);
    return recordings.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** The manifest's exact bytes (those its ledger hash is of), once the recording is closed. */
  async manifest(principal: Principal, caseId: string, hearingId: string, recordingId: string, origin: RequestOrigin): Promise<{ bytes: Buffer; sha256: string }> {
    const grant = await this.#authorize(principal, caseId, hearingId, origin, recordingId);
    const recording = await this.#access.refusing(grant, async () => {
      const found = await this.#recordingOf(caseId, hearingId, recordingId);
      if (found.manifestFile === undefined || found.manifestSha256 === undefined) throw new CourtError('RECORDING_IN_PROGRESS', 'the recording is still running; its manifest is written when it stops');
      return found;
    });
    await this.#access.noteRead(grant, recordingId);
    return { bytes: await readFile(join(this.directoryOf(recording.id), recording.manifestFile!)), sha256: recording.manifestSha256! };
  }

  /**
   * Opens a closed file of a recording for reading, the part `rangeOf(size)` picks. A file still
   * being written is not served: its bytes, and so its hash, are not final.
   */
  async openFile(
    principal: Principal,
    caseId: string,
    hearingId: string,
    recordingId: string,
    fileName: string,
    rangeOf: (size: number) => ByteRange,
    origin: RequestOrigin,
  ): Promise<{ file: RecordingFile; range: ByteRange; stream?: ReadStream }> {
    const grant = await this.#authorize(principal, caseId, hearingId, origin, `${recordingId}/${fileName}`);
    const file = await this.#access.refusing(grant, async () => {
      const recording = await this.#recordingOf(caseId, hearingId, recordingId);
      const found = recording.files.find((f) => f.file === fileName);
      if (found !== undefined) return found;
      if (recording.stoppedAt === undefined) throw new CourtError('RECORDING_IN_PROGRESS', `no closed file ${fileName} in this recording yet; files can be played once they close`);
      throw new CourtError('RECORDING_NOT_FOUND', `recording ${recordingId} has no file ${fileName}`);
    });
    const range = rangeOf(file.bytes);
    await this.#access.noteRead(grant, `${recordingId}/${fileName}`);
    if (range.kind === 'unsatisfiable') return { file, range };
    const stream = createReadStream(join(this.directoryOf(recordingId), file.file), range.kind === 'partial' ? { start: range.start, end: range.end } : {});
    return { file, range, stream };
  }

  async #authorize(principal: Principal, caseId: string, hearingId: string, origin: RequestOrigin, target: string): Promise<CaseGrant> {
    const grant = await this.#access.authorize(principal, caseId, 'recording.view', origin, target);
    await this.#access.refusing(grant, async () => {
      const hearing = await this.#hearings.get(hearingId);
      if (hearing.caseId !== caseId) throw new CourtError('HEARING_NOT_FOUND', `this case has no hearing ${hearingId}`);
    });
    return grant;
  }

  async #recordingOf(caseId: string, hearingId: string, recordingId: string): Promise<HearingRecording> {
    const stored = await this.#store.getRecord<HearingRecording>(RECORDING, recordingId);
    if (stored === undefined || stored.value.caseId !== caseId || stored.value.hearingId !== hearingId) {
      throw new CourtError('RECORDING_NOT_FOUND', `hearing ${hearingId} has no recording ${recordingId}`);
    }
    return stored.value;
  }

  #put(recording: HearingRecording, version: number) {
    return { kind: RECORDING, id: recording.id, value: JSON.parse(JSON.stringify(recording)) as unknown, expectedVersion: version };
  }

  #update<T>(recordingId: string, task: (stored: { value: HearingRecording; version: number; caseId: string; hearingId: string }) => Promise<T>): Promise<T> {
    const run = async () => {
      const stored = await this.#store.getRecord<HearingRecording>(RECORDING, recordingId);
      if (stored === undefined) throw new Error(`recording ${recordingId} is not on the record`);
      return task({ value: stored.value, version: stored.version, caseId: stored.value.caseId, hearingId: stored.value.hearingId });
    };
    return this.#writes.run(recordingId, run);
  }
}
