// The signed export of a locked document as PDF: the locked text (laid out from its canonical
// rendering, language by language), then a signature page with the same lines as the HTML export
// (domain/documents/signedExport.ts). Every page's footer carries the document hash.
import type { ParsedRendering } from '../domain/documents/canonicalRendering.js';
import type { TextBlock } from '../domain/documents/documentText.js';
import { KIND_NAMES } from '../domain/documents/documentKinds.js';
import { signaturePageRows, verificationNote, type SignedExport } from '../domain/documents/signedExport.js';
import { RENDERING_FORMAT } from '../domain/documents/canonicalRendering.js';
import { fontFor, PAGE_HEIGHT, PAGE_WIDTH, textWidth, writePdf, type PdfFont, type PdfPage, type PdfRule, type PdfText } from './pdfWriter.js';

const MARGIN = 56;
const TOP = PAGE_HEIGHT - 64;
const BOTTOM = 72;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

type Style = Exclude<PdfFont, 'cjk'>;

interface Span {
  readonly text: string;
  readonly style: Style;
}

interface Paragraph {
  readonly spans: readonly Span[];
  readonly size: number;
  readonly leading: number;
  readonly spaceAfter: number;
  readonly grey?: number;
  /** Starts a new page. */
  readonly pageBreak?: boolean;
  readonly ruleBefore?: boolean;
}

export function signedDocumentPdf(signed: SignedExport, rendering: ParsedRendering): Uint8Array {
  const { document, lock } = signed;
  const paragraphs: Paragraph[] = [
    plain(`CrossCourt · signed export of ${KIND_NAMES[document.kind]}`, 8.5, { grey: 0.35, spaceAfter: 2 }),
    plain(`Case ${document.caseId} · document ${document.id}`, 8.5, { grey: 0.35, spaceAfter: 10 }),
    { spans: [{ text: document.title, style: 'bold' }], size: 18, leading: 24, spaceAfter: 10 },
  ];
  for (const language of rendering.text.languages) {
    paragraphs.push({ spans: [{ text: `[${language.language}]`, style: 'bold' }], size: 8.5, leading: 12, spaceAfter: 6, grey: 0.35, ruleBefore: true });
    for (const block of language.blocks) paragraphs.push(blockParagraph(block));
  }
  paragraphs.push({ spans: [{ text: 'Signature page', style: 'bold' }], size: 15, leading: 20, spaceAfter: 10, pageBreak: true });
  paragraphs.push(field('Document', `${document.title} (${document.kind}), ${document.id}`));
  paragraphs.push(field(`Document hash (SHA-256 of the canonical rendering, ${RENDERING_FORMAT})`, ''));
  paragraphs.push({ spans: [{ text: lock.documentHash, style: 'mono' }], size: 8.5, leading: 12, spaceAfter: 6 });
  paragraphs.push(field('Locked', `${lock.lockedAt} by ${lock.lockedByName}, ledger entry #${lock.ledgerSeq}`));
  for (const row of signaturePageRows(signed)) {
    paragraphs.push({ spans: [{ text: `${row.name} (${row.role})`, style: 'bold' }], size: 11, leading: 15, spaceAfter: 3, ruleBefore: true });
    if (row.signature === null) {
      paragraphs.push(plain('awaiting signature', 9.5, { spaceAfter: 8 }));
      continue;
    }
    paragraphs.push(field('Signed at', `${row.signedAtUtc} · ${row.signedAtLocal}`));
    paragraphs.push(field('Key fingerprint (SHA-256)', `${row.fingerprint} — ${row.custody}`));
    paragraphs.push(field('Signature (Ed25519)', `ledger entry #${row.ledgerSeq}`));
    paragraphs.push({ spans: [{ text: `${row.signature.slice(0, 64)} ${row.signature.slice(64)}`, style: 'mono' }], size: 8, leading: 11, spaceAfter: 8 });
  }
  paragraphs.push({ ...plain(verificationNote(signed), 8.5, { grey: 0.25, spaceAfter: 0 }), ruleBefore: true });

  const pages = layOut(paragraphs);
  const footer = `${document.title} · document hash ${lock.documentHash.slice(0, 16)}…`;
  const finished: PdfPage[] = pages.map((page, i) => ({
    rules: page.rules,
    texts: [...page.texts, ...lineTexts(spansFor(`${footer} · page ${i + 1} of ${pages.length}`, 'regular'), MARGIN, 40, 7.5, 0.4)],
  }));
  const created = [lock.lockedAt, ...signed.signatures.map((s) => s.signedAt)].sort().pop()!;
  return writePdf(finished, { title: document.title, subject: `signed export; document hash ${lock.documentHash}`, created: new Date(created) });
}

