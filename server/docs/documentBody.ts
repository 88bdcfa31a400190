// The content model of documentContent.ts, in Yjs: reading a document's text out of its Y.Doc
// (for the canonical rendering, versions and diffs), writing text in (templates), turning one
// text into another as a new edit (restoring a version), finding the paragraphs an edit changed
// (review marks), and the review map itself. Written to match what y-prosemirror stores: a block
// is a Y.XmlElement named for its node with the node's attributes (`pid`, `level`), its text a
// Y.XmlText whose formatting keys are mark names.
import * as Y from 'yjs';
import { BLOCK_NODES, bodyFragmentName, INLINE_MARKS, PARAGRAPH_ID_ATTRIBUTE, REVIEW_MAP, type BlockNode, type ReviewMark } from '../domain/documents/documentContent.js';
import { headingLevel, orderedMarks, type DocumentText, type TextBlock, type TextRun } from '../domain/documents/documentText.js';

export function bodyFragment(doc: Y.Doc, language: string): Y.XmlFragment {
  return doc.getXmlFragment(bodyFragmentName(language));
}

export function reviewMap(doc: Y.Doc): Y.Map<ReviewMark> {
  return doc.getMap<ReviewMark>(REVIEW_MAP);
}

// Reading

export function readDocumentText(doc: Y.Doc, languages: readonly string[]): DocumentText {
  return { languages: languages.map((language) => ({ language, blocks: bodyFragment(doc, language).toArray().flatMap(readBlock) })) };
}

/** A block of the body; text directly in the body reads as a paragraph without an id. */
function readBlock(node: Y.XmlElement | Y.XmlText | Y.XmlHook): TextBlock[] {
  if (node instanceof Y.XmlText) return [{ type: 'paragraph', pid: null, runs: textRuns(node) }];
  if (!(node instanceof Y.XmlElement)) return [];
  const type: BlockNode = (BLOCK_NODES as readonly string[]).includes(node.nodeName) ? (node.nodeName as BlockNode) : 'paragraph';
  return [
    {
      type,
      pid: pidOf(node),
      ...(type === 'heading' ? { level: headingLevel(node.getAttribute('level')) } : {}),
      runs: inlineRuns(node),
    },
  ];
}

/** Text anywhere inside a block; an inline element the model does not know gives its text. */
function inlineRuns(element: Y.XmlElement): TextRun[] {
  return element.toArray().flatMap((child) => (child instanceof Y.XmlText ? textRuns(child) : child instanceof Y.XmlElement ? inlineRuns(child) : []));
}

function textRuns(text: Y.XmlText): TextRun[] {
  return (text.toDelta() as DeltaOperation[]).flatMap((op) =>
    typeof op.insert === 'string' ? [{ text: op.insert, marks: orderedMarks(Object.keys(op.attributes ?? {}).filter((mark) => isSet(op.attributes?.[mark]))) }] : [],
  );
}

/** y-prosemirror writes a mark as its attrs object ({} without attrs); null or false is none. */
function isSet(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/** A block's paragraph id, also of a block deleted by the transaction being looked at. */
export function pidOf(element: Y.XmlElement): string | null {
  let value: unknown;
  if (element._item?.deleted) {
    const content = element._map.get(PARAGRAPH_ID_ATTRIBUTE)?.content.getContent();
    value = content?.[content.length - 1];
  } else {
    value = element.getAttribute(PARAGRAPH_ID_ATTRIBUTE);
  }
  return typeof value === 'string' && value !== '' ? value : null;
}

export function hasParagraph(doc: Y.Doc, language: string, pid: string): boolean {
  return bodyFragment(doc, language)
    .toArray()
    .some((node) => node instanceof Y.XmlElement && pidOf(node) === pid);
}

export function reviewMarks(doc: Y.Doc): Map<string, ReviewMark> {
  return new Map(reviewMap(doc).entries());
}

// Writing

/** One Yjs update that writes `text` into a fresh document: each block with its pid. */
export function contentUpdate(text: DocumentText): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const language of text.languages) bodyFragment(doc, language.language).insert(0, language.blocks.map(blockElement));
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function blockElement(block: TextBlock): Y.XmlElement {
  const element = new Y.XmlElement(block.type);
  if (block.pid !== null) element.setAttribute(PARAGRAPH_ID_ATTRIBUTE, block.pid);
  // A number, as ProseMirror's heading node keeps it.
  if (block.type === 'heading') element.setAttribute('level', (block.level ?? 1) as unknown as string);
  const text = new Y.XmlText();
  let at = 0;
  for (const run of block.runs) {
    text.insert(at, run.text, Object.fromEntries(run.marks.filter((mark) => INLINE_MARKS.includes(mark)).map((mark) => [mark, {}])));
    at += run.text.length;
  }
  element.insert(0, [text]);
  return element;
}

