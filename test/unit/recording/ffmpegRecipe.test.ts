// What ffmpeg is told: an SDP for the one stream it receives on a local port, and a command line
// that copies it into its own file — Opus into Ogg, VP8 into WebM — without re-encoding, never
// overwriting a file, flushing every packet.
import { ffmpegArguments, formatOf, recordingSdp } from '../../../media/recording/ffmpegRecipe.js';

const OPUS = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { minptime: 10, useinbandfec: 1 } };
const VP8 = { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {} };

test('Opus is kept in Ogg, VP8 and VP9 in WebM, H264 in Matroska; anything else cannot be recorded', () => {
  expect(formatOf('audio/opus')).toEqual({ codec: 'opus', muxer: 'ogg', extension: 'ogg', mediaType: 'audio/ogg' });
  expect(formatOf('video/VP8')).toEqual({ codec: 'vp8', muxer: 'webm', extension: 'webm', mediaType: 'video/webm' });
  expect(formatOf('video/VP9').muxer).toBe('webm');
  expect(formatOf('video/H264').extension).toBe('mkv');
  expect(() => formatOf('audio/PCMU')).toThrow(TypeError);
});

test('the SDP describes one stream on 127.0.0.1 at the given port, its RTCP on the next, with the consumer’s payload type', () => {
  expect(recordingSdp('audio', 50000, OPUS).split('\r\n')).toEqual([
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=CrossCourt official recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 50000 RTP/AVP 100',
    'a=rtcp:50001',
    'a=rtpmap:100 opus/48000/2',
    'a=fmtp:100 minptime=10;useinbandfec=1',
    'a=recvonly',
    '',
  ]);
  const video = recordingSdp('video', 50002, VP8);
  expect(video).toContain('m=video 50002 RTP/AVP 101\r\n');
  expect(video).toContain('a=rtpmap:101 VP8/90000\r\n');
  expect(video).not.toContain('a=fmtp');
  expect(() => recordingSdp('audio', 65535, OPUS)).toThrow(TypeError);
});

test('ffmpeg reads the SDP from stdin, copies the stream into the named file and never overwrites one', () => {
  const audio = ffmpegArguments(formatOf('audio/opus'), '/rec/a.ogg');
  expect(audio.join(' ')).toContain('-protocol_whitelist pipe,udp,rtp -f sdp -i pipe:0 -map 0 -c copy -flush_packets 1 -page_duration 200000 -f ogg -n /rec/a.ogg');
  const video = ffmpegArguments(formatOf('video/VP8'), '/rec/v.webm');
  expect(video.join(' ')).toContain('-c copy -flush_packets 1 -cluster_time_limit 1000 -f webm -n /rec/v.webm');
  expect(video.at(-1)).toBe('/rec/v.webm');
});
