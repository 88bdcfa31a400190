// A readable diff between two texts of a document (two versions, or a version and now), per
// language, paragraph by paragraph, computed from what the canonical rendering shows: a
// paragraph is the same paragraph when it keeps its paragraph id (or, without one, the same
// words); it changed when its canonical line differs (its words, its marks or its kind of block).
// Inside a changed paragraph, a word-level diff says what was taken out and put in.
import type { BlockNode } from './documentContent.js';
import { renderBlock } from './canonicalRendering.js';
import { blockText, languageOf, normalizeBlock, type DocumentText, type TextBlock } from './documentText.js';

export type WordOperation = 'equal' | 'insert' | 'delete';

export interface WordChange {
  readonly op: WordOperation;
  readonly text: string;
}

export type ParagraphChange =
  | { readonly status: 'unchanged'; readonly pid: string | null; readonly block: BlockNode; readonly text: string }
  | {
      readonly status: 'changed';
      readonly pid: string | null;
      readonly block: BlockNode;
      readonly before: string;
      readonly after: string;
      /** The words are the same; only the marks or the kind of block changed. */
      readonly formatOnly: boolean;
      readonly words: readonly WordChange[];
    }
  | { readonly status: 'added'; readonly pid: string | null; readonly block: BlockNode; readonly after: string }
  | { readonly status: 'removed'; readonly pid: string | null; readonly block: BlockNode; readonly before: string };

export interface LanguageDiff {
  readonly language: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly paragraphs: readonly ParagraphChange[];
}

/** Above this many cells, sequences are matched by key alone (no ordering search). */
const MAX_LCS_CELLS = 4_000_000;

export function diffDocumentText(before: DocumentText, after: DocumentText, languages: readonly string[]): LanguageDiff[] {
  return languages.map((language) => diffBlocks(language, languageOf(before, language).blocks, languageOf(after, language).blocks));
}

function diffBlocks(language: string, beforeBlocks: readonly TextBlock[], afterBlocks: readonly TextBlock[]): LanguageDiff {
  const before = keyed(beforeBlocks);
  const after = keyed(afterBlocks);
  const beforeByKey = new Map(before.map((entry) => [entry.key, entry.block]));
  const afterKeys = new Set(after.map((entry) => entry.key));
  const paragraphs: ParagraphChange[] = [];
  for (const step of align(before.map((e) => e.key), after.map((e) => e.key))) {
    if (step.op === 'delete') {
      const block = before[step.index]!.block;
      // Moved: reported where it now stands.
      if (!afterKeys.has(before[step.index]!.key)) paragraphs.push({ status: 'removed', pid: block.pid, block: block.type, before: blockText(block) });
      continue;
    }
    const { key, block } = after[step.index]!;
    const previous = beforeByKey.get(key);
    paragraphs.push(previous === undefined ? { status: 'added', pid: block.pid, block: block.type, after: blockText(block) } : compare(previous, block));
  }
  const count = (status: ParagraphChange['status']) => paragraphs.filter((p) => p.status === status).length;
  return { language, added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged'), paragraphs };
}

function compare(before: TextBlock, after: TextBlock): ParagraphChange {
  const textBefore = blockText(before);
  const textAfter = blockText(after);
  if (renderBlock(before) === renderBlock(after)) return { status: 'unchanged', pid: after.pid, block: after.type, text: textAfter };
  return { status: 'changed', pid: after.pid, block: after.type, before: textBefore, after: textAfter, formatOnly: textBefore === textAfter, words: diffWords(textBefore, textAfter) };
}

/** Each block in normal form with its identity: its pid, or its words (and which time they recur). */
function keyed(blocks: readonly TextBlock[]): Array<{ key: string; block: TextBlock }> {
  const seen = new Map<string, number>();
  return blocks.map((raw) => {
    const block = normalizeBlock(raw);
    const base = block.pid === null ? `text:${blockText(block)}` : `pid:${block.pid}`;
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return { key: occurrence === 1 ? base : `${base}#${occurrence}`, block };
  });
}

type Step = { op: 'equal' | 'insert'; index: number } | { op: 'delete'; index: number };

/**
 * An edit script from `a` to `b` by longest common subsequence: deletions (indexes into a) and
 * equals/insertions (indexes into b), in the order a reader meets them.
 */
function align<T>(a: readonly T[], b: readonly T[]): Step[] {
  if (a.length * b.length > MAX_LCS_CELLS) {
    const inB = new Set(b);
    return [...a.flatMap((item, index) => (inB.has(item) ? [] : [{ op: 'delete' as const, index }])), ...b.map((_, index) => ({ op: 'insert' as const, index }))];
  }
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      steps.push({ op: 'equal', index: j });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
      // What was taken out comes before what was put in at the same place.
      steps.push({ op: 'delete', index: i++ });
    } else {
      steps.push({ op: 'insert', index: j++ });
    }
  }
  return steps;
}

/**
 * Words (and the spaces and punctuation between them) taken out and put in. Han, kana and
 * other characters written without spaces count one word per character.
 */
export function diffWords(before: string, after: string): WordChange[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_LCS_CELLS) {
    return [...(before === '' ? [] : [{ op: 'delete' as const, text: before }]), ...(after === '' ? [] : [{ op: 'insert' as const, text: after }])];
  }
  const changes: WordChange[] = [];
  const push = (op: WordOperation, text: string) => {
    const last = changes[changes.length - 1];
    if (last !== undefined && last.op === op) changes[changes.length - 1] = { op, text: last.text + text };
    else changes.push({ op, text });
  };
  for (const step of align(a, b)) push(step.op, step.op === 'delete' ? a[step.index]! : b[step.index]!);
  return changes;
}

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]|[\p{L}\p{M}\p{N}_]+|\s+|./gsu;

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}
