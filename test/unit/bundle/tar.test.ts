import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parseTar, readTar, TarFormatError, TarWriter } from '../../../server/bundle/tar.js';

const MTIME = new Date('2025-03-20T08:00:00.000Z');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const files: Array<[string, Uint8Array]> = [
  ['case.json', encode('{"format":"crosscourt.case-bundle.v1"}\n')],
  ['evidence/empty', new Uint8Array(0)],
  ['evidence/one-block', Uint8Array.from({ length: 512 }, (_, i) => i % 251)],
  ['evidence/' + 'n'.repeat(91), encode('a name of exactly 100 bytes')],
];
const streamed = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);

/** Runs `write` against a TarWriter whose output is collected in memory. */
async function archive(write: (tar: TarWriter) => Promise<void>, out = collector()): Promise<Buffer> {
  const tar = new TarWriter(out.stream, { mtime: MTIME });
  await write(tar);
  await tar.finish();
  return Buffer.concat(out.chunks);
}

/** A slow output with a tiny buffer, so the writer must wait for it. */
function collector(): { stream: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { stream, chunks };
}

async function sampleArchive(): Promise<Buffer> {
  return archive(async (tar) => {
    for (const [name, data] of files) await tar.addFile(name, data);
    await tar.addStream('evidence/streamed', Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)]), streamed.length);
  });
}

/** A copy of the archive with the header at `offset` changed and its checksum made right again. */
function patchHeader(archiveBytes: Uint8Array, offset: number, patch: (header: Uint8Array) => void): Uint8Array {
  const copy = Uint8Array.from(archiveBytes);
  const header = copy.subarray(offset, offset + 512);
  patch(header);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.set(encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return copy;
}

function rename(name: string): (header: Uint8Array) => void {
  return (header) => {
    header.fill(0, 0, 100);
    header.set(encode(name), 0);
  };
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'crosscourt-tar-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('an archive written by TarWriter', () => {
  test('reads back file for file, byte for byte, in order', async () => {
    const entries = parseTar(await sampleArchive());
    expect(entries.map((e) => e.name)).toEqual([...files.map(([name]) => name), 'evidence/streamed']);
    for (const [name, data] of [...files, ['evidence/streamed', streamed] as const]) {
      expect(Buffer.from(entries.find((e) => e.name === name)!.data).equals(Buffer.from(data))).toBe(true);
    }
  });

  test('is whole 512-byte blocks and ends with two zero blocks', async () => {
    const bytes = await sampleArchive();
    expect(bytes.length % 512).toBe(0);
    expect(bytes.subarray(bytes.length - 1024).every((b) => b === 0)).toBe(true);
  });

  test('the same files and mtime always give the same archive', async () => {
    expect((await sampleArchive()).equals(await sampleArchive())).toBe(true);
  });

  test('GNU tar unpacks it to the same files, with the given mtime', async () => {
    const path = join(scratch, 'written.tar');
    writeFileSync(path, await sampleArchive());
    const into = join(scratch, 'unpacked');
    mkdirSync(into);
    execFileSync('tar', ['-xf', path, '-C', into]);
    for (const [name, data] of files) expect(readFileSync(join(into, name)).equals(Buffer.from(data))).toBe(true);
    expect(readFileSync(join(into, 'evidence/streamed')).equals(Buffer.from(streamed))).toBe(true);
    const listing = execFileSync('tar', ['--utc', '-tvf', path]).toString();
    expect(listing).toMatch(/-rw-r--r-- .* 2025-03-20 08:00 case\.json/);
  });

  test('readTar reads it from a file path', async () => {
    const path = join(scratch, 'by-path.tar');
    writeFileSync(path, await sampleArchive());
    expect((await readTar(path)).map((e) => e.name)).toContain('evidence/streamed');
  });
});