/**
 * Makes every language body and the review map of `target` what they are in `source`, touching
 * only the blocks that differ (the others, and anyone's cursor in them, stay where they are).
 */
export function restoreContent(target: Y.Doc, source: Y.Doc, languages: readonly string[]): void {
  for (const language of languages) restoreFragment(bodyFragment(target, language), bodyFragment(source, language).toArray().map(readRaw));
  const wanted = reviewMarks(source);
  const review = reviewMap(target);
  for (const key of [...review.keys()]) if (!wanted.has(key)) review.delete(key);
  for (const [key, mark] of wanted) if (JSON.stringify(review.get(key)) !== JSON.stringify(mark)) review.set(key, mark);
}

function restoreFragment(fragment: Y.XmlFragment, wanted: RawNode[]): void {
  const current = fragment.toArray().map(readRaw);
  const currentKeys = current.map(rawKey);
  const wantedKeys = wanted.map(rawKey);
  const matches = commonBlocks(currentKeys, wantedKeys);
  let position = 0;
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [current.length, wanted.length] as const]) {
    if (mi > i) fragment.delete(position, mi - i);
    if (mj > j) {
      fragment.insert(position, wanted.slice(j, mj).map(createNode));
      position += mj - j;
    }
    position += 1;
    i = mi + 1;
    j = mj + 1;
  }
}

/** Index pairs of the longest common subsequence of two key lists. */
function commonBlocks(a: readonly string[], b: readonly string[]): Array<readonly [number, number]> {
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

// Exactly what Yjs holds (every attribute, every formatting key), so a restore gives back what
// the editor wrote, not only what the model reads.
type DeltaOperation = { insert: unknown; attributes?: Record<string, unknown> };
type RawNode = { readonly element: string; readonly attributes: Record<string, unknown>; readonly children: RawNode[] } | { readonly delta: DeltaOperation[] };

function readRaw(node: Y.XmlElement | Y.XmlText | Y.XmlHook): RawNode {
  if (node instanceof Y.XmlText) return { delta: node.toDelta() as DeltaOperation[] };
  if (node instanceof Y.XmlElement) {
    const attributes = node.getAttributes() as Record<string, unknown>;
    const sorted = Object.fromEntries(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
    return { element: node.nodeName, attributes: sorted, children: node.toArray().map(readRaw) };
  }
  return { delta: [] };
}

function rawKey(node: RawNode): string {
  return JSON.stringify(node);
}

function createNode(raw: RawNode): Y.XmlElement | Y.XmlText {
  if ('delta' in raw) {
    const text = new Y.XmlText();
    text.applyDelta(raw.delta);
    return text;
  }
  const element = new Y.XmlElement(raw.element);
  for (const [key, value] of Object.entries(raw.attributes)) element.setAttribute(key, value as string);
  element.insert(0, raw.children.map(createNode));
  return element;
}

// Which paragraphs an edit changed

export interface ChangedParagraph {
  readonly language: string;
  readonly pid: string;
}

/**
 * The paragraphs (with an id) a transaction changed in each language body: text or attributes
 * inside a block, and blocks inserted or deleted. Call it while the transaction is being
 * cleaned up (the document's 'afterTransaction'), when deleted blocks can still be read.
 */
export function changedParagraphs(transaction: Y.Transaction, doc: Y.Doc, languages: readonly string[]): ChangedParagraph[] {
  const changed = new Map<string, ChangedParagraph>();
  const note = (language: string, pid: string | null) => {
    if (pid !== null) changed.set(`${language}:${pid}`, { language, pid });
  };
  for (const language of languages) {
    const fragment = doc.share.get(bodyFragmentName(language));
    const events = fragment === undefined ? undefined : transaction.changedParentTypes.get(fragment as Y.AbstractType<Y.YEvent<any>>);
    for (const event of events ?? []) {
      if (event.target === fragment) {
        for (const item of [...event.changes.added, ...event.changes.deleted]) {
          if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) note(language, pidOf(item.content.type));
        }
        continue;
      }
      const block = blockAround(event.target, fragment!);
      if (block !== undefined) note(language, pidOf(block));
    }
  }
  return [...changed.values()];
}

function blockAround(type: Y.AbstractType<any>, fragment: Y.AbstractType<any>): Y.XmlElement | undefined {
  let current: Y.AbstractType<any> = type;
  while (current._item !== null && current._item.parent !== fragment) current = current._item.parent as Y.AbstractType<any>;
  return current._item !== null && current instanceof Y.XmlElement ? current : undefined;
}
