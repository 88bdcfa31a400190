// How ffmpeg is told to record one RTP stream: the SDP that describes what arrives on which local
// port, and the command line that copies it, without re-encoding, into a file of its own: Opus
// into Ogg, VP8 and VP9 into WebM (H264 into Matroska, which WebM does not carry).
import type { types } from '../mediasoup.js';

export interface TrackFormat {
  /** The codec as ffprobe names it. */
  codec: 'opus' | 'vp8' | 'vp9' | 'h264';
  /** ffmpeg's muxer. */
  muxer: 'ogg' | 'webm' | 'matroska';
  extension: 'ogg' | 'webm' | 'mkv';
  /** What the file is served as. */
  mediaType: 'audio/ogg' | 'video/webm' | 'video/x-matroska';
}

const FORMATS: Readonly<Record<string, TrackFormat>> = {
  'audio/opus': { codec: 'opus', muxer: 'ogg', extension: 'ogg', mediaType: 'audio/ogg' },
  'video/vp8': { codec: 'vp8', muxer: 'webm', extension: 'webm', mediaType: 'video/webm' },
  'video/vp9': { codec: 'vp9', muxer: 'webm', extension: 'webm', mediaType: 'video/webm' },
  'video/h264': { codec: 'h264', muxer: 'matroska', extension: 'mkv', mediaType: 'video/x-matroska' },
};

export function formatOf(mimeType: string): TrackFormat {
  const format = FORMATS[mimeType.toLowerCase()];
  if (format === undefined) throw new TypeError(`mimeType ${mimeType} cannot be recorded (Opus, VP8, VP9 and H264 can)`);
  return format;
}

/** The session description ffmpeg reads: one stream of `codec` on 127.0.0.1:`port` (RTCP on port + 1). */
export function recordingSdp(kind: 'audio' | 'video', port: number, codec: types.RtpCodecParameters): string {
  if (!Number.isInteger(port) || port <= 0 || port > 65534) throw new TypeError('port must be a UDP port below 65535 (its RTCP takes the next one)');
  const [, name] = codec.mimeType.split('/');
  const channels = codec.channels !== undefined && codec.channels > 1 ? `/${codec.channels}` : '';
  const parameters = Object.entries(codec.parameters ?? {}).map(([key, value]) => `${key}=${String(value)}`);
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=CrossCourt official recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtcp:${port + 1}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    ...(parameters.length > 0 ? [`a=fmtp:${codec.payloadType} ${parameters.join(';')}`] : []),
    'a=recvonly',
    '',
  ].join('\r\n');
}

/**
 * ffmpeg's arguments: the SDP comes on stdin, the stream is copied as it is. Every packet is
 * flushed to the file, and Ogg pages and Matroska clusters are kept short, so a recorder that is
 * killed loses well under a second of what it had received. `-n`: a file is never overwritten.
 */
export function ffmpegArguments(format: TrackFormat, output: string): string[] {
  const shortPieces = format.muxer === 'ogg' ? ['-page_duration', '200000'] : ['-cluster_time_limit', '1000'];
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel', 'warning',
    '-protocol_whitelist', 'pipe,udp,rtp',
    '-f', 'sdp',
    '-i', 'pipe:0',
    '-map', '0',
    '-c', 'copy',
    '-flush_packets', '1',
    ...shortPieces,
    '-f', format.muxer,
    '-n', output,
  ];
}