describe('archives made by GNU tar are read', () => {
  test.each(['ustar', 'gnu'])('in %s format, skipping the directory entries', async (format) => {
    const folder = join(scratch, `made-by-tar-${format}`);
    mkdirSync(join(folder, 'evidence'), { recursive: true });
    writeFileSync(join(folder, 'case.json'), '{}\n');
    writeFileSync(join(folder, 'evidence', 'abc'), streamed);
    const path = join(scratch, `made-by-tar-${format}.tar`);
    execFileSync('tar', [`--format=${format}`, '-cf', path, '-C', folder, 'case.json', 'evidence']);
    const entries = await readTar(path);
    expect(entries.map((e) => e.name).sort()).toEqual(['case.json', 'evidence/abc']);
    expect(Buffer.from(entries.find((e) => e.name === 'evidence/abc')!.data).equals(Buffer.from(streamed))).toBe(true);
  });
});

describe('the reader refuses what could escape or deceive', () => {
  test.each(['../case.json', 'evidence/../../etc/passwd', '/etc/passwd', 'evidence\\..\\..\\x'])('a file named %s', async (name) => {
    const bytes = patchHeader(await sampleArchive(), 0, rename(name));
    expect(() => parseTar(bytes)).toThrow(TarFormatError);
    expect(() => parseTar(bytes)).toThrow(/must not (be absolute|contain a '\.\.' segment)/);
  });

  test('a symbolic link', async () => {
    const bytes = patchHeader(await sampleArchive(), 0, (header) => {
      header[156] = 0x32; // '2'
      header.set(encode('/etc/passwd'), 157);
    });
    expect(() => parseTar(bytes)).toThrow(/has tar type '2'; only regular files are supported/);
  });

  test('two files of the same name', async () => {
    const bytes = await archive(async (tar) => {
      await tar.addFile('case.json', encode('{"real":true}'));
      await tar.addFile('case.jsoN', encode('{"real":false}'));
    });
    const duplicated = patchHeader(bytes, 1024, rename('case.json'));
    expect(() => parseTar(duplicated)).toThrow(/case\.json: appears twice/);
  });

  test('a header whose checksum is wrong', async () => {
    const bytes = Uint8Array.from(await sampleArchive());
    bytes[0] = 'C'.charCodeAt(0);
    expect(() => parseTar(bytes)).toThrow(/bad checksum/);
  });

  test('an archive cut short, inside a file or before its end blocks', async () => {
    const bytes = await sampleArchive();
    expect(() => parseTar(bytes.subarray(0, bytes.length - 2048))).toThrow(/truncated/);
    expect(() => parseTar(bytes.subarray(0, bytes.length - 1024))).toThrow(/truncated/);
  });

  test('bytes that are not a tar archive', () => {
    expect(() => parseTar(encode('{"format":"crosscourt.case-bundle.v1"}'.padEnd(600, ' ')))).toThrow(TarFormatError);
  });
});

describe('the writer refuses what it could not write faithfully', () => {
  test.each([
    ['a parent segment', '../outside'],
    ['an absolute name', '/etc/passwd'],
    ['a name over 100 bytes', 'evidence/' + 'x'.repeat(92)],
    ['an empty name', ''],
  ])('%s', async (_what, name) => {
    await expect(archive((tar) => tar.addFile(name, encode('x')))).rejects.toThrow(TypeError);
  });

  test('a stream that yields fewer or more bytes than declared', async () => {
    await expect(archive((tar) => tar.addStream('short', Readable.from([encode('abc')]), 4))).rejects.toThrow(/ended after 3 of the 4 bytes/);
    await expect(archive((tar) => tar.addStream('long', Readable.from([encode('abcde')]), 4))).rejects.toThrow(/more than the 4 bytes/);
  });

  test('an output that fails rejects the add instead of crashing the process', async () => {
    const failing = new Writable({ write: (_chunk, _encoding, done) => done(new Error('ENOSPC: no space left on device')) });
    const tar = new TarWriter(failing, { mtime: MTIME });
    await expect(tar.addFile('case.json', encode('{}'))).rejects.toThrow(/ENOSPC/);
    await expect(tar.addFile('other', encode('{}'))).rejects.toThrow(/ENOSPC/);
  });
});
