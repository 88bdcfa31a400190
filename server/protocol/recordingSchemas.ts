// The REST shapes of the official recordings: the list of a hearing's recordings (tracks, their
// files, durations and hashes), and the paths of a recording's manifest and files. Validated at the
// edge, described in the OpenAPI document, and the browser's types (type-only imports).
import { z } from 'zod';
import { hearingParams, UUID } from './caseRecordSchemas.js';

const uuid = z.string().regex(UUID, 'an id is a UUID like 3f2b…-…');
const timestamp = z.string().describe('UTC instant, YYYY-MM-DDTHH:mm:ss.sssZ');
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A recording's file name: <participant id>-<source>-<segment>.<extension>, nothing else. */
export const RECORDING_FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-(microphone|camera|screen)-[1-9][0-9]{0,5}\.(ogg|webm|mkv)$/;

export const recordingListQuery = z
  .object({
    room: z
      .union([z.literal('main'), z.string().regex(/^consultation:[0-9a-f-]{36}$/, 'room is "main" or "consultation:<room id>"')])
      .optional()
      .describe('the room whose recordings to list: only the main room is ever recorded'),
  })
  .strict();
export const recordingParams = hearingParams.extend({ recordingId: uuid });
export const recordingFileParams = recordingParams.extend({
  file: z.string().regex(RECORDING_FILE_NAME, 'a file name as the recording lists it, e.g. <participant id>-microphone-1.ogg'),
});

const fileView = z.object({
  file: z.string(),
  segment: z.number().int(),
  codec: z.string(),
  mediaType: z.string(),
  startedAt: timestamp,
  firstPacketAt: timestamp.optional().describe("when the file's first sample left the SFU: line tracks up by it"),
  endedAt: timestamp,
  endReason: z.string().describe('stopped, producerClosed, leftFloor (moved into a consultation), recorderCrashed, roomClosed'),
  bytes: z.number().int(),
  sha256: hex64,
  durationSeconds: z.number().optional(),
  ledgerSeq: z.number().int().describe("the ledger entry that holds the file's SHA-256"),
});

export const recordingView = z.object({
  recordingId: z.string(),
  hearingId: z.string(),
  room: z.literal('main'),
  state: z.enum(['recording', 'closed']),
  startedAt: timestamp,
  startedBy: z.string(),
  stoppedAt: timestamp.optional(),
  stoppedBy: z.string().optional(),
  manifestSha256: hex64.optional().describe('SHA-256 of the manifest (…/manifest), on the ledger with the close'),
  closedLedgerSeq: z.number().int().optional(),
  tracks: z.array(
    z.object({
      trackId: z.string(),
      participantId: z.string(),
      displayName: z.string(),
      role: z.string(),
      source: z.enum(['microphone', 'camera', 'screen', 'interpretation']),
      kind: z.enum(['audio', 'video']),
      durationSeconds: z.number().describe('the sum of its files’ durations'),
      files: z.array(fileView),
    }),
  ),
});
export const recordingListView = z.object({ recordings: z.array(recordingView) });

export type RecordingView = z.infer<typeof recordingView>;
