// The official recordings of a hearing over REST: the list (tracks, files, durations, hashes),
// each recording's timing manifest (the exact bytes whose hash is on the ledger), and each file,
// with Range requests so a player can seek. Staff and parties only (recording.view).
import { parseByteRange } from '../../domain/evidence/byteRange.js';
import { hearingParams } from '../../protocol/caseRecordSchemas.js';
import { recordingFileParams, recordingListQuery, recordingListView, recordingParams, type RecordingView } from '../../protocol/recordingSchemas.js';
import type { Court } from '../../record/Court.js';
import type { HearingRecording, RecordingFile } from '../../record/HearingRecordings.js';
import { RESPONDED, route } from './apiRoute.js';
import { sendStoredFile } from './storedFileResponse.js';

const ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'HEARING_NOT_FOUND'] as const;

export function recordingRoutes(court: Court) {
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/hearings/:hearingId/recordings',
      operationId: 'listRecordings',
      summary: "The hearing's official recordings: each participant's tracks, their files, durations and SHA-256 (only the main room is recorded)",
      tag: 'recordings',
      auth: true,
      params: hearingParams,
      query: recordingListQuery,
      success: { status: 200, description: 'the recordings, earliest first', schema: recordingListView },
      errors: [...ERRORS, 'CONSULTATION_NOT_RECORDED'],
      async handle({ principal, params, query, origin }) {
        const recordings = await court.recordings.list(principal, params.caseId, params.hearingId, origin, query.room);
        return { recordings: recordings.map(recordingView) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/hearings/:hearingId/recordings/:recordingId/manifest',
      operationId: 'getRecordingManifest',
      summary: "The recording's timing manifest (JSON): every track's files, when each began, its first packet, the gaps; its SHA-256 is on the ledger",
      tag: 'recordings',
      auth: true,
      params: recordingParams,
      success: { status: 200, description: 'the manifest, byte for byte as hashed', contentType: 'application/json' },
      errors: [...ERRORS, 'RECORDING_NOT_FOUND', 'RECORDING_IN_PROGRESS'],
      async handle({ principal, params, origin, res }) {
        const { bytes, sha256 } = await court.recordings.manifest(principal, params.caseId, params.hearingId, params.recordingId, origin);
        res.status(200).set({ 'Content-Type': 'application/json', ETag: `"${sha256}"`, 'Cache-Control': 'private, no-store' }).end(bytes);
        return RESPONDED;
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/hearings/:hearingId/recordings/:recordingId/files/:file',
      operationId: 'downloadRecordingFile',
      summary: 'One file of the recording (supports Range requests); its SHA-256 is on the ledger',
      tag: 'recordings',
      auth: true,
      params: recordingFileParams,
      success: { status: 200, description: 'the file (206 for a range)', contentType: 'application/octet-stream' },
      errors: [...ERRORS, 'RECORDING_NOT_FOUND', 'RECORDING_IN_PROGRESS', 'RANGE_NOT_SATISFIABLE'],
      async handle({ principal, params, origin, req, res }) {
        const header = typeof req.headers.range === 'string' ? req.headers.range : undefined;
        const { file, range, stream } = await court.recordings.openFile(principal, params.caseId, params.hearingId, params.recordingId, params.file, (size) => parseByteRange(header, size), origin);
        await sendStoredFile(res, { size: file.bytes, mediaType: file.mediaType, fileName: file.file, sha256: file.sha256 }, range, stream);
        return RESPONDED;
      },
    }),
  ];
}

/** A recording as listed: its files grouped by track, in segment order. */
function recordingView(recording: HearingRecording): RecordingView {
  const tracks = new Map<string, RecordingView['tracks'][number]>();
  for (const file of [...recording.files].sort((a, b) => a.segment - b.segment)) {
    let track = tracks.get(file.trackId);
    if (track === undefined) {
      track = { trackId: file.trackId, participantId: file.participantId, displayName: file.displayName, role: file.role, source: file.source, kind: file.kind, durationSeconds: 0, files: [] };
      tracks.set(file.trackId, track);
    }
    track.files.push(fileView(file));
    track.durationSeconds = Math.round((track.durationSeconds + (file.durationSeconds ?? 0)) * 1000) / 1000;
  }
  return {
    recordingId: recording.id,
    hearingId: recording.hearingId,
    room: recording.room,
    state: recording.stoppedAt === undefined ? 'recording' : 'closed',
    startedAt: recording.startedAt,
    startedBy: recording.startedBy,
    ...(recording.stoppedAt === undefined ? {} : { stoppedAt: recording.stoppedAt }),
    ...(recording.stoppedBy === undefined ? {} : { stoppedBy: recording.stoppedBy }),
    ...(recording.manifestSha256 === undefined ? {} : { manifestSha256: recording.manifestSha256 }),
    ...(recording.closedLedgerSeq === undefined ? {} : { closedLedgerSeq: recording.closedLedgerSeq }),
    tracks: [...tracks.values()],
  };
}

function fileView(file: RecordingFile): RecordingView['tracks'][number]['files'][number] {
  const { trackId: _t, participantId: _p, displayName: _d, role: _r, source: _s, kind: _k, ...rest } = file;
  return rest;
}
