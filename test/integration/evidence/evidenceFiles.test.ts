// The evidence folder on real files in a temporary directory.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EvidenceFileError, EvidenceFiles, type EvidenceSource } from '../../../server/evidence/EvidenceFiles.js';

const MiB = 1024 * 1024;
const PDF_HEAD = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');

/** A PDF-looking file of `size` bytes whose content depends on `seed`. */
function pdfBytes(size: number, seed = 1): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = (i * 31 + seed * 7) & 0xff;
  PDF_HEAD.copy(body, 0, 0, Math.min(size, PDF_HEAD.length));
  return body;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Yields `data` in chunks of `chunkSize` bytes. */
async function* chunked(data: Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += chunkSize) yield data.subarray(at, at + chunkSize);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

let dir = '';
let files: EvidenceFiles;

/** Every file under the folder, as relative paths, .incoming included. */
async function everything(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscourt-evidence-'));
  files = await EvidenceFiles.open(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an exhibit is stored once under its SHA-256', () => {
  test('an upload is stored under its hash with its size and checked type', async () => {
    const data = pdfBytes(300 * 1024);
    const stored = await files.ingest(chunked(data), { maxBytes: MiB, declaredType: 'application/pdf', expectedBytes: data.length });
    expect(stored).toEqual({ sha256: sha256(data), size: data.length, mediaType: 'application/pdf', alreadyStored: false });
    expect(files.path(stored.sha256)).toBe(join(dir, stored.sha256.slice(0, 2), stored.sha256));
    expect(Buffer.compare(await readFile(files.path(stored.sha256)), data)).toBe(0);
    expect(await files.has(stored.sha256)).toBe(true);
    expect(await files.size(stored.sha256)).toBe(data.length);
    expect(await readdir(join(dir, '.incoming'))).toEqual([]);
  });

  test('the same bytes filed twice are stored once', async () => {
    const data = pdfBytes(10_000);
    const first = await files.ingest(chunked(data), { maxBytes: MiB, declaredType: 'application/pdf' });
    const second = await files.ingest(chunked(data, 999), { maxBytes: MiB, declaredType: 'application/pdf' });
    expect(first.alreadyStored).toBe(false);
    expect(second).toEqual({ ...first, alreadyStored: true });
    expect(await everything()).toEqual([join(first.sha256.slice(0, 2), first.sha256)]);
  });

  test('the same bytes filed at the same moment are stored once, and only one filing stores them', async () => {
    const data = pdfBytes(200_000, 3);
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => files.ingest(chunked(data, 4096), { maxBytes: MiB, declaredType: 'application/pdf' })),
    );
    expect(results.filter((result) => !result.alreadyStored)).toHaveLength(1);
    expect(await everything()).toEqual([join(sha256(data).slice(0, 2), sha256(data))]);
  });

  test('a Node stream is accepted as the source, and sniffing spans small chunks', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
    const source = Readable.from(chunked(png, 1));
    const stored = await files.ingest(source, { maxBytes: MiB, declaredType: 'image/png; name=x' });
    expect(stored).toMatchObject({ sha256: sha256(png), size: png.length, mediaType: 'image/png' });
  });

  test('a text file shorter than the sniffed prefix is checked whole', async () => {
    const text = Buffer.from('Witness statement of A. Müller, 3 March.\n', 'utf8');
    expect(await files.ingest(chunked(text), { maxBytes: MiB, declaredType: 'text/plain' })).toMatchObject({ mediaType: 'text/plain', size: text.length });
  });

  test('a stored exhibit is read-only on disk', async () => {
    const { sha256: hash } = await files.ingest(chunked(pdfBytes(100)), { maxBytes: MiB, declaredType: 'application/pdf' });
    expect((await stat(files.path(hash))).mode & 0o222).toBe(0);
  });
});

