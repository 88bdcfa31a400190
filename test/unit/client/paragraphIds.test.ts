// The editor keeps the paragraph ids that link a document's two languages: its schema is the
// shared content model, a new or split block gets a fresh id, the half of a split paragraph
// that keeps its words keeps its link, and text arriving from others is left as they wrote it.
import { splitBlock } from 'prosemirror-commands';
import { Slice, type Node as ProseMirrorNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { BLOCK_NODES, HEADING_LEVELS, INLINE_MARKS, PARAGRAPH_ID_ATTRIBUTE } from '../../../server/domain/documents/documentContent.js';
import { documentSchema, paragraphIdOf } from '../../../client/src/documents/documentSchema.js';
import { newParagraphId, paragraphIdPlugin, paragraphIdRepairs, withoutParagraphIds } from '../../../client/src/documents/paragraphIds.js';

const { paragraph, heading } = documentSchema.nodes;
const p = (pid: string | null, text = '') => paragraph!.create({ pid }, text === '' ? [] : documentSchema.text(text));
const doc = (...blocks: ProseMirrorNode[]) => documentSchema.node('doc', null, blocks);
const pids = (node: ProseMirrorNode) => {
  const ids: Array<string | null> = [];
  node.forEach((block) => ids.push(paragraphIdOf(block)));
  return ids;
};

function counter(): () => string {
  let n = 0;
  return () => `new-${++n}`;
}

describe('the editor schema is the document content model', () => {
  test('its blocks and marks are exactly documentContent.ts’s, and every block carries a pid', () => {
    const blocks = Object.values(documentSchema.nodes).filter((type) => type.isBlock && type.name !== 'doc').map((type) => type.name);
    expect(blocks).toEqual([...BLOCK_NODES]);
    expect(Object.keys(documentSchema.marks)).toEqual([...INLINE_MARKS]);
    for (const name of BLOCK_NODES) expect(documentSchema.nodes[name]!.spec.attrs).toHaveProperty(PARAGRAPH_ID_ATTRIBUTE);
  });

  test('headings come in the levels the model allows', () => {
    for (const level of HEADING_LEVELS) expect(heading!.create({ level, pid: 'a' }).attrs.level).toBe(level);
  });
});

describe('which blocks need a new paragraph id', () => {
  test('a block without one gets one', () => {
    expect(paragraphIdRepairs(doc(p('a', 'one'), p(null, 'two')), counter())).toEqual([{ pos: 5, pid: 'new-1' }]);
  });

  test('blocks with ids of their own keep them', () => {
    expect(paragraphIdRepairs(doc(p('a', 'one'), p('b', 'two')), counter())).toEqual([]);
  });

  test('a paragraph split in the middle: the first part keeps the link, the second gets a fresh id', () => {
    const split = doc(p('a', 'The contract '), p('a', 'was signed.'));
    expect(paragraphIdRepairs(split, counter())).toEqual([{ pos: split.child(0).nodeSize, pid: 'new-1' }]);
  });

  test('Enter at the start of a paragraph: the empty line above gets the fresh id, the words keep their link', () => {
    const split = doc(p('a'), p('a', 'The contract was signed.'));
    expect(paragraphIdRepairs(split, counter())).toEqual([{ pos: 0, pid: 'new-1' }]);
  });

  test('fresh ids are random hex and differ', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newParagraphId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the paragraph-id plugin', () => {
  const stateWith = (content: ProseMirrorNode, at: number) => {
    const state = EditorState.create({ doc: content, plugins: [paragraphIdPlugin(counter())] });
    return state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
  };

  test('pressing Enter in the middle of a linked paragraph gives the new paragraph a fresh id', () => {
    let state = stateWith(doc(p('a', 'The contract was signed.')), 1 + 'The contract '.length);
    splitBlock(state, (tr) => {
      state = state.apply(tr);
    });
    expect(pids(state.doc)).toEqual(['a', 'new-1']);
    expect(state.doc.child(1).textContent).toBe('was signed.');
  });

  test('typing into the empty first paragraph of a new document gives it an id', () => {
    let state = EditorState.create({ schema: documentSchema, plugins: [paragraphIdPlugin(counter())] });
    expect(pids(state.doc)).toEqual([null]);
    state = state.apply(state.tr.insertText('Agreed facts', 1));
    expect(pids(state.doc)).toEqual(['new-1']);
  });

  test('text that arrives from the shared document is not repaired here (its author’s editor does that)', () => {
    let state = stateWith(doc(p('a', 'one')), 1);
    state = state.apply(state.tr.insert(state.doc.content.size, p(null, 'from someone else')).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    expect(pids(state.doc)).toEqual(['a', null]);
  });

  test('pasted blocks lose the ids they came with', () => {
    const pasted = withoutParagraphIds(doc(p('a', 'copied'), heading!.create({ level: 2, pid: 'b' }, documentSchema.text('also'))).content);
    expect(pids(doc(...(pasted.content as unknown as ProseMirrorNode[])))).toEqual([null, null]);
    const slice = new Slice(pasted, 0, 0);
    expect(slice.content.child(1).attrs.level).toBe(2);
  });
});
