// A minimal POSIX ustar archive writer and reader, enough for case bundles: `tar xf` unpacks an
// export, and the offline verifier reads one without a dependency. Regular files only, names of
// at most 100 bytes (the ustar name field; the writer never uses the prefix field), sizes below
// 8 GiB (11 octal digits).
//
// The reader treats an archive as untrusted: it refuses absolute names, '..' segments, links,
// devices and duplicate names rather than skipping them, so what it returns is exactly one
// file per name, each inside the archive's own folder.
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

const BLOCK = 512;
const NAME_BYTES = 100;
const MAX_SIZE = 8 ** 11 - 1;
const REGULAR = 0x30; // '0'
const OLD_REGULAR = 0x00; // pre-POSIX archives leave the type flag empty
const DIRECTORY = 0x35; // '5'

// Header fields: [offset, length].
const NAME = [0, 100] as const;
const MODE = [100, 8] as const;
const UID = [108, 8] as const;
const GID = [116, 8] as const;
const SIZE = [124, 12] as const;
const MTIME = [136, 12] as const;
const CHECKSUM = [148, 8] as const;
const TYPE_FLAG = 156;
const MAGIC = [257, 6] as const;
const VERSION = [263, 2] as const;
const PREFIX = [345, 155] as const;

/** An archive the reader will not accept: corrupt, truncated, or holding what it refuses. */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

export interface TarEntry {
  readonly name: string;
  /** A view into the archive's bytes, not a copy. */
  readonly data: Uint8Array;
}

export interface TarWriterOptions {
  /** The modification time written for every file; default now. A fixed time makes the archive reproducible. */
  readonly mtime?: Date;
}

/**
 * Writes a ustar archive to `out`, one file at a time: await each add before the next, then
 * finish(), which writes the end-of-archive blocks and ends `out`. If an add rejects, the
 * archive is incomplete and `out` should be destroyed.
 */
export class TarWriter {
  readonly #out: NodeJS.WritableStream;
  readonly #mtime: number;
  readonly #names = new Set<string>();
  #busy = false;
  #finished = false;
  /** The first write error, reported by the next call (writes are not all awaited; see #write). */
  #error: Error | undefined;

  constructor(out: NodeJS.WritableStream, options: TarWriterOptions = {}) {
    const mtime = options.mtime ?? new Date();
    if (!(mtime instanceof Date) || !(mtime.getTime() >= 0)) throw new TypeError('if given, mtime must be a valid Date from 1970 on');
    this.#out = out;
    this.#mtime = Math.floor(mtime.getTime() / 1000);
    // Kept, not thrown: a stream error surfaces as the rejection of the next add or finish
    // instead of crashing the process as an 'error' event nobody listens to.
    out.on('error', (error: Error) => (this.#error ??= error));
  }

  /** Adds a file whose bytes are in memory. */
  async addFile(name: string, data: Uint8Array): Promise<void> {
    if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
    await this.#add(name, data.length, async () => {
      if (data.length > 0) await this.#write(data);
    });
  }

  /**
   * Adds a file streamed from `source`, which must yield exactly `size` bytes: the size goes in
   * the header before the data, so a source that yields more or fewer would corrupt the archive.
   */
  async addStream(name: string, source: AsyncIterable<Uint8Array | string>, size: number): Promise<void> {
    await this.#add(name, size, async () => {
      let written = 0;
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        written += bytes.length;
        if (written > size) throw new RangeError(`${name}: the source yields more than the ${size} bytes declared`);
        await this.#write(bytes);
      }
      if (written < size) throw new RangeError(`${name}: the source ended after ${written} of the ${size} bytes declared`);
    });
  }

  /** Writes the two zero blocks that end an archive, ends `out` and waits until it has flushed. */
  async finish(): Promise<void> {
    this.#enter();
    this.#finished = true;
    await this.#write(new Uint8Array(2 * BLOCK));
    this.#out.end();
    await finished(this.#out);
  }

  async #add(name: string, size: number, writeData: () => Promise<void>): Promise<void> {
    checkEntryName(name, (message) => new TypeError(message));
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_SIZE) throw new RangeError(`size must be an integer in 0..${MAX_SIZE}`);
    if (this.#names.has(name)) throw new TypeError(`${name} is already in the archive`);
    this.#enter();
    this.#busy = true;
    try {
      this.#names.add(name);
      await this.#write(ustarHeader(name, size, this.#mtime));
      await writeData();
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding > 0) await this.#write(new Uint8Array(padding));
    } finally {
      this.#busy = false;
    }
  }

  #enter(): void {
    if (this.#error !== undefined) throw this.#error;
    if (this.#finished) throw new Error('the archive is finished; nothing more can be added');
    if (this.#busy) throw new Error('the previous file is still being written; await each add before the next');
  }

  // Waits only when `out` asks for it (write() returned false), so small writes are buffered;
  // an error from an unawaited write is kept and thrown by the next call.
  async #write(chunk: Uint8Array): Promise<void> {
    if (this.#error !== undefined) throw this.#error;
    await new Promise<void>((resolve, reject) => {
      const ready = this.#out.write(chunk, (error?: Error | null) => {
        if (!error) return resolve();
        this.#error ??= error;
        reject(error); // ignored when already resolved; #error carries it to the next call
      });
      if (ready) resolve();
    });
  }
}

