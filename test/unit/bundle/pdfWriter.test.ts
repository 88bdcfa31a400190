// The minimal PDF writer: a well-formed file (every cross-reference points at its object), Latin
// text in the standard fonts, Chinese in Adobe's predefined CJK font, and the same input gives
// the same bytes.
import { fontFor, textWidth, writePdf } from '../../../server/bundle/pdfWriter.js';

const pages = [
  {
    texts: [
      { x: 56, y: 780, font: 'bold' as const, size: 16, text: 'Settlement (final) \\ 100%' },
      { x: 56, y: 760, font: 'regular' as const, size: 10, text: 'Ação – “São Paulo” €5' },
      { x: 56, y: 740, font: 'cjk' as const, size: 10, text: '被申请人' },
    ],
    rules: [{ x1: 56, y1: 730, x2: 539, y2: 730 }],
  },
  { texts: [{ x: 56, y: 780, font: 'mono' as const, size: 8, text: 'ab'.repeat(32) }] },
];
const info = { title: '和解协议 Settlement', created: new Date('2025-03-14T09:26:53.589Z') };

test('every object the cross-reference table names starts at its offset, and the trailer points at the table', () => {
  const pdf = Buffer.from(writePdf(pages, info));
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.7\n')).toBe(true);
  expect(text.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
  const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(startxref))!;
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n \n/gm)].map((m) => Number(m[1]));
  expect(offsets).toHaveLength(Number(count) - 1);
  offsets.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  expect(text).toContain('/Count 2');
  for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = match.index! + match[0].length;
    expect(text.slice(start + Number(match[1]), start + Number(match[1]) + 10)).toBe('\nendstream');
  }
});

test('text is encoded for its font: escaped WinAnsi for Helvetica, UTF-16 for the CJK font', () => {
  const text = Buffer.from(writePdf(pages, info)).toString('latin1');
  expect(text).toContain('(Settlement \\(final\\) \\\\ 100%) Tj');
  expect(text).toContain('(A\\347\\343o \\226 \\223S\\343o Paulo\\224 \\2005) Tj');
  expect(text).toContain('<88AB75338BF74EBA> Tj');
  expect(text).toContain('/BaseFont /STSong-Light /Encoding /UniGB-UTF16-H');
  expect(text).toContain('/Title <FEFF548C89E3534F8BAE00200053006500740074006C0065006D0065006E0074>');
});

test('the same pages give the same bytes', () => {
  expect(Buffer.from(writePdf(pages, info)).equals(Buffer.from(writePdf(pages, info)))).toBe(true);
});

test('characters the standard fonts lack go to the CJK font; widths follow the fonts', () => {
  expect(fontFor('a', 'regular')).toBe('regular');
  expect(fontFor('ã', 'bold')).toBe('bold');
  expect(fontFor('中', 'regular')).toBe('cjk');
  expect(textWidth('中文', 'cjk', 10)).toBe(20);
  expect(textWidth('ii', 'regular', 10)).toBeCloseTo(4.44);
  expect(textWidth('00', 'mono', 10)).toBe(12);
});
