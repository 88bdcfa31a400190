// The diff between two texts of a document, as a reader needs it: per language, paragraph by
// paragraph, following paragraph ids, with the words that changed.
import { diffDocumentText, diffWords } from '../../../server/domain/documents/paragraphDiff.js';
import type { DocumentText, TextBlock } from '../../../server/domain/documents/documentText.js';

const p = (pid: string | null, text: string, marks: Array<'strong' | 'em'> = []): TextBlock => ({ type: 'paragraph', pid, runs: [{ text, marks }] });
const doc = (en: TextBlock[], zh: TextBlock[] = []): DocumentText => ({ languages: [{ language: 'en', blocks: en }, { language: 'zh', blocks: zh }] });

test('added, removed, changed and unchanged paragraphs, in reading order, with counts', () => {
  const before = doc([p('a', 'Terms.'), p('b', 'The respondent pays 10,000 EUR.'), p('c', 'Costs are shared.')]);
  const after = doc([p('a', 'Terms.'), p('b', 'The respondent pays 12,000 EUR.'), p('d', 'Confidentiality applies.')]);
  const [en, zh] = diffDocumentText(before, after, ['en', 'zh']);
  expect(en).toMatchObject({ language: 'en', added: 1, removed: 1, changed: 1, unchanged: 1 });
  expect(en!.paragraphs.map((x) => [x.status, x.pid])).toEqual([
    ['unchanged', 'a'],
    ['changed', 'b'],
    ['removed', 'c'],
    ['added', 'd'],
  ]);
  expect(en!.paragraphs[1]).toMatchObject({
    before: 'The respondent pays 10,000 EUR.',
    after: 'The respondent pays 12,000 EUR.',
    formatOnly: false,
    words: [
      { op: 'equal', text: 'The respondent pays ' },
      { op: 'delete', text: '10' },
      { op: 'insert', text: '12' },
      { op: 'equal', text: ',000 EUR.' },
    ],
  });
  expect(zh).toMatchObject({ language: 'zh', added: 0, removed: 0, changed: 0, unchanged: 0, paragraphs: [] });
});

test('a paragraph that moved is reported once, where it now stands', () => {
  const [en] = diffDocumentText(doc([p('a', 'One.'), p('b', 'Two.'), p('c', 'Three.')]), doc([p('c', 'Three.'), p('a', 'One.'), p('b', 'Two!')]), ['en']);
  expect(en!.paragraphs.map((x) => [x.status, x.pid])).toEqual([
    ['unchanged', 'c'],
    ['unchanged', 'a'],
    ['changed', 'b'],
  ]);
});

test('a change of marks alone is a change of format', () => {
  const [en] = diffDocumentText(doc([p('a', 'Final.')]), doc([p('a', 'Final.', ['strong'])]), ['en']);
  expect(en!.paragraphs[0]).toMatchObject({ status: 'changed', formatOnly: true, before: 'Final.', after: 'Final.' });
});

test('paragraphs without ids are matched by their words', () => {
  const [en] = diffDocumentText(doc([p(null, 'Same.'), p(null, 'Old.')]), doc([p(null, 'Same.'), p(null, 'New.')]), ['en']);
  expect(en!.paragraphs.map((x) => x.status)).toEqual(['unchanged', 'removed', 'added']);
});

test('Chinese is compared character by character', () => {
  expect(diffWords('被申请人支付一万欧元', '被申请人支付两万欧元')).toEqual([
    { op: 'equal', text: '被申请人支付' },
    { op: 'delete', text: '一' },
    { op: 'insert', text: '两' },
    { op: 'equal', text: '万欧元' },
  ]);
});
