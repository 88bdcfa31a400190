// Stopping one recorder (FfmpegProcess) whose stream has gone silent, as when a party's producer
// closes or pauses before their segment ends: real ffmpeg records, real ffmpeg sends it Opus over
// RTP. The file must end as a finished Ogg stream (its last page marked end-of-stream), which an
// ffmpeg interrupted by a second signal does not write.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FfmpegProcess } from '../../../media/recording/FfmpegProcess.js';
import { ffmpegArguments, formatOf, recordingSdp } from '../../../media/recording/ffmpegRecipe.js';
import { freeRtpPortPair } from '../../../media/recording/recorderPorts.js';
import { decodes, ffprobe } from '../../helpers/recordingFiles.js';

const run = promisify(execFile);
const OPUS = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 };

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'crosscourt-recorder-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** One second of a tone, encoded to Opus and sent as RTP in real time, then silence. */
function sendOneSecondOfOpus(port: number): Promise<unknown> {
  return run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'libopus', '-payload_type', '100', '-f', 'rtp', `rtp://127.0.0.1:${port}`]);
}

/** The header-type flags of the Ogg file's last page (0x04: end of stream). */
function lastOggPageFlags(path: string): number {
  const bytes = readFileSync(path);
  const last = bytes.lastIndexOf(Buffer.from('OggS'));
  if (last < 0) throw new Error(`${path} has no Ogg page`);
  return bytes[last + 5]!;
}

test('a recorder stopped after its stream went silent writes the end of its file: the last Ogg page ends the stream and every frame decodes', async () => {
  const { port } = await freeRtpPortPair();
  const output = join(directory, 'party-microphone.ogg');
  const ffmpeg = await FfmpegProcess.start('ffmpeg', ffmpegArguments(formatOf(OPUS.mimeType), output), recordingSdp('audio', port, OPUS), port);
  let crashed = false;
  ffmpeg.on('crashed', () => (crashed = true));
  await sendOneSecondOfOpus(port);
  // The port is silent now: nothing will wake ffmpeg's read but the stop itself.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await ffmpeg.stop();
  expect(crashed).toBe(false);
  expect(lastOggPageFlags(output) & 0x04).toBe(0x04);
  await expect(decodes(output)).resolves.toBe(true);
  const probed = await ffprobe(output);
  expect(probed.codec).toBe('opus');
  expect(probed.duration).toBeGreaterThan(0.8);
  expect(probed.duration).toBeLessThan(1.5);
}, 30_000);
