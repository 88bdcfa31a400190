// The content model of a document (server/domain/documents/documentContent.ts) as a test client
// edits it: blocks of a language's fragment, found by paragraph id, and their text, changed the
// way y-prosemirror changes them (inside the block's Y.XmlText).
import * as Y from 'yjs';
import { bodyFragmentName, REVIEW_MAP, type ReviewMark } from '../../server/domain/documents/documentContent.js';

export interface BlockSeen {
  readonly pid: string | null;
  readonly type: string;
  readonly text: string;
}

export function blocksOf(doc: Y.Doc, language: string): BlockSeen[] {
  return doc
    .getXmlFragment(bodyFragmentName(language))
    .toArray()
    .map((node) => {
      if (!(node instanceof Y.XmlElement)) return { pid: null, type: '#text', text: node.toString() };
      const pid = node.getAttribute('pid');
      return { pid: typeof pid === 'string' ? pid : null, type: node.nodeName, text: textOf(node) };
    });
}

function textOf(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? (child.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('') : child instanceof Y.XmlElement ? textOf(child) : ''))
    .join('');
}

export function paragraphText(doc: Y.Doc, language: string, pid: string): string | undefined {
  return blocksOf(doc, language).find((block) => block.pid === pid)?.text;
}

function blockElement(doc: Y.Doc, language: string, pid: string): Y.XmlElement {
  const element = doc
    .getXmlFragment(bodyFragmentName(language))
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute('pid') === pid);
  if (element === undefined) throw new Error(`no block ${pid} in ${language}`);
  return element;
}

function textNode(element: Y.XmlElement): Y.XmlText {
  const existing = element.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
  if (existing !== undefined) return existing;
  const text = new Y.XmlText();
  element.insert(element.length, [text]);
  return text;
}

/** Types into a paragraph (at its end unless told where). */
export function typeInto(doc: Y.Doc, language: string, pid: string, text: string, at?: number): void {
  const node = textNode(blockElement(doc, language, pid));
  node.insert(at ?? node.length, text);
}

/** Replaces a paragraph's text, as selecting it all and typing does. */
export function replaceText(doc: Y.Doc, language: string, pid: string, text: string): void {
  doc.transact(() => {
    const node = textNode(blockElement(doc, language, pid));
    node.delete(0, node.length);
    node.insert(0, text);
  });
}

export function appendParagraph(doc: Y.Doc, language: string, pid: string, text: string): void {
  const element = new Y.XmlElement('paragraph');
  element.setAttribute('pid', pid);
  const node = new Y.XmlText();
  node.insert(0, text);
  element.insert(0, [node]);
  const fragment = doc.getXmlFragment(bodyFragmentName(language));
  fragment.insert(fragment.length, [element]);
}

export function reviewOf(doc: Y.Doc): Record<string, ReviewMark> {
  return Object.fromEntries(doc.getMap<ReviewMark>(REVIEW_MAP).entries());
}

/** All of a language's text, paragraph per line. */
export function languageText(doc: Y.Doc, language: string): string {
  return blocksOf(doc, language)
    .map((block) => block.text)
    .join('\n');
}
