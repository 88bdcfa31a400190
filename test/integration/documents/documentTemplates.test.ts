// Documents started from the court's templates: the template's text in each of the document's
// languages, linked paragraph by paragraph, is the document's first stored update — what a real
// y-websocket client receives when it connects.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { openPeer } from '../../helpers/documentClient.js';
import { documentSuite } from './documentSuite.js';
import { blocksOf } from '../../helpers/documentContent.js';

const suite = documentSuite();
let server: RunningCourtServer;
let seeded: SeededCase;
beforeAll(() => ({ server, seeded } = suite));

const documents = () => `/cases/${seeded.caseId}/documents`;

test('a bilingual settlement from its template: both languages, the same paragraph ids, the parties named, one stored update by its opener', async () => {
  const document = await seeded.as.mediator.ok(seeded.as.mediator.post(documents(), { kind: 'settlement', title: 'Settlement agreement', languages: ['zh', 'pt'], template: true }));
  expect(document).toMatchObject({ kind: 'settlement', languages: ['zh', 'pt'], template: 'settlement' });
  const log = await server.court.documents.updateLog(document.id);
  expect(log).toHaveLength(1);
  expect(log[0]!.by).toBe(document.createdBy);

  const peer = await openPeer(server, document.id, seeded.as.claimant.token);
  suite.track(peer);
  const zh = blocksOf(peer.doc, 'zh');
  const pt = blocksOf(peer.doc, 'pt');
  expect(zh.length).toBeGreaterThan(5);
  expect(zh.map((b) => [b.type, b.pid])).toEqual(pt.map((b) => [b.type, b.pid]));
  expect(zh.every((b) => typeof b.pid === 'string' && b.pid.length > 0)).toBe(true);
  expect(zh[0]).toMatchObject({ type: 'heading', text: 'Settlement agreement' });
  expect(zh[1]!.text).toContain('Zhang Wei（申请人）与Ana Silva（被申请人）');
  expect(pt[1]!.text).toMatch(/^Entre Zhang Wei \(o requerente\) e Ana Silva \(o requerido\), no processo Zhang v\. Silva .+\.$/);

  const { items } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/timeline`));
  expect(items.find((item: any) => item.type === 'document.created' && item.payload.documentId === document.id).payload).toMatchObject({ template: 'settlement' });
});

test('a template named for its kind, in the language of the proceedings', async () => {
  const document = await seeded.as.claimant.ok(seeded.as.claimant.post(documents(), { kind: 'agreedFacts', title: 'Agreed facts', template: 'agreedFacts' }));
  const peer = await openPeer(server, document.id, seeded.as.respondent.token);
  suite.track(peer);
  expect(document.languages).toEqual(['zh']);
  expect(blocksOf(peer.doc, 'zh').map((b) => b.text)).toContain('无争议事实');
});

test('minutes from their template; without a template a document starts empty', async () => {
  const minutes = await seeded.as.clerk.ok(seeded.as.clerk.post(documents(), { kind: 'minutes', title: 'Minutes of 14 March', languages: ['en'], template: true }));
  const peer = await openPeer(server, minutes.id, seeded.as.judge.token);
  suite.track(peer);
  expect(blocksOf(peer.doc, 'en').map((b) => b.text)).toEqual(expect.arrayContaining(['Minutes of 14 March', 'Present', 'Directions of the court']));
  const empty = await seeded.as.clerk.ok(seeded.as.clerk.post(documents(), { kind: 'minutes', title: 'Blank', template: false }));
  expect(empty.template).toBeUndefined();
  expect(await server.court.documents.updateLog(empty.id)).toEqual([]);
});

test.each([
  ['a template of another kind', { kind: 'minutes', title: 'x', template: 'settlement' }, /^body\.template: the settlement template starts a settlement document, not minutes/],
  ['a template that does not exist', { kind: 'minutes', title: 'x', template: 'judgment' }, /^body\.template: template is true/],
  ['a template that is not a name', { kind: 'minutes', title: 'x', template: 3 }, /^body\.template: /],
])('%s is refused with 400 INVALID_PAYLOAD naming the field, and nothing is opened', async (_what, body, message) => {
  const before = (await seeded.as.clerk.ok(seeded.as.clerk.get(documents()))).documents.length;
  const response = await seeded.as.clerk.post(documents(), body);
  expect(response.status).toBe(400);
  expect(response.body.code).toBe('INVALID_PAYLOAD');
  expect(response.body.detail).toMatch(message);
  expect((await seeded.as.clerk.ok(seeded.as.clerk.get(documents()))).documents).toHaveLength(before);
});
