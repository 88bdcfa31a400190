// A minimal PDF 1.7 writer for the court's signed exports: pages of positioned text lines (and
// rules), nothing embedded. Latin text uses the standard Helvetica and Courier fonts
// (WinAnsiEncoding); any character they cannot encode — Chinese, above all — uses Adobe's
// predefined CJK font STSong-Light with the UniGB-UTF16-H CMap (Adobe-GB1), which PDF readers
// supply themselves, so the file stays small and needs no font on the server. Scripts outside
// Adobe-GB1 (Arabic, Devanagari…) would show as missing glyphs.
//
// Deterministic: the same pages and info give the same bytes. Streams are not compressed, so the
// text can be found in the file (tests do).

export type PdfFont = 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono' | 'cjk';

export interface PdfText {
  readonly x: number;
  readonly y: number;
  readonly font: PdfFont;
  readonly size: number;
  readonly text: string;
  /** 0 black … 1 white. */
  readonly grey?: number;
}

export interface PdfRule {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface PdfPage {
  readonly texts: readonly PdfText[];
  readonly rules?: readonly PdfRule[];
}

export interface PdfInfo {
  readonly title: string;
  readonly subject?: string;
  readonly created: Date;
}

/** A4, in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;

const FONT_RESOURCES: Record<PdfFont, string> = { regular: 'F1', bold: 'F2', italic: 'F3', boldItalic: 'F4', mono: 'F5', cjk: 'F6' };

// Helvetica's advance widths (AFM, 1/1000 em) for ASCII 32–126.
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

// Helvetica-Bold's, likewise.
const HELVETICA_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
  611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
  278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

// The characters WinAnsiEncoding places at 0x80–0x9F (elsewhere it is Latin-1).
const WIN_ANSI_EXTRA = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b],
  [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99],
  [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/** The WinAnsi byte of a character, or undefined when the standard fonts cannot show it. */
export function winAnsiByte(character: string): number | undefined {
  const code = character.codePointAt(0)!;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  return WIN_ANSI_EXTRA.get(code);
}

/** The font a character is drawn in, for text of a given style. */
export function fontFor(character: string, style: Exclude<PdfFont, 'cjk'>): PdfFont {
  return winAnsiByte(character) === undefined ? 'cjk' : style;
}

/** Advance width of text in a font at a size, in points. */
export function textWidth(text: string, font: PdfFont, size: number): number {
  let units = 0;
  for (const character of text) units += characterUnits(character, font);
  return (units * size) / 1000;
}

function characterUnits(character: string, font: PdfFont): number {
  const code = character.codePointAt(0)!;
  if (font === 'mono') return 600;
  if (font === 'cjk') return code <= 0x7e ? 500 : 1000;
  // An accented letter is as wide as its base letter; anything else is taken as wide as a digit.
  const base = code >= 32 && code <= 126 ? code : (character.normalize('NFD').codePointAt(0) ?? 0);
  const widths = font === 'bold' || font === 'boldItalic' ? HELVETICA_BOLD : HELVETICA;
  return base >= 32 && base <= 126 ? widths[base - 32]! : 556;
}

export function writePdf(pages: readonly PdfPage[], info: PdfInfo): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const pageIds = pages.map((_, i) => 12 + i * 2);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  for (const name of ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique', 'Courier']) {
    add(`<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`);
  }
  add('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [9 0 R] >>');
  add('<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 10 0 R /DW 1000 /W [1 95 500] >>');
  add('<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 626 /StemV 93 >>');
  add(`<< /Title ${unicodeString(info.title)}${info.subject === undefined ? '' : ` /Subject ${unicodeString(info.subject)}`} /Producer (CrossCourt) /CreationDate (${pdfDate(info.created)}) >>`);
  const fonts = `<< ${Object.values(FONT_RESOURCES).map((name, i) => `/${name} ${i + 3} 0 R`).join(' ')} >>`;
  for (const [i, page] of pages.entries()) {
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font ${fonts} >> /Contents ${pageIds[i]! + 1} 0 R >>`);
    const content = pageContent(page);
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  // Every object is ASCII (strings are escaped), so string length is byte length.
  let pdf = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 11 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

function pageContent(page: PdfPage): string {
  const lines: string[] = [];
  for (const rule of page.rules ?? []) lines.push(`0.5 w ${n(rule.x1)} ${n(rule.y1)} m ${n(rule.x2)} ${n(rule.y2)} l S`);
  for (const text of page.texts) {
    const grey = text.grey === undefined ? '0 g' : `${n(text.grey)} g`;
    lines.push(`BT ${grey} /${FONT_RESOURCES[text.font]} ${n(text.size)} Tf 1 0 0 1 ${n(text.x)} ${n(text.y)} Tm ${encodeText(text.text, text.font)} Tj ET`);
  }
  return lines.join('\n');
}

function encodeText(text: string, font: PdfFont): string {
  if (font === 'cjk') return `<${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
  let literal = '(';
  for (const character of text) {
    const byte = winAnsiByte(character) ?? 0x3f; // "?" — callers choose fonts with fontFor, so this is not reached
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) literal += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) literal += `\\${byte.toString(8).padStart(3, '0')}`;
    else literal += String.fromCharCode(byte);
  }
  return `${literal})`;
}

/** A text string in UTF-16BE with its byte order mark, as hex. */
function unicodeString(text: string): string {
  return `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function n(value: number): string {
  return Number(value.toFixed(2)).toString();
}
