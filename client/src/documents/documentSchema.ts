// The editor's schema: exactly the blocks and marks of a document's Yjs content
// (server/domain/documents/documentContent.ts), so what y-prosemirror writes into a language's
// fragment is what the server's export, review marks and versions read. Node and mark names are
// the Y.XmlElement names and Y.XmlText formatting keys; node attributes are the element's
// attributes (`pid`, and `level` on a heading).
import { Schema, type DOMOutputSpec, type Node as ProseMirrorNode } from 'prosemirror-model';
import { BLOCK_NODES, HEADING_LEVELS, INLINE_MARKS, PARAGRAPH_ID_ATTRIBUTE } from '../../../server/domain/documents/documentContent.js';

export type HeadingLevel = (typeof HEADING_LEVELS)[number];

// A block without an id has `null` (the default): the paragraph-id plugin gives it one on the
// first local edit. A default that drew a random id would make every empty editor differ from
// every other, and y-prosemirror would then write an empty paragraph into the shared text.
const pidAttribute = { [PARAGRAPH_ID_ATTRIBUTE]: { default: null } };

// Structural types for the DOM nodes read here: this module is also loaded by unit tests in Node.
interface ParsedElement {
  getAttribute(name: string): string | null;
  readonly style: { readonly fontWeight: string };
}

const pidOf = (dom: ParsedElement) => ({ [PARAGRAPH_ID_ATTRIBUTE]: dom.getAttribute('data-pid') });
const pidDom = (node: ProseMirrorNode) => (node.attrs[PARAGRAPH_ID_ATTRIBUTE] ? { 'data-pid': String(node.attrs[PARAGRAPH_ID_ATTRIBUTE]) } : {});

function headingLevel(value: unknown): HeadingLevel {
  const level = Number(value);
  return (HEADING_LEVELS as readonly number[]).includes(level) ? (level as HeadingLevel) : 1;
}

export const documentSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      attrs: pidAttribute,
      parseDOM: [{ tag: 'p', getAttrs: (dom) => pidOf(dom as ParsedElement) }],
      toDOM: (node): DOMOutputSpec => ['p', pidDom(node), 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      defining: true,
      attrs: { level: { default: 1 }, ...pidAttribute },
      parseDOM: HEADING_LEVELS.map((level) => ({ tag: `h${level}`, getAttrs: (dom: ParsedElement) => ({ level, ...pidOf(dom) }) })),
      toDOM: (node): DOMOutputSpec => [`h${headingLevel(node.attrs.level)}`, pidDom(node), 0],
    },
    text: { group: 'inline' },
  },
  marks: {
    strong: {
      parseDOM: [{ tag: 'strong' }, { tag: 'b', getAttrs: (dom) => (dom as ParsedElement).style.fontWeight !== 'normal' && null }, { style: 'font-weight=bold' }],
      toDOM: (): DOMOutputSpec => ['strong', 0],
    },
    em: {
      parseDOM: [{ tag: 'em' }, { tag: 'i' }, { style: 'font-style=italic' }],
      toDOM: (): DOMOutputSpec => ['em', 0],
    },
  },
});

// The schema and the shared content model cannot drift apart unnoticed: a block or mark added
// there and not here (or here and not there) fails the unit test that compares them, and this
// check stops the editor rather than write what the server does not know.
const blocks = Object.keys(documentSchema.nodes).filter((name) => documentSchema.nodes[name]!.isBlock && name !== 'doc');
if (blocks.join() !== [...BLOCK_NODES].join() || Object.keys(documentSchema.marks).join() !== [...INLINE_MARKS].join()) {
  throw new Error(`the editor schema (${blocks.join()}; ${Object.keys(documentSchema.marks).join()}) differs from documentContent.ts`);
}

export function paragraphIdOf(node: ProseMirrorNode): string | null {
  const pid: unknown = node.attrs[PARAGRAPH_ID_ATTRIBUTE];
  return typeof pid === 'string' && pid !== '' ? pid : null;
}
