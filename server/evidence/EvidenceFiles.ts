// The evidence folder: every file is stored once under its SHA-256, as <dir>/<ab>/<abcdef…>,
// so a name is proof of content and the same exhibit filed twice takes the space once.
// An upload is written to <dir>/.incoming under a random name and only linked into place once
// hashed, checked and fsynced (rule 4), so a crash leaves at most a temp file, never a
// half-written exhibit under a real hash. open() sweeps only abandoned temp files, so nodes
// may share the folder.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { checkDeclaredType, SNIFF_BYTES, type EvidenceMediaType } from '../domain/evidence/evidenceTypes.js';

export type EvidenceFileErrorCode =
  | 'EVIDENCE_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONTENT_TYPE_MISMATCH'
  | 'EVIDENCE_EMPTY'
  | 'UPLOAD_TRUNCATED'
  | 'EVIDENCE_NOT_FOUND';

const STATUS_OF: Readonly<Record<EvidenceFileErrorCode, number>> = {
  EVIDENCE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CONTENT_TYPE_MISMATCH: 422,
  EVIDENCE_EMPTY: 422,
  UPLOAD_TRUNCATED: 400,
  EVIDENCE_NOT_FOUND: 404,
};

/** A refused upload or a missing file, with a stable code and the HTTP status it maps to. */
export class EvidenceFileError extends Error {
  readonly code: EvidenceFileErrorCode;
  readonly status: number;

  constructor(code: EvidenceFileErrorCode, message: string) {
    super(message);
    this.name = 'EvidenceFileError';
    this.code = code;
    this.status = STATUS_OF[code];
  }
}

export interface IngestOptions {
  /** Refuse the upload as soon as it passes this many bytes. */
  maxBytes: number;
  /** The Content-Type it was sent with. */
  declaredType: string;
  /** The Content-Length it was sent with, if any: a shorter body is a truncated upload. */
  expectedBytes?: number;
}

export interface StoredEvidence {
  sha256: string;
  size: number;
  mediaType: EvidenceMediaType;
  /** The same bytes were already in the folder; nothing new was written. */
  alreadyStored: boolean;
}

export type EvidenceSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

const INCOMING = '.incoming';
/** A temp file in .incoming untouched this long belongs to an upload that died with its process. */
const INCOMING_ABANDONED_MS = 60 * 60 * 1000;
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Stored exhibits are never rewritten; read-only guards against an accidental open for writing.
const STORED_FILE_MODE = 0o440;

export class EvidenceFiles {
  readonly #dir: string;
  readonly #incoming: string;

  private constructor(dir: string) {
    this.#dir = dir;
    this.#incoming = join(dir, INCOMING);
  }