describe('a refused upload leaves nothing behind', () => {
  test('an upload past the size limit is refused as soon as it passes it, and reading stops', async () => {
    let chunksRead = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield PDF_HEAD;
      for (;;) {
        chunksRead++;
        yield Buffer.alloc(64 * 1024, 1);
      }
    }
    const error = await caught(files.ingest(endless(), { maxBytes: MiB, declaredType: 'application/pdf' }));
    expect(error).toBeInstanceOf(EvidenceFileError);
    expect(error).toMatchObject({ code: 'EVIDENCE_TOO_LARGE', status: 413 });
    expect((error as Error).message).toMatch(/larger than the 1048576 bytes allowed/);
    expect(chunksRead).toBe(16); // the header and 15 full chunks fit; the 16th passes the limit
    expect(await everything()).toEqual([]);
  });

  test('an upload whose announced length is past the limit is refused before it is read', async () => {
    const source = Readable.from(chunked(pdfBytes(100)));
    const error = await caught(files.ingest(source, { maxBytes: 50, declaredType: 'application/pdf', expectedBytes: 100 }));
    expect(error).toMatchObject({ code: 'EVIDENCE_TOO_LARGE', status: 413 });
    expect(source.readableDidRead).toBe(false);
    expect(await everything()).toEqual([]);
  });

  test('an HTTP-like stream refused as too large is not destroyed, so the refusal can still be sent', async () => {
    const source = Readable.from(chunked(pdfBytes(2 * MiB), 64 * 1024));
    await expect(files.ingest(source, { maxBytes: MiB, declaredType: 'application/pdf' })).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
    expect(source.destroyed).toBe(false);
    source.destroy();
  });

  test('an upload that ends before its announced length is refused as truncated', async () => {
    const data = pdfBytes(5000);
    const error = await caught(files.ingest(chunked(data), { maxBytes: MiB, declaredType: 'application/pdf', expectedBytes: 8000 }));
    expect(error).toMatchObject({ code: 'UPLOAD_TRUNCATED', status: 400 });
    expect((error as Error).message).toMatch(/ended after 5000 of the 8000 bytes/);
    expect(await everything()).toEqual([]);
  });

  test('a connection that breaks halfway leaves nothing, and its error reaches the caller', async () => {
    const broken = new Error('aborted');
    const source = new Readable({ read() {} });
    source.push(pdfBytes(100_000));
    setTimeout(() => {
      source.push(Buffer.alloc(50_000));
      source.destroy(broken);
    }, 20);
    await expect(files.ingest(source, { maxBytes: MiB, declaredType: 'application/pdf', expectedBytes: 500_000 })).rejects.toBe(broken);
    expect(await everything()).toEqual([]);
  });

  test('a source that throws halfway leaves nothing', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield pdfBytes(70_000);
      throw new Error('the client went away');
    }
    await expect(files.ingest(failing(), { maxBytes: MiB, declaredType: 'application/pdf' })).rejects.toThrow('the client went away');
    expect(await everything()).toEqual([]);
  });

  test('a file whose content is not its declared type is refused', async () => {
    const error = await caught(files.ingest(chunked(pdfBytes(4000)), { maxBytes: MiB, declaredType: 'image/png' }));
    expect(error).toMatchObject({
      code: 'CONTENT_TYPE_MISMATCH',
      status: 422,
      message: 'the file was declared image/png but its content is not a PNG image (it looks like a PDF document); upload it declared as application/pdf',
    });
    expect(await everything()).toEqual([]);
  });

  test('a type the court does not accept is refused before anything is written', async () => {
    const source = Readable.from(chunked(Buffer.from('<script>alert(1)</script>')));
    const error = await caught(files.ingest(source, { maxBytes: MiB, declaredType: 'text/html' }));
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
    expect(source.readableDidRead).toBe(false);
    expect(await everything()).toEqual([]);
  });

  test('an empty file is refused', async () => {
    await expect(files.ingest(chunked(new Uint8Array()), { maxBytes: MiB, declaredType: 'text/plain' })).rejects.toMatchObject({
      code: 'EVIDENCE_EMPTY',
      status: 422,
    });
    expect(await everything()).toEqual([]);
  });

  test('a source yielding text instead of bytes is refused as a programming error', async () => {
    const source = Readable.from(['%PDF-1.7'], { objectMode: true }) as unknown as EvidenceSource;
    await expect(files.ingest(source, { maxBytes: MiB, declaredType: 'application/pdf' })).rejects.toThrow(TypeError);
    expect(await everything()).toEqual([]);
  });

  test.each([
    [{ maxBytes: 0, declaredType: 'text/plain' }, /maxBytes/],
    [{ maxBytes: 1.5, declaredType: 'text/plain' }, /maxBytes/],
    [{ maxBytes: 10, declaredType: undefined }, /declaredType/],
    [{ maxBytes: 10, declaredType: 'text/plain', expectedBytes: -1 }, /expectedBytes/],
  ])('bad options %p are a TypeError', async (options, message) => {
    const ingest = files.ingest(chunked(Buffer.from('x')), options as never);
    await expect(ingest).rejects.toThrow(TypeError);
    await expect(ingest).rejects.toThrow(message);
  });
});

