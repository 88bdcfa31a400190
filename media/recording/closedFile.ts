// A recording file once its recorder has let it go: made durable (fsync), then measured — its
// size, its SHA-256 (what the ledger holds) and its duration as ffprobe reads it.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClosedFile {
  bytes: number;
  sha256: string;
  /** Seconds, as ffprobe reads the file; undefined if it cannot tell. */
  durationSeconds?: number;
}

/** Undefined if the recorder never wrote the file (it stopped before the first packet). */
export async function inspectClosedFile(path: string, ffprobePath: string): Promise<ClosedFile | undefined> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (handle === undefined) return undefined;
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dirname(path)); // the file's name, which ffmpeg created, is durable too
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  if (bytes === 0) return undefined;
  const durationSeconds = await probeDuration(path, ffprobePath);
  return { bytes, sha256: hash.digest('hex'), ...(durationSeconds === undefined ? {} : { durationSeconds }) };
}

/**
 * The container's duration; for a file whose recorder was killed before writing it (a WebM
 * without its trailer), the end of its last packet.
 */
export async function probeDuration(path: string, ffprobePath: string): Promise<number | undefined> {
  const format = await ffprobe(ffprobePath, ['-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', path]);
  const stated = Number.parseFloat(format ?? '');
  if (Number.isFinite(stated) && stated > 0) return round(stated);
  const packets = await ffprobe(ffprobePath, ['-select_streams', '0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', path]);
  let end: number | undefined;
  for (const line of (packets ?? '').split('\n')) {
    const [pts, duration] = line.split(',').map((value) => Number.parseFloat(value));
    if (pts !== undefined && Number.isFinite(pts)) end = Math.max(end ?? 0, pts + (duration !== undefined && Number.isFinite(duration) ? duration : 0));
  }
  return end === undefined || end <= 0 ? undefined : round(end);
}

async function ffprobe(ffprobePath: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run(ffprobePath, ['-v', 'error', ...args], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
