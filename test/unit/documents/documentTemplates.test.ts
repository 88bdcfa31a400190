// Templates start a document in each of its languages, linked paragraph by paragraph.
import { CourtError } from '../../../server/domain/CourtError.js';
import { templateFor, templateText, TEMPLATE_NAMES } from '../../../server/domain/documents/documentTemplates.js';
import { blockText } from '../../../server/domain/documents/documentText.js';

const context = { title: 'Settlement', caseTitle: 'Zhang v. Silva $&', claimants: ['Zhang Wei'], respondents: ['Ana Silva', 'Silva Lda'] };

test.each(TEMPLATE_NAMES)('the %s template has the same paragraph ids, in the same order, in both languages', (name) => {
  let next = 0;
  const text = templateText(name, ['zh', 'pt-BR'], context, () => `p${next++}`);
  const [zh, pt] = text.languages;
  expect(zh!.blocks.length).toBeGreaterThan(3);
  expect(zh!.blocks.map((b) => b.pid)).toEqual(pt!.blocks.map((b) => b.pid));
  expect(new Set(zh!.blocks.map((b) => b.pid)).size).toBe(zh!.blocks.length);
  expect(zh!.blocks.map((b) => b.type)).toEqual(pt!.blocks.map((b) => b.type));
  expect(blockText(zh!.blocks[0]!)).toBe('Settlement');
  expect(zh!.blocks.some((b) => /[\u4e00-\u9fff]/.test(blockText(b)))).toBe(true);
});

test('names are filled in as written, in each language’s way of listing them', () => {
  const text = templateText('settlement', ['zh', 'en', 'de'], context, () => 'x');
  const second = (i: number) => blockText(text.languages[i]!.blocks[1]!);
  expect(second(0)).toBe('本协议由Zhang Wei（申请人）与Ana Silva、Silva Lda（被申请人）就Zhang v. Silva $&一案订立。');
  expect(second(1)).toBe('Between Zhang Wei (the claimant) and Ana Silva, Silva Lda (the respondent), in the case Zhang v. Silva $&.');
  // A language without its own text starts from the English one.
  expect(second(2)).toBe(second(1));
});

test('true asks for the kind’s own template; a template of another kind is refused, naming the field', () => {
  expect(templateFor('minutes', true)).toBe('minutes');
  expect(templateFor('agreedFacts', 'agreedFacts')).toBe('agreedFacts');
  expect(() => templateFor('minutes', 'settlement')).toThrow(CourtError);
  expect(() => templateFor('minutes', 'settlement')).toThrow(/^body\.template: the settlement template starts a settlement document, not minutes/);
});
