// The server reads and writes a document's Yjs text exactly as the browser's editor does: the
// editor's own schema (client/src/documents/documentSchema.ts) written through y-prosemirror is
// what readDocumentText reads; what the server writes (templates, restores) y-prosemirror reads
// back as the same blocks, ids and marks.
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { documentSchema } from '../../../client/src/documents/documentSchema.js';
import { bodyFragment, changedParagraphs, contentUpdate, readDocumentText, restoreContent, reviewMap } from '../../../server/docs/documentBody.js';

const { paragraph, heading } = documentSchema.nodes;
const { strong, em } = documentSchema.marks;
const pmDoc = (...blocks: ProseMirrorNode[]) => documentSchema.node('doc', null, blocks);

function editorDoc(): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(
    pmDoc(
      heading!.create({ level: 2, pid: 'h' }, documentSchema.text('Terms')),
      paragraph!.create({ pid: 'p1' }, [documentSchema.text('The respondent '), documentSchema.text('pays', [strong!.create(), em!.create()]), documentSchema.text(' now.')]),
      paragraph!.create({ pid: 'p2' }, documentSchema.text('Costs are shared.')),
    ),
    bodyFragment(doc, 'en'),
  );
  prosemirrorToYXmlFragment(pmDoc(paragraph!.create({ pid: 'p1' }, documentSchema.text('被申请人现在支付。'))), bodyFragment(doc, 'zh'));
  return doc;
}

test('what the editor writes through y-prosemirror reads as blocks with their ids, levels and marks', () => {
  const text = readDocumentText(editorDoc(), ['en', 'zh', 'pt']);
  expect(text.languages[0]!.blocks).toEqual([
    { type: 'heading', pid: 'h', level: 2, runs: [{ text: 'Terms', marks: [] }] },
    {
      type: 'paragraph',
      pid: 'p1',
      runs: [
        { text: 'The respondent ', marks: [] },
        { text: 'pays', marks: ['strong', 'em'] },
        { text: ' now.', marks: [] },
      ],
    },
    { type: 'paragraph', pid: 'p2', runs: [{ text: 'Costs are shared.', marks: [] }] },
  ]);
  expect(text.languages[1]!.blocks).toEqual([{ type: 'paragraph', pid: 'p1', runs: [{ text: '被申请人现在支付。', marks: [] }] }]);
  expect(text.languages[2]).toEqual({ language: 'pt', blocks: [] });
});

test('what the server writes, the editor reads as the same document', () => {
  const source = readDocumentText(editorDoc(), ['en']);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, contentUpdate(source));
  const node = yXmlFragmentToProseMirrorRootNode(bodyFragment(doc, 'en'), documentSchema);
  expect(node.toJSON()).toEqual(yXmlFragmentToProseMirrorRootNode(bodyFragment(editorDoc(), 'en'), documentSchema).toJSON());
  expect(node.child(0).attrs).toEqual({ level: 2, pid: 'h' });
});

test('restoring makes the text the version’s and leaves the blocks that did not change in place', () => {
  const version = editorDoc();
  const live = new Y.Doc();
  Y.applyUpdate(live, Y.encodeStateAsUpdate(version));
  const fragment = bodyFragment(live, 'en');
  const untouched = fragment.get(0) as Y.XmlElement;
  // Since the version: p1 rewritten, p2 deleted, a paragraph added, a review mark set.
  ((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Now ');
  fragment.delete(2, 1);
  const added = new Y.XmlElement('paragraph');
  added.setAttribute('pid', 'p3');
  fragment.insert(2, [added]);
  reviewMap(live).set('zh:p1', { changedIn: 'en', at: '2025-03-14T09:00:00.000Z' });

  live.transact(() => restoreContent(live, version, ['en', 'zh']));
  expect(readDocumentText(live, ['en', 'zh'])).toEqual(readDocumentText(version, ['en', 'zh']));
  expect(fragment.get(0)).toBe(untouched);
  expect([...reviewMap(live).keys()]).toEqual([]);
});

test('the paragraphs a transaction changed are found by id, deleted ones too', () => {
  const doc = editorDoc();
  const found: Array<Array<{ language: string; pid: string }>> = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => found.push(changedParagraphs(transaction, doc, ['en', 'zh'])));
  const en = bodyFragment(doc, 'en');
  ((en.get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'So: ');
  (en.get(0) as Y.XmlElement).setAttribute('level', 3 as unknown as string);
  en.delete(2, 1);
  ((bodyFragment(doc, 'zh').get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { strong: {} });
  reviewMap(doc).set('zh:p1', { changedIn: 'en', at: 'x' });
  expect(found).toEqual([[{ language: 'en', pid: 'p1' }], [{ language: 'en', pid: 'h' }], [{ language: 'en', pid: 'p2' }], [{ language: 'zh', pid: 'p1' }], []]);
});
