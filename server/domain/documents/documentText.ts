// A document's text as plain data, read out of its Yjs document (server/docs/documentBody.ts)
// along the content model of documentContent.ts: per language, blocks in order, each with its
// paragraph id and runs of text with their marks. The canonical rendering, the diff between
// versions, the templates and the signed exports all work on this, never on Yjs itself.
//
// Normal form (what `normalizeBlock` gives, and so what two equal texts share however Yjs split
// them): runs with the same marks next to each other are one run, empty runs are gone, marks are
// in INLINE_MARKS order, and text is Unicode NFC.
import { HEADING_LEVELS, INLINE_MARKS, type BlockNode, type InlineMark } from './documentContent.js';

export type HeadingLevel = (typeof HEADING_LEVELS)[number];

export interface TextRun {
  readonly text: string;
  /** In INLINE_MARKS order, each once. */
  readonly marks: readonly InlineMark[];
}

export interface TextBlock {
  readonly type: BlockNode;
  /** The paragraph id linking it to its counterpart in the other language; null if it has none. */
  readonly pid: string | null;
  /** Headings only. */
  readonly level?: HeadingLevel;
  readonly runs: readonly TextRun[];
}

export interface LanguageText {
  /** BCP 47 tag, as the document record names it. */
  readonly language: string;
  readonly blocks: readonly TextBlock[];
}

/** The languages in the order of the document record. */
export interface DocumentText {
  readonly languages: readonly LanguageText[];
}

export function blockText(block: TextBlock): string {
  return block.runs.map((run) => run.text).join('');
}

export function headingLevel(value: unknown): HeadingLevel {
  const level = Number(value);
  return (HEADING_LEVELS as readonly number[]).includes(level) ? (level as HeadingLevel) : 1;
}

export function orderedMarks(marks: Iterable<string>): InlineMark[] {
  const present = new Set(marks);
  return INLINE_MARKS.filter((mark) => present.has(mark));
}

/** The block in normal form (see the top of this file). */
export function normalizeBlock(block: TextBlock): TextBlock {
  const runs: TextRun[] = [];
  for (const run of block.runs) {
    if (run.text === '') continue;
    const marks = orderedMarks(run.marks);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.marks.join() === marks.join()) runs[runs.length - 1] = { text: last.text + run.text, marks };
    else runs.push({ text: run.text, marks });
  }
  const pid = typeof block.pid === 'string' && block.pid !== '' ? block.pid : null;
  return {
    type: block.type,
    pid,
    ...(block.type === 'heading' ? { level: headingLevel(block.level) } : {}),
    runs: runs.map((run) => ({ text: run.text.normalize('NFC'), marks: run.marks })),
  };
}

/** The language's text, or an empty one when the document has no text in it yet. */
export function languageOf(text: DocumentText, language: string): LanguageText {
  return text.languages.find((entry) => entry.language === language) ?? { language, blocks: [] };
}
