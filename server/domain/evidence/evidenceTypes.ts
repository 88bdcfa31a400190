// Which kinds of file the court accepts as evidence, and whether a file's first bytes agree
// with the type it was declared as. A declared type alone is only the uploader's word: a
// browser trusts the file extension, so a renamed executable would otherwise pass as a PDF.
// Pure: no I/O, so the HTTP edge, the store and the tests share one rule.

export const EVIDENCE_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'audio/mpeg',
  'audio/ogg',
  'video/ogg',
  'audio/wav',
  'video/webm',
  'audio/webm',
  'video/mp4',
  'audio/mp4',
  'text/plain',
] as const;

export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** How many leading bytes checkDeclaredType needs to decide; a shorter file is sniffed whole. */
export const SNIFF_BYTES = 512;

export type DeclaredTypeCheck =
  | { ok: true; mediaType: EvidenceMediaType }
  | { ok: false; code: 'UNSUPPORTED_MEDIA_TYPE' | 'CONTENT_TYPE_MISMATCH'; message: string };

interface ContentKind {
  /** Completes "its content is …". */
  readonly description: string;
  readonly matches: (prefix: Uint8Array) => boolean;
}

const PDF: ContentKind = { description: 'a PDF document', matches: (b) => startsWith(b, 0, '%PDF-') };
const PNG: ContentKind = {
  description: 'a PNG image',
  matches: (b) => startsWith(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};
const JPEG: ContentKind = { description: 'a JPEG image', matches: (b) => startsWith(b, 0, [0xff, 0xd8, 0xff]) };
const GIF: ContentKind = {
  description: 'a GIF image',
  matches: (b) => startsWith(b, 0, 'GIF87a') || startsWith(b, 0, 'GIF89a'),
};
const WEBP: ContentKind = { description: 'a WebP image', matches: (b) => isRiff(b, 'WEBP') };
const MPEG_AUDIO: ContentKind = {
  description: 'MPEG audio (MP3)',
  // An ID3 tag, or straight into a frame: 11 set sync bits (0xFFE0 and above).
  matches: (b) => startsWith(b, 0, 'ID3') || (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0),
};
const OGG: ContentKind = { description: 'an Ogg file', matches: (b) => startsWith(b, 0, 'OggS') };
const WAV: ContentKind = { description: 'WAV audio', matches: (b) => isRiff(b, 'WAVE') };
const WEBM: ContentKind = { description: 'a WebM file', matches: (b) => startsWith(b, 0, [0x1a, 0x45, 0xdf, 0xa3]) };
const MP4: ContentKind = { description: 'an MP4 file', matches: (b) => startsWith(b, 4, 'ftyp') };
const TEXT: ContentKind = { description: 'UTF-8 text without NUL bytes', matches: isUtf8Text };

// Ogg, WebM and MP4 containers say nothing at the start about holding sound only or also
// pictures, so either declaration of them is accepted.
const KIND_OF: Readonly<Record<EvidenceMediaType, ContentKind>> = {
  'application/pdf': PDF,
  'image/png': PNG,
  'image/jpeg': JPEG,
  'image/gif': GIF,
  'image/webp': WEBP,
  'audio/mpeg': MPEG_AUDIO,
  'audio/ogg': OGG,
  'video/ogg': OGG,
  'audio/wav': WAV,
  'video/webm': WEBM,
  'audio/webm': WEBM,
  'video/mp4': MP4,
  'audio/mp4': MP4,
  'text/plain': TEXT,
};

// Text is left out: almost any binary prefix that fails the others is also not text, and the
// point of naming a kind is to suggest the right declaration for a binary file.
const BINARY_KINDS: readonly ContentKind[] = [PDF, PNG, JPEG, GIF, WEBP, MPEG_AUDIO, OGG, WAV, WEBM, MP4];

/** `Image/PNG; charset=x` → `image/png`: parameters dropped, lowercased, trimmed. */
export function normaliseMediaType(declared: string): string {
  return declared.split(';', 1)[0]!.trim().toLowerCase();
}

export function isAllowedMediaType(declared: unknown): boolean {
  return typeof declared === 'string' && Object.hasOwn(KIND_OF, normaliseMediaType(declared));
}

/**
 * Checks that `declared` is an accepted evidence type and that `prefix` (the file's first
 * SNIFF_BYTES bytes, or the whole file if shorter) looks like it.
 */
export function checkDeclaredType(declared: unknown, prefix: Uint8Array): DeclaredTypeCheck {
  if (!isAllowedMediaType(declared)) {
    return { ok: false, code: 'UNSUPPORTED_MEDIA_TYPE', message: unsupportedMessage(declared) };
  }
  const mediaType = normaliseMediaType(declared as string) as EvidenceMediaType;
  if (KIND_OF[mediaType].matches(prefix)) return { ok: true, mediaType };
  return { ok: false, code: 'CONTENT_TYPE_MISMATCH', message: mismatchMessage(mediaType, prefix) };
}

function unsupportedMessage(declared: unknown): string {
  const accepted = EVIDENCE_MEDIA_TYPES.join(', ');
  if (typeof declared !== 'string' || normaliseMediaType(declared) === '') {
    return `the upload did not declare its media type; send it with a Content-Type of one of: ${accepted}`;
  }
  return (
    `evidence of type ${JSON.stringify(normaliseMediaType(declared))} is not accepted; ` +
    `convert it to one of ${accepted} and upload it again`
  );
}

function mismatchMessage(mediaType: EvidenceMediaType, prefix: Uint8Array): string {
  const said = `the file was declared ${mediaType} but its content is not ${KIND_OF[mediaType].description}`;
  const actual = BINARY_KINDS.find((kind) => kind.matches(prefix));
  if (actual === undefined) return `${said}; upload the file with its real type`;
  const types = EVIDENCE_MEDIA_TYPES.filter((type) => KIND_OF[type] === actual).join(' or ');
  return `${said} (it looks like ${actual.description}); upload it declared as ${types}`;
}

function startsWith(bytes: Uint8Array, at: number, expected: string | readonly number[]): boolean {
  const codes = typeof expected === 'string' ? Array.from(expected, (c) => c.charCodeAt(0)) : expected;
  if (bytes.length < at + codes.length) return false;
  return codes.every((code, i) => bytes[at + i] === code);
}

/** RIFF containers: "RIFF", a 4-byte length, then the form type. */
function isRiff(bytes: Uint8Array, form: string): boolean {
  return startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, form);
}

