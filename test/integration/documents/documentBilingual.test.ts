// Bilingual documents: two language texts linked paragraph by paragraph. A paragraph a writer
// changes in one language marks its counterpart for review in the other; the mark is the
// court's own update — stored, relayed to every real y-websocket client — and editing the
// marked paragraph clears it. The marks are readable over REST too.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { waitFor } from '../../helpers/courtHarness.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { documentSuite } from './documentSuite.js';
import { appendParagraph, blocksOf, reviewOf, typeInto } from '../../helpers/documentContent.js';

const suite = documentSuite();
const { peer } = suite;
let server: RunningCourtServer;
let seeded: SeededCase;
beforeAll(() => ({ server, seeded } = suite));

async function open(kind: 'agreedFacts' | 'settlement', languages: string[]): Promise<{ id: string; pids: string[] }> {
  const as = kind === 'settlement' ? seeded.as.mediator : seeded.as.claimant;
  const document = await as.ok(as.post(`/cases/${seeded.caseId}/documents`, { kind, title: 'Text', languages, template: true }));
  const doc = await server.court.documents.storedDoc(document.id);
  const pids = blocksOf(doc, languages[0]!).map((b) => b.pid!);
  doc.destroy();
  return { id: document.id, pids };
}

async function storedReview(documentId: string): Promise<Record<string, unknown>> {
  const doc = await server.court.documents.storedDoc(documentId);
  const review = reviewOf(doc);
  doc.destroy();
  return review;
}

test('a paragraph changed in Chinese is marked for review in Portuguese: stored, relayed, and on REST with both texts', async () => {
  const { id, pids } = await open('settlement', ['zh', 'pt']);
  const terms = pids[3]!;
  const claimant = await peer(id, 'claimant');
  const respondent = await peer(id, 'respondent');
  typeInto(claimant.doc, 'zh', terms, '金额为一万欧元。');

  await waitFor(() => reviewOf(respondent.doc)[`pt:${terms}`] !== undefined, 'the review mark to reach the other writer');
  expect(reviewOf(respondent.doc)).toEqual({ [`pt:${terms}`]: { changedIn: 'zh', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) } });
  await waitFor(() => reviewOf(claimant.doc)[`pt:${terms}`] !== undefined, 'the mark to reach the writer who made the change');
  expect(await storedReview(id)).toEqual(reviewOf(respondent.doc));
  const log = await server.court.documents.updateLog(id);
  expect(log.map((item) => item.by)).toContain('court');

  const review = await seeded.as.respondent.ok(seeded.as.respondent.get(`/cases/${seeded.caseId}/documents/${id}/review`));
  expect(review).toEqual({
    documentId: id,
    languages: ['zh', 'pt'],
    marks: [{ language: 'pt', pid: terms, changedIn: 'zh', at: expect.any(String), text: '[O requerido paga … ao requerente até ….]', counterpartText: '【被申请人于……前向申请人支付……。】金额为一万欧元。' }],
  });

  // More typing in the same Chinese paragraph: the mark stands, nothing more is written.
  const before = (await server.court.documents.updateLog(id)).length;
  typeInto(claimant.doc, 'zh', terms, '分两期支付。');
  await waitFor(async () => (await server.court.documents.updateLog(id)).length === before + 1, 'the edit to be stored');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect((await server.court.documents.updateLog(id)).filter((item) => item.by === 'court')).toHaveLength(1);
});

test('editing the marked translation clears its mark, everywhere, and does not mark the original back', async () => {
  const { id, pids } = await open('settlement', ['zh', 'pt']);
  const terms = pids[3]!;
  const claimant = await peer(id, 'claimant');
  const respondent = await peer(id, 'respondent');
  typeInto(claimant.doc, 'zh', terms, '一万欧元。');
  await waitFor(() => reviewOf(respondent.doc)[`pt:${terms}`] !== undefined, 'the mark');

  typeInto(respondent.doc, 'pt', terms, ' Dez mil euros.');
  await waitFor(() => reviewOf(claimant.doc)[`pt:${terms}`] === undefined && reviewOf(respondent.doc)[`pt:${terms}`] === undefined, 'the mark to be cleared for everyone');
  typeInto(respondent.doc, 'pt', terms, ' Em duas prestações.');
  await waitFor(async () => (await server.court.documents.updateLog(id)).some((item, i, all) => i === all.length - 1 && item.by !== 'court'), 'the translator’s edit to be stored');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await storedReview(id)).toEqual({});
  expect(reviewOf(claimant.doc)).toEqual({});
  expect((await seeded.as.claimant.ok(seeded.as.claimant.get(`/cases/${seeded.caseId}/documents/${id}/review`))).marks).toEqual([]);
});

test('the same paragraph changed in both languages at once needs no review; a new paragraph without counterpart marks nothing', async () => {
  const { id, pids } = await open('agreedFacts', ['zh', 'pt']);
  const claimant = await peer(id, 'claimant');
  claimant.doc.transact(() => {
    typeInto(claimant.doc, 'zh', pids[4]!, '合同于三月一日签订。');
    typeInto(claimant.doc, 'pt', pids[4]!, ' O contrato foi assinado a 1 de março.');
  });
  appendParagraph(claimant.doc, 'zh', 'only-in-zh', '新增段落。');
  await waitFor(async () => {
    const doc = await server.court.documents.storedDoc(id);
    const found = blocksOf(doc, 'zh').some((b) => b.pid === 'only-in-zh');
    doc.destroy();
    return found;
  }, 'the edits to be stored');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await storedReview(id)).toEqual({});
  expect((await server.court.documents.updateLog(id)).some((item) => item.by === 'court')).toBe(false);
});

test('a reader’s edit marks nothing, and a document in one language has no review marks', async () => {
  const bilingual = await open('agreedFacts', ['zh', 'pt']);
  const judge = await peer(bilingual.id, 'judge');
  typeInto(judge.doc, 'zh', bilingual.pids[4]!, 'READER');
  await waitFor(() => judge.denials.length > 0, 'the reader to be told');
  const single = await open('agreedFacts', ['zh']);
  const claimant = await peer(single.id, 'claimant');
  typeInto(claimant.doc, 'zh', single.pids[4]!, '单语文件。');
  await waitFor(async () => (await server.court.documents.updateLog(single.id)).length === 2, 'the edit to be stored');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await storedReview(bilingual.id)).toEqual({});
  expect(await storedReview(single.id)).toEqual({});
  expect((await server.court.documents.updateLog(single.id)).map((item) => item.by)).not.toContain('court');
});
