// Looking at recording files the way a court's expert would: ffprobe for what is in them (and
// ffmpeg decoding every frame), SHA-256 for what the ledger says of them.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { LedgerEntry } from '../../server/domain/ledger/ledgerEntry.js';
import type { RecordingManifest } from '../../media/recording/RecordingManifest.js';

const run = promisify(execFile);

export interface Probed {
  codec: string;
  /** Seconds: the container's, else the end of the last packet (a file whose recorder was killed). */
  duration: number;
  formatName: string;
}

export async function ffprobe(path: string): Promise<Probed> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,format_name:stream=codec_name', '-of', 'json', path]);
  const info = JSON.parse(stdout) as { streams: Array<{ codec_name: string }>; format: { duration?: string; format_name: string } };
  let duration = Number.parseFloat(info.format.duration ?? '');
  if (!Number.isFinite(duration)) {
    const packets = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path]);
    duration = Math.max(0, ...packets.stdout.split('\n').map(Number.parseFloat).filter(Number.isFinite));
  }
  return { codec: info.streams[0]?.codec_name ?? '', duration, formatName: info.format.format_name };
}

/** Decodes every frame; rejects if ffmpeg reports an error. */
export async function decodes(path: string): Promise<true> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']);
  // Every frame must decode. Not a decoding error: WebM keeps timestamps in milliseconds, so two
  // video frames of a copied RTP stream can land on the same one, and the null muxer of this
  // check then complains about the order of its own output (seen once in CI; players accept it).
  const problems = stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !/non monotonically increasing dts to muxer/.test(line));
  if (problems.length > 0) throw new Error(`decoding ${path}: ${problems.join('\n')}`);
  return true;
}

export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export async function ledgerOf(court: RunningCourtServer, caseId: string): Promise<LedgerEntry[]> {
  return court.court.ledger.entries(caseId);
}

export async function manifestOf(court: RunningCourtServer, recordingId: string): Promise<{ manifest: RecordingManifest; bytes: Buffer }> {
  const bytes = await readFile(`${court.court.recordings.directoryOf(recordingId)}/manifest.json`);
  return { manifest: JSON.parse(bytes.toString('utf8')) as RecordingManifest, bytes };
}
