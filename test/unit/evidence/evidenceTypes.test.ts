import {
  checkDeclaredType,
  contentDisposition,
  EVIDENCE_MEDIA_TYPES,
  isAllowedMediaType,
  safeDownloadName,
  SNIFF_BYTES,
} from '../../../server/domain/evidence/evidenceTypes.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

const PDF = bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF');
const GIF87 = bytes('GIF87a', [1, 0, 1, 0]);
const GIF89 = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const MP3_ID3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 0]);
const MP3_FRAME = bytes([0xff, 0xfb, 0x90, 0x64, 0, 0]);
const MP3_MPEG2_FRAME = bytes([0xff, 0xe3, 0x18, 0xc4, 0, 0]);
const OGG = bytes('OggS', [0, 2, 0, 0]);
const WAV = bytes('RIFF', [0x24, 0x08, 0, 0], 'WAVEfmt ');
const WEBM = bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
const MP4 = bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]);
const TEXT = new TextEncoder().encode('Statement of claim — 合同第3条 😀\n');
const WINDOWS_EXE = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0]);

describe('only the evidence types the court accepts are accepted', () => {
  test.each([
    ['application/pdf', PDF],
    ['image/png', PNG],
    ['image/jpeg', JPEG],
    ['image/gif', GIF87],
    ['image/gif', GIF89],
    ['image/webp', WEBP],
    ['audio/mpeg', MP3_ID3],
    ['audio/mpeg', MP3_FRAME],
    ['audio/mpeg', MP3_MPEG2_FRAME],
    ['audio/ogg', OGG],
    ['video/ogg', OGG],
    ['audio/wav', WAV],
    ['video/webm', WEBM],
    ['audio/webm', WEBM],
    ['video/mp4', MP4],
    ['audio/mp4', MP4],
    ['text/plain', TEXT],
  ])('a file declared %s whose content is one is accepted', (declared, prefix) => {
    expect(checkDeclaredType(declared, prefix)).toEqual({ ok: true, mediaType: declared });
  });

  test('every listed type has a content check', () => {
    for (const type of EVIDENCE_MEDIA_TYPES) expect(isAllowedMediaType(type)).toBe(true);
  });

  test('a declared type is compared without case or parameters', () => {
    expect(isAllowedMediaType('Text/Plain; charset=UTF-8')).toBe(true);
    expect(checkDeclaredType(' IMAGE/PNG ', PNG)).toEqual({ ok: true, mediaType: 'image/png' });
    expect(checkDeclaredType('text/plain;charset=utf-8', TEXT)).toEqual({ ok: true, mediaType: 'text/plain' });
  });

  test.each(['text/html', 'image/svg+xml', 'application/x-msdownload', 'application/zip', 'application/octet-stream', 'image'])(
    'a file declared %s is refused as an unsupported type, naming the accepted ones',
    (declared) => {
      expect(isAllowedMediaType(declared)).toBe(false);
      const check = checkDeclaredType(declared, TEXT);
      expect(check).toMatchObject({ ok: false, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(!check.ok && check.message).toContain(`"${declared}" is not accepted`);
      expect(!check.ok && check.message).toContain('application/pdf, image/png');
    },
  );

  test.each([[''], ['  ; charset=utf-8'], [undefined], [42]])('an upload without a declared type (%p) is told to declare one', (declared) => {
    expect(isAllowedMediaType(declared)).toBe(false);
    const check = checkDeclaredType(declared, PDF);
    expect(check).toMatchObject({ ok: false, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(!check.ok && check.message).toMatch(/did not declare its media type; send it with a Content-Type/);
  });
});

describe('a file must be what it was declared as', () => {
  test('a program declared as a PNG image is refused, saying what to do', () => {
    expect(checkDeclaredType('image/png', WINDOWS_EXE)).toEqual({
      ok: false,
      code: 'CONTENT_TYPE_MISMATCH',
      message: 'the file was declared image/png but its content is not a PNG image; upload the file with its real type',
    });
  });

  test('a JPEG declared as PNG is refused with the type it should have been declared as', () => {
    const check = checkDeclaredType('image/png', JPEG);
    expect(check).toMatchObject({ ok: false, code: 'CONTENT_TYPE_MISMATCH' });
    expect(!check.ok && check.message).toBe(
      'the file was declared image/png but its content is not a PNG image (it looks like a JPEG image); upload it declared as image/jpeg',
    );
  });

  test('a container that may hold sound or pictures suggests both declarations', () => {
    const check = checkDeclaredType('text/plain', MP4);
    expect(!check.ok && check.message).toMatch(/upload it declared as video\/mp4 or audio\/mp4$/);
  });

  test.each([
    ['application/pdf', PNG],
    ['image/jpeg', PNG],
    ['image/gif', bytes('GIF88a')],
    ['image/webp', WAV],
    ['audio/wav', WEBP],
    ['audio/mpeg', JPEG], // FF D8: a JPEG's first bytes are not an MPEG frame sync
    ['audio/ogg', WEBM],
    ['video/webm', OGG],
    ['video/mp4', bytes([0, 0, 0, 0x20], 'moov')],
    ['application/pdf', bytes('%PD')], // too short to hold the signature
    ['audio/wav', bytes('RIFF')],
    ['image/png', new Uint8Array()],
  ])('content that is not %s is refused as a mismatch', (declared, prefix) => {
    expect(checkDeclaredType(declared, prefix)).toMatchObject({ ok: false, code: 'CONTENT_TYPE_MISMATCH' });
  });
});

describe('plain text must be UTF-8 without NUL bytes', () => {
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
  const join = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

  test('text holding a NUL byte is refused', () => {
    expect(checkDeclaredType('text/plain', join(utf8('minutes'), Uint8Array.of(0), utf8('more')))).toMatchObject({ ok: false, code: 'CONTENT_TYPE_MISMATCH' });
  });

  test('bytes that are not UTF-8 are refused', () => {
    expect(checkDeclaredType('text/plain', bytes('caf', [0xe9], ' au lait'))).toMatchObject({ ok: false }); // Latin-1 é
    expect(checkDeclaredType('text/plain', bytes('a', [0xc3, 0x28]))).toMatchObject({ ok: false });
    expect(checkDeclaredType('text/plain', PDF)).toMatchObject({ ok: false });
  });

  test('a prefix cut in the middle of a multibyte character is still text', () => {
    const full = utf8('x'.repeat(SNIFF_BYTES - 2) + '合同');
    expect(checkDeclaredType('text/plain', full.subarray(0, SNIFF_BYTES))).toEqual({ ok: true, mediaType: 'text/plain' });
    const emoji = utf8('ok 😀');
    expect(checkDeclaredType('text/plain', emoji.subarray(0, emoji.length - 1))).toMatchObject({ ok: true });
  });

  test('a cut-off ending that could never become a character is refused', () => {
    // E0 must be followed by A0–BF; E0 80 starts an overlong form whatever comes next.
    expect(checkDeclaredType('text/plain', bytes('abc', [0xe0, 0x80]))).toMatchObject({ ok: false });
  });

  test('a byte-order mark does not stop text being text', () => {
    expect(checkDeclaredType('text/plain', join(Uint8Array.of(0xef, 0xbb, 0xbf), utf8('claim')))).toMatchObject({ ok: true });
  });
});

describe('a download name can never reach outside the file it names', () => {
  test.each([
    ['合同 第2版.pdf', '合同 第2版.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\counsel\\claim.pdf', 'claim.pdf'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['evidence/photos/', 'evidence'],
    ['..', 'evidence'],
    ['.', 'evidence'],
    ['', 'evidence'],
    ['   ', 'evidence'],
    ['claim\r\nSet-Cookie: a=b.pdf', 'claimSet-Cookie: a=b.pdf'],
    ['tab\there\u0000\u007f\u0085.txt', 'tabhere.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['report..final.pdf', 'report.final.pdf'],
    ['...hidden', 'hidden'],
    ['trailing. . ', 'trailing'],
  ])('%p is offered as %p', (original, expected) => {
    expect(safeDownloadName(original)).toBe(expected);
  });

  test('a name that is not text falls back to "evidence"', () => {
    expect(safeDownloadName(undefined)).toBe('evidence');
    expect(safeDownloadName(42)).toBe('evidence');
  });

  test('a long name is cut to 200 characters keeping its extension', () => {
    const name = safeDownloadName(`${'a'.repeat(300)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('a.pdf')).toBe(true);
    expect(safeDownloadName('x'.repeat(500))).toBe('x'.repeat(200));
  });

  test('cutting a long name never splits a character in two', () => {
    const name = safeDownloadName('😀'.repeat(250));
    expect(Array.from(name)).toHaveLength(200);
    expect(() => encodeURIComponent(name)).not.toThrow(); // throws on a lone surrogate
  });
});

describe('Content-Disposition offers the name to every browser (RFC 6266, RFC 8187)', () => {
  test('an ASCII name appears in both forms', () => {
    expect(contentDisposition('claim.pdf')).toBe(`attachment; filename="claim.pdf"; filename*=UTF-8''claim.pdf`);
  });

  test('a non-ASCII name is percent-encoded UTF-8, with an ASCII stand-in', () => {
    expect(contentDisposition('合同.pdf')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf`);
    expect(contentDisposition('😀.txt')).toBe(`attachment; filename="_.txt"; filename*=UTF-8''%F0%9F%98%80.txt`);
  });

  test('accents are dropped from the stand-in, and quotes and characters RFC 8187 forbids are escaped', () => {
    expect(contentDisposition(`Résumé "final" (1)'s 100%*.pdf`)).toBe(
      `attachment; filename="Resume _final_ (1)'s 100_*.pdf"; ` +
        `filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%281%29%27s%20100%25%2A.pdf`,
    );
  });

  test('a name cannot add a header or a folder', () => {
    const header = contentDisposition('../x\r\nLocation: http://evil\\a.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`);
  });
});
