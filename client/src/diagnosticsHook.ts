// DIAGNOSTIC HOOK, not an API: `window.crosscourt` lets tests and a support engineer (from the
// browser console) read what the page is doing: whether it joined, who it sees, the courtroom as
// the court last showed it (seat, court mute, floor, lobby for the judge), what it receives, and
// whether its media runs over UDP or TCP; and tries to share a screen past the page's own check
// of the court's leave, to show that the server refuses. Nothing in the app reads it.
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import type { MediaSource, ParticipantView } from '../../server/protocol/hearingRoomEvents.js';
import type { ScreenShare, ShareOutcome } from './courtroom/screenShare.js';
import type { HearingPhase, HearingSession } from './hearingSession.js';
import { currentLanguage, type Language } from './i18n.js';
import { LOCAL_SOURCES, type LocalSource } from './localMedia.js';
import type { TransportDirection } from './mediaSession.js';

export interface DiagnosticState {
  phase: HearingPhase | 'idle';
  joined: boolean;
  roomId: string | null;
  self: ParticipantView | null;
  participants: ParticipantView[];
  sending: { microphone: boolean; camera: boolean };
  /** A screen is shared: the page says so and its producer exists. */
  sharingScreen: boolean;
  language: Language;
  /** The courtroom as the server last sent it to this page (courtroom:state), or null before joining. */
  courtroom: CourtroomView | null;
  /** Language channels: the interpreters' voices this page plays, and the floor's level under them. */
  interpretation: { voices: Array<{ producerId: string; participantId: string }>; floorGain: number; floorVolume: number };
}

/** One `inbound-rtp` entry of a consumer's stats, flattened. */
export interface InboundRtpEntry {
  participantId: string;
  kind: 'audio' | 'video';
  /** A camera's video and a shared screen are both video: this tells them apart. */
  source: MediaSource;
  /** 0 for audio. */
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
}

/** One `outbound-rtp` entry of a producer's stats (one per simulcast layer), flattened. */
export interface OutboundRtpEntry {
  source: LocalSource;
  /** The simulcast layer ('r0' smallest … 'r2' full size); absent for audio. */
  rid: string | null;
  frameHeight: number;
  framesEncoded: number;
  bytesSent: number;
  /** Why the browser sends less than asked: 'none', 'cpu', 'bandwidth' or 'other'. */
  qualityLimitationReason: string | null;
}

export interface SelectedCandidate {
  direction: TransportDirection;
  /** The protocol of the local candidate of the selected pair: 'udp' or 'tcp'. */
  protocol: string;
}

export interface CrossCourtDiagnostics {
  readonly state: DiagnosticState;
  receiveStats(): Promise<InboundRtpEntry[]>;
  sendStats(): Promise<OutboundRtpEntry[]>;
  selectedCandidateProtocols(): Promise<SelectedCandidate[]>;
  /** Shares a screen even where the page would not offer it (without the court's leave). */
  shareScreen(): Promise<ShareOutcome>;
}

declare global {
  interface Window {
    /** Diagnostic hook; see diagnosticsHook.ts. */
    crosscourt?: CrossCourtDiagnostics;
  }
}

export function installDiagnosticsHook(currentSession: () => HearingSession | undefined, currentScreenShare: () => ScreenShare | undefined): void {
  window.crosscourt = {
    get state(): DiagnosticState {
      const session = currentSession();
      return {
        phase: session?.phase ?? 'idle',
        joined: session?.phase === 'joined',
        roomId: session?.roomId ?? null,
        self: session?.self ? { ...session.self } : null,
        participants: session?.participants.map((p) => ({ ...p })) ?? [],
        sending: { microphone: session?.sending('microphone') ?? false, camera: session?.sending('camera') ?? false },
        sharingScreen: (currentScreenShare()?.sharing ?? false) && session?.media?.screenProducer !== undefined,
        language: currentLanguage(),
        courtroom: session?.courtroom ? structuredClone(session.courtroom) : null,
        interpretation: {
          voices: session?.channelAudio.voices() ?? [],
          floorGain: session?.channelAudio.floorGain ?? 1,
          floorVolume: session?.channelAudio.floorVolume ?? 0,
        },
      };
    },

    async receiveStats(): Promise<InboundRtpEntry[]> {
      const media = currentSession()?.media;
      if (!media) return [];
      const perConsumer = await Promise.all(
        [...media.consumers()].map(async (consumer) => {
          const report = await consumer.getStats().catch(() => undefined);
          const entries: InboundRtpEntry[] = [];
          report?.forEach((stat: Record<string, unknown>) => {
            if (stat.type !== 'inbound-rtp') return;
            entries.push({
              participantId: consumer.appData.participantId,
              kind: consumer.kind,
              source: consumer.appData.source,
              framesDecoded: numberOr0(stat.framesDecoded),
              packetsReceived: numberOr0(stat.packetsReceived),
              bytesReceived: numberOr0(stat.bytesReceived),
            });
          });
          return entries;
        }),
      );
      return perConsumer.flat();
    },

    async sendStats(): Promise<OutboundRtpEntry[]> {
      const media = currentSession()?.media;
      if (!media) return [];
      const entries: OutboundRtpEntry[] = [];
      for (const source of LOCAL_SOURCES) {
        const report = await (await media.producer(source))?.getStats().catch(() => undefined);
        report?.forEach((stat: Record<string, unknown>) => {
          if (stat.type !== 'outbound-rtp') return;
          entries.push({
            source,
            rid: typeof stat.rid === 'string' ? stat.rid : null,
            frameHeight: numberOr0(stat.frameHeight),
            framesEncoded: numberOr0(stat.framesEncoded),
            bytesSent: numberOr0(stat.bytesSent),
            qualityLimitationReason: typeof stat.qualityLimitationReason === 'string' ? stat.qualityLimitationReason : null,
          });
        });
      }
      return entries;
    },

    async shareScreen(): Promise<ShareOutcome> {
      const screenShare = currentScreenShare();
      return screenShare ? screenShare.start({ force: true }) : { ok: false, code: 'NOT_IN_HEARING' };
    },

    async selectedCandidateProtocols(): Promise<SelectedCandidate[]> {
      const media = currentSession()?.media;
      if (!media) return [];
      const found: SelectedCandidate[] = [];
      for (const { direction, transport } of await media.transports()) {
        const report = await transport.getStats().catch(() => undefined);
        const protocol = report ? selectedProtocol(report) : undefined;
        if (protocol) found.push({ direction, protocol });
      }
      return found;
    },
  };
}

/** The selected pair: the one the transport stats name, else a succeeded, selected or nominated pair. */
function selectedProtocol(report: RTCStatsReport): string | undefined {
  const stats = [...report.values()] as Array<Record<string, unknown>>;
  const byId = new Map(stats.map((stat) => [stat.id as string, stat]));
  const named = stats.find((stat) => stat.type === 'transport' && stat.selectedCandidatePairId);
  const pair =
    (named ? byId.get(named.selectedCandidatePairId as string) : undefined) ??
    stats.find(
      (stat) => stat.type === 'candidate-pair' && stat.state === 'succeeded' && (stat.selected === true || stat.nominated === true),
    );
  if (!pair || pair.state !== 'succeeded') return undefined;
  const local = byId.get(pair.localCandidateId as string);
  return typeof local?.protocol === 'string' ? local.protocol : undefined;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
