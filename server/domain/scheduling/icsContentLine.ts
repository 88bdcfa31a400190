// RFC 5545 §3.1 content lines: TEXT escaping, parameter quoting, UTC date-times and folding.
// Calendar programs differ a great deal in what they forgive, so this writes the strict form.

// C0 controls other than tab, and DEL, cannot appear in TEXT (§3.3.11); line breaks are
// escaped before this runs. A lone surrogate has no UTF-8 form.
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000A-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;
const MAX_LINE_OCTETS = 75;

/** TEXT value escaping (§3.3.11): backslash, semicolon, comma, and every newline as \n. */
export function escapeText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(FORBIDDEN_IN_TEXT, '');
}

/**
 * A parameter value (§3.2): quoted when it holds ':', ';' or ','. A double quote or a line
 * break cannot appear even quoted, so they are written with RFC 6868's caret escapes.
 */
export function paramValue(text: string): string {
  const value = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(FORBIDDEN_IN_TEXT, '');
  return /[:;,]/.test(value) ? `"${value}"` : value;
}

/** A DATE-TIME in UTC form (§3.3.5): 20260310T010000Z. */
export function icsUtcDateTime(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Folds a line so no physical line is longer than 75 octets of UTF-8 (§3.1), breaking only
 * between characters. A continuation starts with one space, which counts towards its 75.
 */
export function foldContentLine(line: string): string {
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const character of line) {
    const size = utf8Length(character.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      pieces.push(piece);
      piece = ' ';
      octets = 1;
    }
    piece += character;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}
