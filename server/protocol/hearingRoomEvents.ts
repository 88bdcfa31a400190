// The signalling contract of a live hearing room: every event a client may send (with the data
// its acknowledgement carries) and every event the server pushes. Type-only: the browser client
// imports it, and socket.io's Server/Socket generics make the compiler check both ends.
import type { types as client } from 'mediasoup-client';
import type { CaseRole } from '../domain/access/roles.js';
import type { Seat } from '../domain/hearing/Courtroom.js';
import type { CourtroomView, GalleryView } from '../domain/hearing/courtroomView.js';
import type { PeopleChange } from '../domain/hearing/presidingPeople.js';
import type { AckCallback, AckError } from './ack.js';
import type {
  ConsumePayload,
  ConsumerRefPayload,
  CourtroomCommand,
  CreateTransportPayload,
  InterpretationCommand,
  JoinHearingPayload,
  LeaveHearingPayload,
  PreferredLayersPayload,
  ProducePayload,
  ProducerRefPayload,
  TileSizePayload,
  TransportConnectPayload,
  TransportRefPayload,
} from './hearingRoomSchemas.js';

export type MediaKind = 'audio' | 'video';
/**
 * What a producer carries, so a viewer can lay it out (a camera tile, a shared screen). An
 * interpreter's voice is 'interpretation': it feeds a language channel, not the floor, and is
 * offered only to that channel's listeners.
 */
export type MediaSource = 'microphone' | 'camera' | 'screen' | 'interpretation';

export interface PublishedProducer {
  producerId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
  /** For an interpreter's voice: the language channel it feeds (when it was offered to you). */
  channel?: string;
}

export interface ParticipantView {
  participantId: string;
  displayName: string;
  /** Their role in the case: judge, claimant, counsel, interpreter… */
  role: CaseRole;
}

/** The hearing as it was scheduled: what a waiting page shows (the start in the viewer's own zone). */
export interface HearingSchedule {
  title: string;
  /** UTC instants. */
  start: string;
  end: string;
  /** The IANA zone it was set in. */
  timeZone: string;
}

export interface JoinedHearing {
  self: ParticipantView;
  /** The hearing's id; its media room has the same id. */
  roomId: string;
  schedule: HearingSchedule;
  /** Where you are: 'lobby' until the judge admits you; then the media fields below apply. */
  seat: Seat;
  courtroom: CourtroomView;
  /** How many watch from the public gallery (then `courtroom:gallery` when it changes). */
  galleryCount: number;
  participants: ParticipantView[];
  producers: PublishedProducer[];
  /**
   * The media router's capabilities when you have a media seat at once (the presiding judge,
   * someone back within the reconnection window); null in the lobby, where nobody needs media:
   * ask `media:routerCapabilities` once `courtroom:seated` comes.
   */
  routerRtpCapabilities: client.RtpCapabilities | null;
  dominantSpeakerId: string | null;
}

export interface TransportOptions {
  transportId: string;
  iceParameters: client.IceParameters;
  iceCandidates: client.IceCandidate[];
  dtlsParameters: client.DtlsParameters;
}

export interface ConsumerOptions {
  consumerId: string;
  producerId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: client.RtpParameters;
  /** Always true: the client resumes it with `consumer:resume` once its track is attached. */
  paused: boolean;
  producerPaused: boolean;
}

export interface MediaStatsReport {
  transports: Array<{ transportId: string; direction: 'send' | 'recv'; stats: unknown[] }>;
  producers: Array<{ producerId: string; kind: MediaKind; stats: unknown[] }>;
  consumers: Array<{ consumerId: string; kind: MediaKind; stats: unknown[] }>;
}

/** The `data` of socket.io's connect_error when the server refuses a connection. */
export interface ConnectRefusal {
  code: 'UNAUTHENTICATED' | 'SESSION_EXPIRED';
  message: string;
}

export interface HearingClientToServerEvents {
  'hearing:join': (payload: JoinHearingPayload, ack: AckCallback<JoinedHearing>) => void;
  'hearing:leave': (payload: LeaveHearingPayload, ack: AckCallback<{ left: true }>) => void;
  'media:routerCapabilities': (
    payload: Record<string, never>,
    ack: AckCallback<{ routerRtpCapabilities: client.RtpCapabilities }>,
  ) => void;
  'transport:create': (payload: CreateTransportPayload, ack: AckCallback<TransportOptions>) => void;
  'transport:connect': (payload: TransportConnectPayload, ack: AckCallback<{ connected: true }>) => void;
  'transport:restartIce': (
    payload: TransportRefPayload,
    ack: AckCallback<{ iceParameters: client.IceParameters }>,
  ) => void;
  'producer:create': (payload: ProducePayload, ack: AckCallback<{ producerId: string }>) => void;
  'producer:close': (payload: ProducerRefPayload, ack: AckCallback<{ closed: true }>) => void;
  'producer:pause': (payload: ProducerRefPayload, ack: AckCallback<{ paused: true }>) => void;
  'producer:resume': (payload: ProducerRefPayload, ack: AckCallback<{ paused: false }>) => void;
  'consumer:create': (payload: ConsumePayload, ack: AckCallback<ConsumerOptions>) => void;
  'consumer:resume': (payload: ConsumerRefPayload, ack: AckCallback<{ paused: false }>) => void;
  'consumer:setPreferredLayers': (
    payload: PreferredLayersPayload,
    ack: AckCallback<{ spatialLayer: number; temporalLayer: number }>,
  ) => void;
  'consumer:reportTileSize': (
    payload: TileSizePayload,
    ack: AckCallback<{ spatialLayer: number; temporalLayer: number }>,
  ) => void;
  'media:stats': (payload: Record<string, never>, ack: AckCallback<MediaStatsReport>) => void;
  /** roomId: the consultation room opened; recordingId: the recording started or stopped. */
  'courtroom:command': (payload: CourtroomCommand, ack: AckCallback<{ done: true; roomId?: string; recordingId?: string }>) => void;
  /** Choosing what you hear (any participant); an interpreter's direction, relay source and booth; a pair's mode (the judge). */
  'interpretation:command': (payload: InterpretationCommand, ack: AckCallback<{ done: true }>) => void;
}