function isUtf8Text(prefix: Uint8Array): boolean {
  if (prefix.includes(0)) return false;
  try {
    // stream: true holds back a multibyte character cut off at the end of the prefix instead
    // of calling it malformed; the prefix is usually a slice of a longer file.
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const MAX_NAME_LENGTH = 200;
const MAX_KEPT_EXTENSION = 16;
const FALLBACK_NAME = 'evidence';
// C0 and C1 controls, DEL, and the bidirectional overrides and isolates: the latter let
// "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name safe to offer in Content-Disposition: no folders (either slash), no control or
 * direction-changing characters, no "..", at most 200 characters, never empty.
 */
export function safeDownloadName(original: unknown): string {
  if (typeof original !== 'string') return FALLBACK_NAME;
  const lastPart = original.normalize('NFC').split(/[/\\]/).pop()!;
  const cleaned = trimDotsAndSpaces(lastPart.replace(UNSAFE_CHARACTERS, '').replace(/\.{2,}/g, '.'));
  const name = limitLength(cleaned);
  return name === '' ? FALLBACK_NAME : name;
}

// Leading dots hide a file on Unix; Windows drops trailing dots and spaces itself.
function trimDotsAndSpaces(name: string): string {
  return name.replace(/^[\s.]+|[\s.]+$/g, '');
}

/** Cuts by code points (never halving a surrogate pair) and keeps a short extension. */
function limitLength(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME_LENGTH) return name;
  const dot = chars.lastIndexOf('.');
  const extension = dot > 0 && chars.length - dot <= MAX_KEPT_EXTENSION ? chars.slice(dot) : [];
  const stem = chars.slice(0, MAX_NAME_LENGTH - extension.length).join('');
  return trimDotsAndSpaces(stem) + extension.join('');
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266,
 * RFC 8187). Current browsers use filename*; the fallback is for those that do not.
 */
export function contentDisposition(name: unknown): string {
  const safe = safeDownloadName(name);
  return `attachment; filename="${asciiFallback(safe)}"; filename*=UTF-8''${encodeRfc8187(safe)}`;
}

// Accents are dropped rather than the whole letter (é → e). Quote and backslash would end or
// escape the quoted string, and some agents percent-decode filename, so those become "_" too.
function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/gu, '_');
}

// encodeURIComponent leaves * ' ( ) bare, but RFC 8187's attr-char does not allow them.
function encodeRfc8187(name: string): string {
  return encodeURIComponent(name).replace(/[*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