  /** Opens (creating if needed) the evidence folder and removes uploads a crash cut short. */
  static async open(dir: string): Promise<EvidenceFiles> {
    if (typeof dir !== 'string' || dir === '') throw new TypeError('dir must be a non-empty path');
    const files = new EvidenceFiles(resolve(dir));
    await mkdir(files.#incoming, { recursive: true });
    await files.#sweepIncoming();
    return files;
  }

  /**
   * Streams an upload into the folder and resolves once it is durable. On any failure, the
   * source's included, nothing is left behind. When the upload is too large this stops
   * reading but does not destroy a Node stream source, so an HTTP caller can still answer 413
   * on that connection (and should then close it rather than read the rest).
   */
  async ingest(source: EvidenceSource, options: IngestOptions): Promise<StoredEvidence> {
    requireIngestOptions(options);
    const { maxBytes, declaredType, expectedBytes } = options;
    requireAcceptedType(declaredType);
    if (expectedBytes !== undefined && expectedBytes > maxBytes) throw tooLarge(maxBytes);
    const tempPath = join(this.#incoming, `${randomBytes(16).toString('hex')}.part`);
    // The mode applies to later opens; this descriptor stays writable.
    const file = await open(tempPath, 'wx', STORED_FILE_MODE);
    try {
      const received = await receive(source, file, maxBytes);
      const mediaType = checkReceived(received, options);
      await file.sync();
      await file.close();
      const alreadyStored = !(await this.#publish(tempPath, received.sha256));
      return { sha256: received.sha256, size: received.size, mediaType, alreadyStored };
    } catch (error) {
      await file.close().catch(() => undefined); // already closed on the publish path
      await rm(tempPath, { force: true });
      throw error;
    }
  }

  /** Where the file with this hash lives (or would). Refuses anything but 64 lowercase hex digits. */
  path(sha256: string): string {
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      throw new TypeError('sha256 must be 64 lowercase hex digits');
    }
    return join(this.#dir, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async size(sha256: string): Promise<number> {
    try {
      return (await stat(this.path(sha256))).size;
    } catch (error) {
      throw isMissing(error) ? notFound(sha256) : error;
    }
  }

  /** Reads the stored bytes; `end` is inclusive, as in fs.createReadStream. */
  createReadStream(sha256: string, range: { start?: number; end?: number } = {}): ReadStream {
    return createReadStream(this.path(sha256), { start: range.start, end: range.end });
  }

  /** Hashes the stored file afresh: a result other than `sha256` means it was altered on disk. */
  async hashOf(sha256: string): Promise<string> {
    const hash = createHash('sha256');
    try {
      for await (const chunk of this.createReadStream(sha256)) hash.update(chunk as Buffer);
    } catch (error) {
      throw isMissing(error) ? notFound(sha256) : error;
    }
    return hash.digest('hex');
  }

  /** Links the temp file under its hash; false if that hash was already stored. */
  async #publish(tempPath: string, sha256: string): Promise<boolean> {
    const target = this.path(sha256);
    const shard = dirname(target);
    if ((await mkdir(shard, { recursive: true })) !== undefined) await syncDirectory(this.#dir);
    const created = await linkIfAbsent(tempPath, target);
    await rm(tempPath, { force: true });
    if (created) await syncDirectory(shard);
    return created;
  }

  /**
   * Removes what a crash left in .incoming. Several nodes may share the folder (Redis mode), so
   * only files untouched for an hour go: another node's upload in progress is never swept away.
   */
  async #sweepIncoming(): Promise<void> {
    const horizon = Date.now() - INCOMING_ABANDONED_MS;
    for (const name of await readdir(this.#incoming)) {
      const path = join(this.#incoming, name);
      const modified = await stat(path).then((info) => info.mtimeMs, () => 0);
      if (modified < horizon) await rm(path, { recursive: true, force: true });
    }
  }
}

interface Received {
  sha256: string;
  size: number;
  prefix: Uint8Array;
}

/** Copies the source into `file`, hashing and keeping the first SNIFF_BYTES as it goes. */
async function receive(source: EvidenceSource, file: FileHandle, maxBytes: number): Promise<Received> {
  const hash = createHash('sha256');
  const prefix = new Uint8Array(SNIFF_BYTES);
  let size = 0;
  for await (const chunk of chunksOf(source)) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('source must yield bytes (Uint8Array or Buffer), not text');
    if (size + chunk.length > maxBytes) throw tooLarge(maxBytes);
    if (size < SNIFF_BYTES) prefix.set(chunk.subarray(0, SNIFF_BYTES - size), size);
    hash.update(chunk);
    await writeAll(file, chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size, prefix: prefix.subarray(0, Math.min(size, SNIFF_BYTES)) };
}

// Leaving a for-await loop early destroys a Node stream, and destroying an HTTP request
// destroys its socket, which would lose the 413 answer; so Node streams are iterated without.
function chunksOf(source: EvidenceSource): AsyncIterable<unknown> {
  const readable = source as Partial<Readable>;
  if (typeof readable.iterator === 'function') return readable.iterator.call(source, { destroyOnReturn: false });
  return source as AsyncIterable<unknown>;
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.length) {
    written += (await file.write(chunk, written, chunk.length - written)).bytesWritten;
  }
}

function checkReceived({ size, prefix }: Received, { declaredType, expectedBytes }: IngestOptions): EvidenceMediaType {
  if (expectedBytes !== undefined && size < expectedBytes) {
    throw new EvidenceFileError(
      'UPLOAD_TRUNCATED',
      `the upload ended after ${size} of the ${expectedBytes} bytes it announced; the connection was probably cut, so upload the file again`,
    );
  }
  if (size === 0) throw new EvidenceFileError('EVIDENCE_EMPTY', 'the uploaded file is empty; choose the file again and upload it with its content');
  const check = checkDeclaredType(declaredType, prefix);
  if (!check.ok) throw new EvidenceFileError(check.code, check.message);
  return check.mediaType;
}

/** Hard-links `from` as `to` unless `to` exists; atomic, so two equal uploads cannot both create it. */
async function linkIfAbsent(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error) ?? '')) throw error;
  }
  // A file system without hard links: rename cannot refuse an existing name, so check first.
  // The content is the same either way, so losing that race only misreports alreadyStored.
  if (await exists(to)) return false;
  await rename(from, to);
  return true;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function requireIngestOptions(options: IngestOptions): void {
  const { maxBytes, declaredType, expectedBytes } = options ?? {};
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new TypeError('maxBytes must be a positive safe integer');
  if (typeof declaredType !== 'string') throw new TypeError('declaredType must be a string');
  if (expectedBytes !== undefined && (!Number.isSafeInteger(expectedBytes) || expectedBytes < 0)) {
    throw new TypeError('if given, expectedBytes must be a non-negative safe integer');
  }
}

/** Refuses an unaccepted type before any byte is read; whether the content agrees comes later. */
function requireAcceptedType(declaredType: string): void {
  const check = checkDeclaredType(declaredType, new Uint8Array());
  if (!check.ok && check.code === 'UNSUPPORTED_MEDIA_TYPE') throw new EvidenceFileError(check.code, check.message);
}

function tooLarge(maxBytes: number): EvidenceFileError {
  return new EvidenceFileError(
    'EVIDENCE_TOO_LARGE',
    `the file is larger than the ${maxBytes} bytes allowed for one exhibit; split or compress it and upload the parts`,
  );
}

function notFound(sha256: string): EvidenceFileError {
  return new EvidenceFileError('EVIDENCE_NOT_FOUND', `no evidence file with SHA-256 ${sha256} is stored; check the hash`);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}
