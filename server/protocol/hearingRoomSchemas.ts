// Validation schemas for every hearing-room payload a client sends. The server checks each
// payload against these at the edge; the event map (hearingRoomEvents.ts) takes its payload
// types from them, so the check and the type cannot drift apart.
import { z } from 'zod';
import { HEARING_PHASES } from '../domain/hearing/hearingPhase.js';
import { UUID } from './caseRecordSchemas.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, - and _');

const empty = z.object({}).strict();

// mediasoup validates these structures in depth when it uses them; here we bound their size
// and shape so a hostile client cannot hand the worker anything huge or absurd.
const rtcpFeedback = z.looseObject({ type: z.string().max(32), parameter: z.string().max(32).optional() });
const codecCapability = z.looseObject({
  kind: z.enum(['audio', 'video']),
  mimeType: z.string().max(64),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().max(8).optional(),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  rtcpFeedback: z.array(rtcpFeedback).max(16).optional(),
});
const headerExtensionCapability = z.looseObject({
  kind: z.enum(['audio', 'video']),
  uri: z.string().max(256),
  preferredId: z.number().int().min(1).max(255),
});
export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(codecCapability).max(64).optional(),
  headerExtensions: z.array(headerExtensionCapability).max(64).optional(),
});

const dtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1)
    .max(8),
});

const rtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(
      z.looseObject({
        mimeType: z.string().max(64),
        payloadType: z.number().int().min(0).max(127),
        clockRate: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(16),
  headerExtensions: z.array(z.looseObject({ uri: z.string().max(256), id: z.number().int() })).max(32).optional(),
  encodings: z.array(z.looseObject({})).max(4).optional(),
  rtcp: z.looseObject({}).optional(),
});

const uuid = (what: string) => z.string().regex(UUID, `${what} is a UUID`);
export const joinHearingSchema = z.object({ hearingId: uuid('a hearing id (from the case page)') }).strict();
/** keepSeat: leaving only to come straight back (media reset): keep the seat, no lobby. */
export const leaveHearingSchema = z.object({ keepSeat: z.boolean().optional() }).strict();
export const routerCapabilitiesSchema = empty;
export const createTransportSchema = z
  .object({
    direction: z.enum(['send', 'recv']),
    /** For parties behind firewalls that drop UDP: offer only the TCP candidate. */
    forceTcp: z.boolean().optional(),
  })
  .strict();
export const transportRefSchema = z.object({ transportId: id }).strict();
export const transportConnectSchema = z.object({ transportId: id, dtlsParameters: dtlsParametersSchema }).strict();
/** A BCP 47 language tag, as the case record keeps them ('zh', 'en', 'pt-BR'). */
export const languageTag = z.string().max(35).regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language is a BCP 47 tag, e.g. "zh" or "pt-BR"');
export const produceSchema = z
  .object({
    transportId: id,
    kind: z.enum(['audio', 'video']),
    source: z.enum(['microphone', 'camera', 'screen', 'interpretation']),
    rtpParameters: rtpParametersSchema,
    /** With source 'interpretation': the language channel to feed (one of the interpreter's pair). */
    language: languageTag.optional(),
  })
  .strict()
  .refine((p) => (p.kind === 'audio') === (p.source === 'microphone' || p.source === 'interpretation'), {
    message: 'a microphone or an interpreter sends audio; a camera or a screen sends video',
    path: ['source'],
  })
  .refine((p) => p.language === undefined || p.source === 'interpretation', {
    message: 'only an interpreter\'s voice (source "interpretation") names a language channel',
    path: ['language'],
  });
export const producerRefSchema = z.object({ producerId: id }).strict();
export const consumeSchema = z
  .object({ transportId: id, producerId: id, rtpCapabilities: rtpCapabilitiesSchema })
  .strict();
export const consumerRefSchema = z.object({ consumerId: id }).strict();
export const preferredLayersSchema = z
  .object({
    consumerId: id,
    spatialLayer: z.number().int().min(0).max(2),
    temporalLayer: z.number().int().min(0).max(2).optional(),
  })
  .strict();
export const tileSizeSchema = z
  .object({
    consumerId: id,
    width: z.number().int().min(0).max(7680),
    height: z.number().int().min(0).max(4320),
    /** window.devicePixelRatio: a 180 px tile on a 2× screen needs the 360 px layer. */
    pixelRatio: z.number().min(0.5).max(4).optional(),
  })
  .strict();
export const mediaStatsSchema = empty;

const participantId = uuid('participantId');
const shortText = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`);
const sources = z.array(z.enum(['microphone', 'camera'])).min(1).max(2).optional();

/** Everything a participant asks of the courtroom; most of it only the presiding side may. */
export const courtroomCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('movePhase'), phase: z.enum(HEARING_PHASES) }).strict(),
  z.object({ action: z.literal('delegate'), participantId }).strict(),
  z.object({ action: z.literal('admit'), participantId }).strict(),
  z.object({ action: z.literal('admitAll') }).strict(),
  z.object({ action: z.literal('preAdmit'), participantIds: z.array(participantId).min(1).max(1000) }).strict(),
  z.object({ action: z.literal('deny'), participantId, reason: shortText('a reason', 500) }).strict(),
  z.object({ action: z.literal('remove'), participantId, to: z.enum(['lobby', 'out']) }).strict(),
  z.object({ action: z.literal('lock'), locked: z.boolean() }).strict(),
  z.object({ action: z.literal('mute'), participantId, sources }).strict(),
  z.object({ action: z.literal('unmute'), participantId, sources }).strict(),
  z.object({ action: z.literal('muteAllExcept'), keep: z.array(participantId).max(200) }).strict(),
  z.object({ action: z.literal('requestCamera'), participantId }).strict(),
  z.object({ action: z.literal('raiseHand') }).strict(),
  z.object({ action: z.literal('lowerHand'), participantId: participantId.optional() }).strict(),
  z.object({ action: z.literal('grantFloor'), participantId }).strict(),
  z.object({ action: z.literal('revokeFloor') }).strict(),
  z.object({ action: z.literal('setFloorMode'), mode: z.enum(['open', 'floorOnly']) }).strict(),
  z.object({ action: z.literal('openConsultation'), name: shortText('a name', 100), members: z.array(participantId).min(1).max(20) }).strict(),
  z
    .object({ action: z.literal('moveTo'), participantId, to: z.union([z.literal('main'), z.string().regex(/^consultation:[0-9a-f-]{36}$/, 'to is "main" or "consultation:<room id>"')]) })
    .strict(),
  z.object({ action: z.literal('closeConsultation'), roomId: uuid('roomId') }).strict(),
  z.object({ action: z.literal('callEveryoneBack') }).strict(),
  z.object({ action: z.literal('requestConsultation'), with: z.array(participantId).max(10), reason: shortText('a reason', 500) }).strict(),
  z.object({ action: z.literal('approveConsultation'), requestId: uuid('requestId'), name: shortText('a name', 100) }).strict(),
  z.object({ action: z.literal('declineConsultation'), requestId: uuid('requestId'), reason: shortText('a reason', 500).optional() }).strict(),
  z
    .object({
      action: z.literal('callOath'),
      participantId,
      texts: z.record(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'oath texts are keyed by language tag'), shortText('an oath text', 4000)),
    })
    .strict(),
  z.object({ action: z.literal('confirmOath'), oathId: uuid('oathId') }).strict(),
  z.object({ action: z.literal('allowPresenting'), participantId, allowed: z.boolean() }).strict(),
  z.object({ action: z.literal('presentExhibit'), evidenceId: uuid('evidenceId'), page: z.number().int().min(1).max(100_000).optional() }).strict(),
  z.object({ action: z.literal('turnPage'), page: z.number().int().min(1).max(100_000) }).strict(),
  z.object({ action: z.literal('stopPresenting') }).strict(),
  z.object({ action: z.literal('startRecording') }).strict(),
  z.object({ action: z.literal('stopRecording') }).strict(),
]);

const channel = z.union([z.literal('floor'), languageTag]);

/** What a listener hears, an interpreter's direction, relay source and booth, and a pair's mode. */
export const interpretationCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('listen'), channel }).strict(),
  /** Without a language: the other one of the pair. */
  z.object({ action: z.literal('interpretInto'), language: languageTag.optional() }).strict(),
  z.object({ action: z.literal('setSource'), source: channel }).strict(),
  z.object({ action: z.literal('handOver'), to: participantId.optional() }).strict(),
  z.object({ action: z.literal('offerHandover'), to: participantId.optional() }).strict(),
  z.object({ action: z.literal('acceptHandover') }).strict(),
  /** Taking the booth from an active partner who is away (dropped, gone). */
  z.object({ action: z.literal('takeOver') }).strict(),
  /** The presiding judge: a language pair consecutive (for a witness: on the floor, heard by everyone) or simultaneous. */
  z.object({ action: z.literal('setMode'), pair: z.tuple([languageTag, languageTag]), mode: z.enum(['simultaneous', 'consecutive']), witness: participantId.optional() }).strict(),
]);

export type InterpretationCommand = z.infer<typeof interpretationCommandSchema>;
export type JoinHearingPayload = z.infer<typeof joinHearingSchema>;
export type LeaveHearingPayload = z.infer<typeof leaveHearingSchema>;
export type CourtroomCommand = z.infer<typeof courtroomCommandSchema>;
export type CreateTransportPayload = z.infer<typeof createTransportSchema>;
export type TransportRefPayload = z.infer<typeof transportRefSchema>;
export type TransportConnectPayload = z.infer<typeof transportConnectSchema>;
export type ProducePayload = z.infer<typeof produceSchema>;
export type ProducerRefPayload = z.infer<typeof producerRefSchema>;
export type ConsumePayload = z.infer<typeof consumeSchema>;
export type ConsumerRefPayload = z.infer<typeof consumerRefSchema>;
export type PreferredLayersPayload = z.infer<typeof preferredLayersSchema>;
export type TileSizePayload = z.infer<typeof tileSizeSchema>;