function blockParagraph(block: TextBlock): Paragraph {
  const spans = block.runs.map((run): Span => {
    const strong = run.marks.includes('strong') || block.type === 'heading';
    const em = run.marks.includes('em');
    return { text: run.text, style: strong && em ? 'boldItalic' : strong ? 'bold' : em ? 'italic' : 'regular' };
  });
  if (block.type === 'heading') {
    const size = block.level === 1 ? 16 : block.level === 2 ? 13 : 11.5;
    return { spans, size, leading: size * 1.35, spaceAfter: 6 };
  }
  return { spans, size: 10.5, leading: 14.5, spaceAfter: 7 };
}

function plain(text: string, size: number, options: { grey?: number; spaceAfter: number }): Paragraph {
  return { spans: [{ text, style: 'regular' }], size, leading: size * 1.4, ...options };
}

function field(label: string, value: string): Paragraph {
  return { spans: [{ text: `${label}: `, style: 'bold' }, { text: value, style: 'regular' }], size: 9.5, leading: 13, spaceAfter: 3 };
}

interface LaidPage {
  texts: PdfText[];
  rules: PdfRule[];
}

function layOut(paragraphs: readonly Paragraph[]): LaidPage[] {
  const pages: LaidPage[] = [{ texts: [], rules: [] }];
  let y = TOP;
  const newPage = () => {
    pages.push({ texts: [], rules: [] });
    y = TOP;
  };
  for (const paragraph of paragraphs) {
    if (paragraph.pageBreak === true && pages[pages.length - 1]!.texts.length > 0) newPage();
    if (paragraph.ruleBefore === true) {
      if (y - 10 - paragraph.leading < BOTTOM) newPage();
      else {
        pages[pages.length - 1]!.rules.push({ x1: MARGIN, y1: y - 2, x2: PAGE_WIDTH - MARGIN, y2: y - 2 });
        y -= 10;
      }
    }
    const lines = wrap(paragraph.spans, paragraph.size, WIDTH);
    for (const line of lines) {
      if (y - paragraph.leading < BOTTOM) newPage();
      y -= paragraph.leading;
      pages[pages.length - 1]!.texts.push(...lineTexts(line, MARGIN, y, paragraph.size, paragraph.grey));
    }
    y -= paragraph.spaceAfter;
  }
  return pages;
}

/** A run of characters drawn in one font. */
interface Piece {
  readonly text: string;
  readonly style: Style;
}

function spansFor(text: string, style: Style): Piece[] {
  return [{ text, style }];
}

/** Lines of pieces that fit `width`: broken between words, or inside a word too long for a line. */
function wrap(spans: readonly Span[], size: number, width: number): Piece[][] {
  const words: Piece[] = [];
  for (const span of spans) {
    for (const word of span.text.replace(/[\u0000-\u001f\u007f]/g, ' ').match(/\s+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu) ?? []) {
      words.push({ text: word, style: span.style });
    }
  }
  const lines: Piece[][] = [[]];
  let used = 0;
  for (const word of words) {
    const space = /^\s+$/.test(word.text);
    const line = lines[lines.length - 1]!;
    if (space && line.length === 0) continue;
    const wordWidth = measure(word, size);
    if (used + wordWidth <= width || space) {
      line.push(space ? { text: ' ', style: word.style } : word);
      used += space ? measure({ text: ' ', style: word.style }, size) : wordWidth;
      continue;
    }
    if (line.length > 0) {
      trimEnd(line);
      lines.push([]);
      used = 0;
    }
    for (const character of word.text) {
      const piece = { text: character, style: word.style };
      const w = measure(piece, size);
      if (used + w > width && lines[lines.length - 1]!.length > 0) {
        lines.push([]);
        used = 0;
      }
      lines[lines.length - 1]!.push(piece);
      used += w;
    }
  }
  trimEnd(lines[lines.length - 1]!);
  return lines.filter((line, i) => line.length > 0 || i === 0);
}

function trimEnd(line: Piece[]): void {
  while (line.length > 0 && /^\s+$/.test(line[line.length - 1]!.text)) line.pop();
}

function measure(piece: Piece, size: number): number {
  let width = 0;
  for (const character of piece.text) width += textWidth(character, piece.style === 'mono' ? 'mono' : fontFor(character, piece.style), size);
  return width;
}

/** A line's pieces as positioned texts, one per stretch of characters in the same font. */
function lineTexts(line: readonly Piece[], x: number, y: number, size: number, grey?: number): PdfText[] {
  const texts: PdfText[] = [];
  let cursor = x;
  let run = '';
  let runFont: PdfFont | undefined;
  const flush = () => {
    if (run === '' || runFont === undefined) return;
    texts.push({ x: cursor, y, font: runFont, size, text: run, ...(grey === undefined ? {} : { grey }) });
    cursor += textWidth(run, runFont, size);
    run = '';
  };
  for (const piece of line) {
    for (const character of piece.text) {
      const font = piece.style === 'mono' ? 'mono' : fontFor(character, piece.style);
      if (font !== runFont) {
        flush();
        runFont = font;
      }
      run += character;
    }
  }
  flush();
  return texts;
}