/** Sent to one participant when their media space changes (admitted, moved): what is there. */
export interface SeatedInRoom {
  seat: Seat;
  /** Your view of the courtroom in your new seat (no courtroom:state follows for the same change). */
  courtroom: CourtroomView;
  participants: ParticipantView[];
  producers: PublishedProducer[];
  dominantSpeakerId: string | null;
  /** How many watch from the public gallery (then `courtroom:gallery` when it changes). */
  galleryCount: number;
}

export interface HearingRecordLineView {
  at: string;
  type: string;
  participantId?: string;
  by?: string;
  detail?: unknown;
}

/** Something the court did that concerns you. */
export type CourtroomNotice =
  | { type: 'denied'; reason: string }
  | { type: 'removed'; to: 'lobby' | 'out' }
  | { type: 'cameraRequested' }
  | { type: 'mutedByCourt'; sources: Array<'microphone' | 'camera'> }
  | { type: 'unmutedByCourt'; sources: Array<'microphone' | 'camera'> }
  | { type: 'floorGranted' }
  | { type: 'floorRevoked' }
  | { type: 'consultationDeclined'; reason?: string }
  | { type: 'oathCalled'; oathId: string; language: string; text: string };

/** A client event's name, what it sends, and the data its successful acknowledgement carries. */
export type HearingRequest = keyof HearingClientToServerEvents;
export type HearingRequestPayload<E extends HearingRequest> = Parameters<HearingClientToServerEvents[E]>[0];
export type HearingReply<E extends HearingRequest> =
  Parameters<HearingClientToServerEvents[E]>[1] extends AckCallback<infer T> ? T : never;

export interface HearingServerToClientEvents {
  'participant:joined': (participant: ParticipantView) => void;
  'participant:left': (event: { participantId: string }) => void;
  'producer:added': (producer: PublishedProducer) => void;
  'producer:removed': (event: { producerId: string; participantId: string }) => void;
  'producer:paused': (event: { producerId: string; participantId: string }) => void;
  'producer:resumed': (event: { producerId: string; participantId: string }) => void;
  'consumer:closed': (event: { consumerId: string; producerId: string }) => void;
  'speaker:dominant': (event: { participantId: string | null }) => void;
  /** The room's media was rebuilt (a media worker died): drop transports, rejoin media. */
  'media:reconnect': (event: {
    code: 'MEDIA_WORKER_RESTARTED';
    /** English, for logs; a page shows its own words for the code. */
    reason: string;
    routerRtpCapabilities: client.RtpCapabilities;
  }) => void;
  'server:shutdown': (event: { code: 'SERVER_SHUTTING_DOWN'; reason: string }) => void;
  /** The courtroom as you see it, after every change. */
  'courtroom:state': (view: CourtroomView) => void;
  /**
   * To the presiding side, when only people changed since your last courtroom:state: apply it to
   * that view (withPeopleChanged) and you have your view as it is now.
   */
  'courtroom:people': (change: PeopleChange) => void;
  /**
   * To the public gallery, when only what it is shown alike changed (the main room, its people
   * and doings): your view is this with the `you` of your last courtroom:state. Sent once for
   * everyone there; a change of your own comes as a courtroom:state.
   */
  'courtroom:galleryState': (view: GalleryView) => void;
  /** The public gallery's head count changed (at most once a second). */
  'courtroom:gallery': (gallery: { count: number }) => void;
  'courtroom:notice': (notice: CourtroomNotice) => void;
  /** Your media space changed: set up media for what is there (admitted from the lobby, moved). */
  'courtroom:seated': (seated: SeatedInRoom) => void;
  /** New lines of the hearing record, live, for the presiding side and court staff in the hearing. */
  'courtroom:record': (lines: HearingRecordLineView[]) => void;
  /** A hearing of one of your cases starts soon. */
  'hearing:reminder': (reminder: { hearingId: string; caseId: string; title: string; start: string; minutesBefore: number }) => void;
  /** An event the server could not answer through an acknowledgement (the client sent none). */
  'signalling:error': (error: AckError) => void;
}