function ustarHeader(name: string, size: number, mtime: number): Uint8Array {
  const header = new Uint8Array(BLOCK);
  header.set(new TextEncoder().encode(name), NAME[0]);
  writeOctal(header, MODE, 0o644);
  writeOctal(header, UID, 0);
  writeOctal(header, GID, 0);
  writeOctal(header, SIZE, size);
  writeOctal(header, MTIME, mtime);
  header[TYPE_FLAG] = REGULAR;
  header.set(new TextEncoder().encode('ustar\0'), MAGIC[0]);
  header.set(new TextEncoder().encode('00'), VERSION[0]);
  // The checksum is written as six octal digits, NUL, space (POSIX), summed with its own field as spaces.
  const sum = checksum(header);
  header.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), CHECKSUM[0]);
  return header;
}

function writeOctal(header: Uint8Array, [offset, length]: readonly [number, number], value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new RangeError(`${value} does not fit a ${length}-byte tar field`);
  header.set(new TextEncoder().encode(`${digits}\0`), offset);
}

/** Sum of the header's bytes with the checksum field counted as eight spaces. */
function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    sum += i >= CHECKSUM[0] && i < CHECKSUM[0] + CHECKSUM[1] ? 0x20 : header[i]!;
  }
  return sum;
}

/**
 * The rule for names, shared by writer and reader: relative, '/'-separated, at most 100 bytes,
 * no '..' segment — so no name can reach outside the folder the archive is unpacked into.
 */
function checkEntryName(name: unknown, fail: (message: string) => Error): asserts name is string {
  if (typeof name !== 'string' || name === '') throw fail('a file name must be a non-empty string');
  if (new TextEncoder().encode(name).length > NAME_BYTES) throw fail(`${name}: a file name must be at most ${NAME_BYTES} bytes`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw fail(`${name}: a file name must not be absolute`);
  if (name.includes('\0')) throw fail(`${name}: a file name must not contain NUL`);
  if (name.split(/[\\/]/).includes('..')) throw fail(`${name}: a file name must not contain a '..' segment`);
  if (name.endsWith('/')) throw fail(`${name}: a file name must not end in '/' (only regular files are supported)`);
}

/** The files of a ustar archive, in archive order. Throws TarFormatError for anything it refuses. */
export function parseTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > bytes.length) throw new TarFormatError('the archive ends without its end-of-archive block; it may be truncated');
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    const { name, size, type } = readHeader(header, offset);
    const start = offset + BLOCK;
    if (start + size > bytes.length) throw new TarFormatError(`${name}: the archive ends inside this file; it is truncated`);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === DIRECTORY) continue; // a folder holds nothing by itself; its files come as their own entries
    if (names.has(name)) throw new TarFormatError(`${name}: appears twice in the archive`);
    names.add(name);
    entries.push({ name, data: bytes.subarray(start, start + size) });
  }
}

/** Reads a ustar archive from its bytes or from a file path. */
export async function readTar(source: Uint8Array | string): Promise<TarEntry[]> {
  return parseTar(typeof source === 'string' ? await readFile(source) : source);
}

function readHeader(header: Uint8Array, offset: number): { name: string; size: number; type: number } {
  const stored = parseOctal(header, CHECKSUM, 'checksum', offset);
  if (stored !== checksum(header)) throw new TarFormatError(`the header at byte ${offset} has a bad checksum; the archive is corrupt`);
  // 'ustar\0' is POSIX; 'ustar ' is GNU tar's older format, whose regular-file headers are the same.
  const magic = new TextDecoder().decode(header.subarray(MAGIC[0], MAGIC[0] + 5));
  if (magic !== 'ustar') throw new TarFormatError(`the header at byte ${offset} is not a ustar header`);
  const prefix = readString(header, PREFIX, offset);
  const name = prefix === '' ? readString(header, NAME, offset) : `${prefix}/${readString(header, NAME, offset)}`;
  const type = header[TYPE_FLAG]!;
  if (type === DIRECTORY) return { name, size: 0, type };
  if (type !== REGULAR && type !== OLD_REGULAR) {
    throw new TarFormatError(`${name}: has tar type '${String.fromCharCode(type)}'; only regular files are supported`);
  }
  checkEntryName(name, (message) => new TarFormatError(message));
  return { name, size: parseOctal(header, SIZE, 'size', offset), type };
}

function readString(header: Uint8Array, [offset, length]: readonly [number, number], at: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(end === -1 ? field : field.subarray(0, end));
  } catch {
    throw new TarFormatError(`the header at byte ${at} has a name that is not UTF-8`);
  }
}

function parseOctal(header: Uint8Array, field: readonly [number, number], what: string, at: number): number {
  // Padded with spaces or NULs by different writers; base-256 sizes (GNU, over 8 GiB) are refused.
  const text = readString(header, field, at).trim();
  if (!/^[0-7]{1,12}$/.test(text)) throw new TarFormatError(`the header at byte ${at} has a malformed ${what} field`);
  return parseInt(text, 8);
}
