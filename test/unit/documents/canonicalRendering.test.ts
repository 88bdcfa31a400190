// The canonical rendering is the one text a document hash is taken over: the same words always
// give the same bytes, whatever way Yjs split them, and nothing but the words is rendered.
import { createHash } from 'node:crypto';
import { parseCanonical, renderCanonical, RENDERING_FORMAT } from '../../../server/domain/documents/canonicalRendering.js';
import type { DocumentText } from '../../../server/domain/documents/documentText.js';

const head = { id: '7d1b6c1e-0f53-4c7e-9d7a-2f4b7a0c9e11', caseId: '0c6a1f3e-2b7d-4f0a-8e11-5a9c3d2b7e40', kind: 'settlement' as const, title: 'Settlement <draft> & "final"' };

const text: DocumentText = {
  languages: [
    {
      language: 'en',
      blocks: [
        { type: 'heading', pid: 'h1', level: 1, runs: [{ text: 'Terms', marks: [] }] },
        { type: 'paragraph', pid: 'p1', runs: [{ text: 'The respondent ', marks: [] }, { text: 'pays', marks: ['em', 'strong'] }, { text: ' 10,000 EUR & costs.', marks: [] }] },
        { type: 'paragraph', pid: null, runs: [] },
      ],
    },
    { language: 'zh', blocks: [{ type: 'paragraph', pid: 'p1', runs: [{ text: '被申请人支付一万欧元。', marks: [] }] }] },
  ],
};

test('the rendering of a document is exactly the documented format', () => {
  const rendering = renderCanonical(head, text);
  expect(rendering.format).toBe(RENDERING_FORMAT);
  expect(rendering.html).toBe(
    [
      '<!DOCTYPE html>',
      '<html>',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="crosscourt-rendering" content="crosscourt.document-rendering.v1">',
      '<title>Settlement &lt;draft&gt; &amp; "final"</title>',
      '</head>',
      '<body>',
      `<article data-document-id="${head.id}" data-case-id="${head.caseId}" data-kind="settlement">`,
      '<section lang="en">',
      '<h1 data-pid="h1">Terms</h1>',
      '<p data-pid="p1">The respondent <strong><em>pays</em></strong> 10,000 EUR &amp; costs.</p>',
      '<p></p>',
      '</section>',
      '<section lang="zh">',
      '<p data-pid="p1">被申请人支付一万欧元。</p>',
      '</section>',
      '</article>',
      '</body>',
      '</html>',
      '',
    ].join('\n'),
  );
  expect(rendering.sha256).toBe(createHash('sha256').update(rendering.bytes).digest('hex'));
  expect(Buffer.from(rendering.bytes).toString('utf8')).toBe(rendering.html);
});

test('text split into runs differently, or spelled in another Unicode form, renders to the same bytes', () => {
  const split: DocumentText = {
    languages: [
      {
        language: 'pt',
        blocks: [{ type: 'paragraph', pid: 'p', runs: [{ text: 'Cafe\u0301 ', marks: [] }, { text: 'pa', marks: ['strong'] }, { text: '', marks: ['em'] }, { text: 'go', marks: ['strong'] }] }],
      },
    ],
  };
  const whole: DocumentText = { languages: [{ language: 'pt', blocks: [{ type: 'paragraph', pid: 'p', runs: [{ text: 'Café ', marks: [] }, { text: 'pago', marks: ['strong'] }] }] }] };
  expect(renderCanonical(head, split).sha256).toBe(renderCanonical(head, whole).sha256);
  expect(renderCanonical(head, whole).html).toContain('<p data-pid="p">Café <strong>pago</strong></p>');
});

test('a changed word, mark or paragraph id changes the hash', () => {
  const base = renderCanonical(head, text).sha256;
  const edit = (change: (blocks: any[]) => void) => {
    const copy = structuredClone(text) as any;
    change(copy.languages[0].blocks);
    return renderCanonical(head, copy).sha256;
  };
  expect(edit((b) => (b[1].runs[2].text = ' 10,001 EUR & costs.'))).not.toBe(base);
  expect(edit((b) => (b[1].runs[1].marks = ['strong']))).not.toBe(base);
  expect(edit((b) => (b[1].pid = 'p2'))).not.toBe(base);
  expect(edit((b) => (b[0].level = 2))).not.toBe(base);
});

test('control characters are written as character references, so a block stays on one line', () => {
  const html = renderCanonical(head, { languages: [{ language: 'en', blocks: [{ type: 'paragraph', pid: 'a"b', runs: [{ text: 'one\ntwo\u0007', marks: [] }] }] }] }).html;
  expect(html).toContain('<p data-pid="a&quot;b">one&#x0A;two&#x07;</p>');
});

test('parseCanonical reads back what was rendered', () => {
  const parsed = parseCanonical(renderCanonical(head, text).html);
  expect(parsed).toMatchObject({ title: head.title, documentId: head.id, caseId: head.caseId, kind: 'settlement' });
  expect(renderCanonical(head, parsed.text).html).toBe(renderCanonical(head, text).html);
  expect(() => parseCanonical('<html></html>')).toThrow(TypeError);
});
