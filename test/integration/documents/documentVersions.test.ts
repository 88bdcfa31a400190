// Named versions of a document: saved from what is stored, listed, compared paragraph by
// paragraph (two versions, or a version and now), and restored as a new edit that the server
// stores and relays to every real y-websocket client editing — the history stays.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { waitFor } from '../../helpers/courtHarness.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { documentSuite } from './documentSuite.js';
import { blocksOf, languageText, paragraphText, replaceText, typeInto } from '../../helpers/documentContent.js';

const suite = documentSuite();
const { peer } = suite;
let server: RunningCourtServer;
let seeded: SeededCase;
beforeAll(() => ({ server, seeded } = suite));

const base = (documentId: string) => `/cases/${seeded.caseId}/documents/${documentId}`;

async function agreedFacts(): Promise<{ id: string; pids: string[] }> {
  const document = await seeded.as.claimant.ok(seeded.as.claimant.post(`/cases/${seeded.caseId}/documents`, { kind: 'agreedFacts', title: 'Agreed facts', languages: ['en'], template: true }));
  const stored = await server.court.documents.storedDoc(document.id);
  const pids = blocksOf(stored, 'en').map((b) => b.pid!);
  stored.destroy();
  return { id: document.id, pids };
}

/** Waits until the store holds `text` in the paragraph. */
async function stored(documentId: string, pid: string, text: string): Promise<void> {
  await waitFor(async () => {
    const doc = await server.court.documents.storedDoc(documentId);
    const found = paragraphText(doc, 'en', pid);
    doc.destroy();
    return found === text;
  }, `"${text}" to be stored`);
}

