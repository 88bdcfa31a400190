// The one-range subset of HTTP Range requests (RFC 9110 §14), enough for a browser to seek in
// a recorded hearing or a long PDF. A server may ignore any Range header (§14.2), so anything
// this does not serve as a single range (several ranges, other units, malformed text) falls
// back to the whole file rather than an error.

export type ByteRange = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const FULL: ByteRange = { kind: 'full' };
const UNSATISFIABLE: ByteRange = { kind: 'unsatisfiable' };

// Range unit names are case-insensitive (§14.1); whitespace is allowed around the list items.
const BYTES_UNIT = /^bytes=(.*)$/is;
const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/** `end` is inclusive, as in Content-Range and fs.createReadStream. */
export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (!Number.isSafeInteger(size) || size < 0) throw new TypeError('size must be a non-negative safe integer');
  if (typeof header !== 'string') return FULL;
  const set = BYTES_UNIT.exec(header.trim())?.[1];
  if (set === undefined) return FULL;
  const specs = set.split(',').map((spec) => spec.trim()).filter((spec) => spec !== '');
  if (specs.length !== 1) return FULL;
  return parseSpec(specs[0]!, size);
}

function parseSpec(spec: string, size: number): ByteRange {
  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix !== null) return suffixRange(Number(suffix[1]), size);
  const range = INT_RANGE.exec(spec);
  if (range === null) return FULL;
  const start = Number(range[1]);
  const last = range[2] === '' ? Number.POSITIVE_INFINITY : Number(range[2]);
  if (last < start) return FULL; // an invalid range-spec (§14.1.1), so the header is ignored
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'partial', start, end: Math.min(last, size - 1) };
}

function suffixRange(length: number, size: number): ByteRange {
  if (length === 0) return UNSATISFIABLE;
  // A non-zero suffix of an empty file is satisfiable (§14.1.1) yet selects no bytes, and no
  // Content-Range can name an empty span, so the (empty) whole is sent.
  if (size === 0) return FULL;
  return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
}
