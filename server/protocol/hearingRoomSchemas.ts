// Validation schemas for every hearing-room payload a client sends. The server checks each
// payload against these at the edge; the event map (hearingRoomEvents.ts) takes its payload
// types from them, so the check and the type cannot drift apart.
import { z } from 'zod';

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

export const CASE_ID_RULE = 'a case id is a UUID, as in the case link';
export const joinHearingSchema = z
  .object({ caseId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, CASE_ID_RULE) })
  .strict();
export const leaveHearingSchema = empty;
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
export const produceSchema = z
  .object({
    transportId: id,
    kind: z.enum(['audio', 'video']),
    source: z.enum(['microphone', 'camera', 'screen']),
    rtpParameters: rtpParametersSchema,
  })
  .strict()
  .refine((p) => (p.kind === 'audio') === (p.source === 'microphone'), {
    message: 'a microphone sends audio; a camera or a screen sends video',
    path: ['source'],
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

export type JoinHearingPayload = z.infer<typeof joinHearingSchema>;
export type CreateTransportPayload = z.infer<typeof createTransportSchema>;
export type TransportRefPayload = z.infer<typeof transportRefSchema>;
export type TransportConnectPayload = z.infer<typeof transportConnectSchema>;
export type ProducePayload = z.infer<typeof produceSchema>;
export type ProducerRefPayload = z.infer<typeof producerRefSchema>;
export type ConsumePayload = z.infer<typeof consumeSchema>;
export type ConsumerRefPayload = z.infer<typeof consumerRefSchema>;
export type PreferredLayersPayload = z.infer<typeof preferredLayersSchema>;
export type TileSizePayload = z.infer<typeof tileSizeSchema>;