describe('no name ever escapes the evidence folder', () => {
  test.each([
    ['../x'],
    ['A'.repeat(64)],
    ['ab/'.padEnd(64, '0')],
    [`../${'0'.repeat(61)}`],
    ['0'.repeat(63)],
    ['0'.repeat(65)],
    [`${'0'.repeat(32)}\\${'0'.repeat(31)}`],
    [''],
    [undefined],
  ])('%p is refused', async (name) => {
    expect(() => files.path(name as string)).toThrow(new TypeError('sha256 must be 64 lowercase hex digits'));
    await expect(files.has(name as string)).rejects.toThrow(TypeError);
    expect(() => files.createReadStream(name as string)).toThrow(TypeError);
  });

  test('a hash that is not stored is reported as not found', async () => {
    const missing = '0'.repeat(64);
    expect(await files.has(missing)).toBe(false);
    await expect(files.size(missing)).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND', status: 404 });
    await expect(files.hashOf(missing)).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND', status: 404 });
  });
});

describe('reading an exhibit back', () => {
  const data = pdfBytes(256 * 1024, 9);
  let hash = '';

  beforeEach(async () => {
    ({ sha256: hash } = await files.ingest(chunked(data), { maxBytes: MiB, declaredType: 'application/pdf' }));
  });

  async function read(range?: { start?: number; end?: number }): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of files.createReadStream(hash, range)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  test.each([
    [0, 0],
    [0, 99],
    [100_000, 200_000],
    [data.length - 1, data.length - 1],
    [65_535, 65_536],
  ])('a range read of bytes %i to %i returns exactly those bytes', async (start, end) => {
    expect(Buffer.compare(await read({ start, end }), data.subarray(start, end + 1))).toBe(0);
  });

  test('a read without a range returns the whole file', async () => {
    expect(Buffer.compare(await read(), data)).toBe(0);
  });

  test('an untouched file hashes to its name', async () => {
    expect(await files.hashOf(hash)).toBe(hash);
  });

  test('one flipped byte in the stored file is detected', async () => {
    const path = files.path(hash);
    await chmod(path, 0o640);
    const handle = await open(path, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 123_456);
    byte[0] = byte[0]! ^ 0x01;
    await handle.write(byte, 0, 1, 123_456);
    await handle.close();
    expect(await files.size(hash)).toBe(data.length);
    const actual = await files.hashOf(hash);
    expect(actual).not.toBe(hash);
    expect(actual).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('opening the folder after a crash', () => {
  test('uploads cut short by a crash are removed from .incoming, and stored exhibits are kept', async () => {
    const { sha256: kept } = await files.ingest(chunked(pdfBytes(1000)), { maxBytes: MiB, declaredType: 'application/pdf' });
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await writeFile(join(dir, '.incoming', '5f3a0c.part'), pdfBytes(777));
    await mkdir(join(dir, '.incoming', 'stray'));
    await writeFile(join(dir, '.incoming', 'stray', 'x'), 'x');
    await utimes(join(dir, '.incoming', '5f3a0c.part'), twoHoursAgo, twoHoursAgo);
    await utimes(join(dir, '.incoming', 'stray'), twoHoursAgo, twoHoursAgo);
    await EvidenceFiles.open(dir);
    expect(await readdir(join(dir, '.incoming'))).toEqual([]);
    expect(await everything()).toEqual([join(kept.slice(0, 2), kept)]);
  });

  test("a fresh temp file is another node's upload in progress (a shared folder): opening leaves it alone", async () => {
    await writeFile(join(dir, '.incoming', 'in-progress.part'), pdfBytes(10));
    await EvidenceFiles.open(dir);
    expect(await readdir(join(dir, '.incoming'))).toEqual(['in-progress.part']);
  });

  test('opening creates the folder and its .incoming', async () => {
    const fresh = join(dir, 'nested', 'evidence');
    const opened = await EvidenceFiles.open(fresh);
    expect((await stat(join(fresh, '.incoming'))).isDirectory()).toBe(true);
    const stored = await opened.ingest(chunked(Buffer.from('hello')), { maxBytes: 10, declaredType: 'text/plain' });
    expect(opened.path(stored.sha256).startsWith(fresh)).toBe(true);
  });
});