test('versions are saved with who and when, listed oldest first, and a diff shows what changed, paragraph by paragraph and word by word', async () => {
  const { id, pids } = await agreedFacts();
  const fact = pids[4]!; // "1. [First agreed fact.]"
  const claimant = await peer(id, 'claimant');
  replaceText(claimant.doc, 'en', fact, '1. The contract was signed on 1 March.');
  await stored(id, fact, '1. The contract was signed on 1 March.');
  const v1 = await seeded.as.claimant.ok(seeded.as.claimant.post(`${base(id)}/versions`, { name: 'First draft' }));
  expect(v1).toMatchObject({ documentId: id, name: 'First draft', createdBy: `participant:${seeded.participantIds.claimant}`, createdByName: 'Zhang Wei', documentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

  replaceText(claimant.doc, 'en', fact, '1. The contract was signed on 3 March.');
  await stored(id, fact, '1. The contract was signed on 3 March.');
  const v2 = await seeded.as.respondent.ok(seeded.as.respondent.post(`${base(id)}/versions`, { name: 'Respondent’s reading' }));

  const { versions } = await seeded.as.judge.ok(seeded.as.judge.get(`${base(id)}/versions`));
  expect(versions.map((v: any) => [v.name, v.createdByName])).toEqual([
    ['First draft', 'Zhang Wei'],
    ['Respondent’s reading', 'Ana Silva'],
  ]);

  const diff = await seeded.as.judge.ok(seeded.as.judge.get(`${base(id)}/diff?from=${v1.id}&to=${v2.id}`));
  expect(diff.from).toMatchObject({ versionId: v1.id, name: 'First draft' });
  expect(diff.languages).toHaveLength(1);
  expect(diff.languages[0]).toMatchObject({ language: 'en', changed: 1, added: 0, removed: 0 });
  const changed = diff.languages[0].paragraphs.find((p: any) => p.status === 'changed');
  expect(changed).toEqual({
    status: 'changed',
    pid: fact,
    block: 'paragraph',
    before: '1. The contract was signed on 1 March.',
    after: '1. The contract was signed on 3 March.',
    formatOnly: false,
    words: [
      { op: 'equal', text: '1. The contract was signed on ' },
      { op: 'delete', text: '1' },
      { op: 'insert', text: '3' },
      { op: 'equal', text: ' March.' },
    ],
  });

  typeInto(claimant.doc, 'en', pids[5]!, ' Delivery was late.');
  await stored(id, pids[5]!, '2. [Second agreed fact.] Delivery was late.');
  const toNow = await seeded.as.respondent.ok(seeded.as.respondent.get(`${base(id)}/diff?from=${v2.id}`));
  expect(toNow.to).toEqual({ versionId: null, name: 'now', at: null });
  expect(toNow.languages[0].paragraphs.filter((p: any) => p.status !== 'unchanged').map((p: any) => [p.pid, p.after])).toEqual([[pids[5], '2. [Second agreed fact.] Delivery was late.']]);
});

test('restoring a version is a new edit: stored with its author, relayed to every writer, the history kept', async () => {
  const { id, pids } = await agreedFacts();
  const claimant = await peer(id, 'claimant');
  const respondent = await peer(id, 'respondent');
  replaceText(claimant.doc, 'en', pids[4]!, '1. Agreed on Monday.');
  await stored(id, pids[4]!, '1. Agreed on Monday.');
  const monday = await seeded.as.claimant.ok(seeded.as.claimant.post(`${base(id)}/versions`, { name: 'Monday' }));
  const mondayText = languageText(claimant.doc, 'en');

  replaceText(respondent.doc, 'en', pids[4]!, '1. Rewritten on Tuesday.');
  typeInto(respondent.doc, 'en', pids[6]!, ' And more.');
  await stored(id, pids[4]!, '1. Rewritten on Tuesday.');
  await waitFor(() => paragraphText(claimant.doc, 'en', pids[4]!) === '1. Rewritten on Tuesday.', 'the claimant to see Tuesday');
  const before = (await server.court.documents.updateLog(id)).length;

  const restored = await seeded.as.respondent.ok(seeded.as.respondent.post(`${base(id)}/versions/${monday.id}/restore`));
  expect(restored).toMatchObject({ changed: true, version: { id: monday.id, name: 'Monday' } });
  await waitFor(() => languageText(claimant.doc, 'en') === mondayText && languageText(respondent.doc, 'en') === mondayText, 'both writers to see Monday again');

  const log = await server.court.documents.updateLog(id);
  expect(log.length).toBe(before + 1);
  expect(log[log.length - 1]!.by).toBe(`participant:${seeded.participantIds.respondent}`);
  const now = await server.court.documents.storedDoc(id);
  expect(languageText(now, 'en')).toBe(mondayText);
  now.destroy();
  // A writer who joins now sees Monday's text; Tuesday is still in the log.
  expect(languageText((await peer(id, 'counsel')).doc, 'en')).toBe(mondayText);

  // Restoring what is already there changes nothing and stores nothing.
  expect(await seeded.as.claimant.ok(seeded.as.claimant.post(`${base(id)}/versions/${monday.id}/restore`))).toMatchObject({ changed: false });
  expect(await server.court.documents.updateLog(id)).toHaveLength(before + 1);
});

describe('who may, and what is refused', () => {
  let id: string;
  let version: string;
  beforeAll(async () => {
    ({ id } = await agreedFacts());
    version = (await seeded.as.claimant.ok(seeded.as.claimant.post(`${base(id)}/versions`, { name: 'v' }))).id;
  });

  test('a role that reads the document may list and compare versions, but neither save nor restore them', async () => {
    expect((await seeded.as.arbitrator.get(`${base(id)}/versions`)).status).toBe(200);
    expect((await seeded.as.arbitrator.get(`${base(id)}/diff?from=${version}`)).status).toBe(200);
    for (const response of [await seeded.as.judge.post(`${base(id)}/versions`, { name: 'judge' }), await seeded.as.judge.post(`${base(id)}/versions/${version}/restore`)]) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
  });

  test('roles that do not read the document see none of its versions', async () => {
    for (const role of ['mediator', 'witness', 'observer'] as const) {
      const response = await seeded.as[role].get(`${base(id)}/versions`);
      expect([role, response.status, response.body.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
  });

  test('an unknown version, or one of another document, is 404 DOCUMENT_VERSION_NOT_FOUND', async () => {
    const other = await agreedFacts();
    const theirs = (await seeded.as.claimant.ok(seeded.as.claimant.post(`${base(other.id)}/versions`, { name: 'theirs' }))).id;
    for (const response of [
      await seeded.as.claimant.get(`${base(id)}/diff?from=${randomUUID()}`),
      await seeded.as.claimant.get(`${base(id)}/diff?from=${version}&to=${theirs}`),
      await seeded.as.claimant.post(`${base(id)}/versions/${theirs}/restore`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('DOCUMENT_VERSION_NOT_FOUND');
    }
  });

  test.each([
    ['no name', {}, /^body\.name: /],
    ['an empty name', { name: '  ' }, /^body\.name: name is required/],
    ['a name too long', { name: 'x'.repeat(101) }, /^body\.name: name is at most 100 characters/],
    ['a field the API does not know', { name: 'v', state: 'AAAA' }, /^body: .*state/],
  ])('saving with %s is 400 INVALID_PAYLOAD naming the field', async (_what, body, message) => {
    const response = await seeded.as.claimant.post(`${base(id)}/versions`, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_PAYLOAD');
    expect(response.body.detail).toMatch(message);
  });

  test('a diff needs a version to start from', async () => {
    const response = await seeded.as.claimant.get(`${base(id)}/diff`);
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/^query\.from: /);
  });
});
