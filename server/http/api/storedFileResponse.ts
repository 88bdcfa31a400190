// Sends a stored file (an evidence item, a recording's track) as a download: the whole file or
// the byte range asked for, never rendered by the browser, named safely, cached nowhere.
import type { Readable } from 'node:stream';
import type { Response } from 'express';
import type { ByteRange } from '../../domain/evidence/byteRange.js';
import { contentDisposition } from '../../domain/evidence/evidenceTypes.js';
import { CourtError } from '../../domain/CourtError.js';

export interface StoredFile {
  readonly size: number;
  readonly mediaType: string;
  /** The name the download is saved under (only ever a header value, never a path). */
  readonly fileName: string;
  readonly sha256: string;
}

/** Sends it (200, or 206 for a range); an unsatisfiable range is RANGE_NOT_SATISFIABLE. */
export async function sendStoredFile(res: Response, file: StoredFile, range: ByteRange, stream: Readable | undefined): Promise<void> {
  if (range.kind === 'unsatisfiable' || stream === undefined) {
    res.set('Content-Range', `bytes */${file.size}`);
    throw new CourtError('RANGE_NOT_SATISFIABLE', `the file has ${file.size} bytes; ask for a range within it`);
  }
  res.set({
    'Accept-Ranges': 'bytes',
    'Content-Type': file.mediaType,
    'Content-Disposition': contentDisposition(file.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    ETag: `"${file.sha256}"`,
    'Cache-Control': 'private, no-store',
  });
  if (range.kind === 'partial') {
    res.status(206).set({ 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`, 'Content-Length': String(range.end - range.start + 1) });
  } else {
    res.status(200).set('Content-Length', String(file.size));
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    res.once('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
