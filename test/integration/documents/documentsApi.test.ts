// The documents of a case over REST: opening one (on the ledger and the timeline), listing what
// you may read, reading one, releasing minutes; who is refused and which bodies are.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { startTestCourt } from '../../helpers/courtHarness.js';
import { seedCase, type SeededCase } from '../../helpers/caseRecordClient.js';

let server: RunningCourtServer;
let seeded: SeededCase;
let stranger: SeededCase;

beforeAll(async () => {
  server = await startTestCourt({}, { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } });
  seeded = await seedCase(server);
  stranger = await seedCase(server);
});

afterAll(async () => {
  await server?.close();
});

const documents = () => `/cases/${seeded.caseId}/documents`;

test('a party opens the statement of agreed facts: 201, on the ledger and the timeline, and they may write it', async () => {
  const response = await seeded.as.claimant.post(documents(), { kind: 'agreedFacts', title: 'Agreed facts', languages: ['zh', 'PT'] });
  expect(response.status).toBe(201);
  const document = response.body;
  expect(document).toMatchObject({
    caseId: seeded.caseId,
    kind: 'agreedFacts',
    title: 'Agreed facts',
    languages: ['zh', 'pt'],
    createdBy: `participant:${seeded.participantIds.claimant}`,
    createdByName: 'Zhang Wei',
    locked: false,
    access: 'write',
    syncPath: `/docs/${document.id}`,
  });
  expect(document.released).toBeUndefined();
  const { items } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/timeline`));
  const entry = items.find((item: any) => item.type === 'document.created' && item.payload.documentId === document.id);
  expect(entry).toMatchObject({ seq: document.ledgerSeq, actorName: 'Zhang Wei', payload: { kind: 'agreedFacts', title: 'Agreed facts', languages: ['zh', 'pt'] } });
  expect(await seeded.as.judge.ok(seeded.as.judge.get(`${documents()}/${document.id}`))).toMatchObject({ id: document.id, access: 'read' });
});

test('a document is written in the language of the proceedings unless told otherwise', async () => {
  const document = await seeded.as.mediator.ok(seeded.as.mediator.post(documents(), { kind: 'settlement', title: 'Settlement draft' }));
  expect(document.languages).toEqual(['zh']);
  expect(document.access).toBe('write');
});

test('the court opens a document for the parties: a judge may open agreed facts, which it then only reads', async () => {
  const document = await seeded.as.judge.ok(seeded.as.judge.post(documents(), { kind: 'agreedFacts', title: 'Facts for the parties' }));
  expect(document.access).toBe('read');
});

test.each([
  ['observer', 'agreedFacts', 'FORBIDDEN'],
  ['witness', 'agreedFacts', 'FORBIDDEN'],
  ['interpreter', 'minutes', 'FORBIDDEN'],
  ['claimant', 'minutes', 'FORBIDDEN'],
  ['judge', 'settlement', 'FORBIDDEN'],
  ['clerk', 'agreedFacts', 'FORBIDDEN'],
] as const)('%s may not open %s: 403 %s, and the refusal is audited', async (role, kind, code) => {
  const response = await seeded.as[role].post(documents(), { kind, title: 'Not allowed' });
  expect(response.status).toBe(403);
  expect(response.body.code).toBe(code);
  const { lines } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/audit`));
  expect(lines.some((line: any) => line.action === 'document.create' && line.outcome === 'denied' && line.role === role && line.code === code)).toBe(true);
});

test('a stranger to the case may neither open nor list its documents', async () => {
  expect((await stranger.as.judge.post(documents(), { kind: 'minutes', title: 'Intruding' })).body.code).toBe('NOT_A_CASE_PARTICIPANT');
  expect((await stranger.as.claimant.get(documents())).body.code).toBe('NOT_A_CASE_PARTICIPANT');
});

test.each([
  ['an unknown kind', { kind: 'judgment', title: 'x' }],
  ['no title', { kind: 'minutes' }],
  ['an empty title', { kind: 'minutes', title: '   ' }],
  ['a title with a control character', { kind: 'minutes', title: 'a\u0007b' }],
  ['a field the API does not know', { kind: 'minutes', title: 'x', locked: true }],
  ['a language that is not a language', { kind: 'minutes', title: 'x', languages: ['not a tag'] }],
  ['a language the case is not conducted in', { kind: 'minutes', title: 'x', languages: ['fr'] }],
  ['three languages', { kind: 'minutes', title: 'x', languages: ['zh', 'pt', 'en'] }],
  ['the same language twice', { kind: 'minutes', title: 'x', languages: ['zh', 'ZH'] }],
  ['not an object', ['minutes']],
])('%s is refused with 400 INVALID_PAYLOAD', async (_what, body) => {
  const response = await seeded.as.clerk.post(documents(), body);
  expect(response.status).toBe(400);
  expect(response.body.code).toBe('INVALID_PAYLOAD');
});

test('a list shows each participant what they may read: minutes reach the parties once released', async () => {
  const minutes = await seeded.as.clerk.ok(seeded.as.clerk.post(documents(), { kind: 'minutes', title: `Minutes ${randomUUID().slice(0, 6)}` }));
  expect(minutes).toMatchObject({ released: false, access: 'write' });
  const listed = async (role: keyof SeededCase['as']) => (await seeded.as[role].ok(seeded.as[role].get(documents()))).documents as any[];
  expect((await listed('claimant')).map((d) => d.id)).not.toContain(minutes.id);
  expect((await listed('arbitrator')).find((d) => d.id === minutes.id)).toMatchObject({ access: 'read' });
  expect((await seeded.as.claimant.get(`${documents()}/${minutes.id}`)).body.code).toBe('DOCUMENT_NOT_RELEASED');
  // Settlement drafts are for the parties and the mediator: the judge does not see them.
  expect((await listed('judge')).every((d) => d.kind !== 'settlement')).toBe(true);
  expect((await listed('mediator')).every((d) => d.kind !== 'agreedFacts')).toBe(true);

  expect((await seeded.as.claimant.post(`${documents()}/${minutes.id}/release`)).body.code).toBe('FORBIDDEN');
  const released = await seeded.as.judge.ok(seeded.as.judge.post(`${documents()}/${minutes.id}/release`));
  expect(released).toMatchObject({ released: true, releasedBy: expect.stringMatching(/^account:/), access: 'write' });
  expect((await listed('claimant')).find((d) => d.id === minutes.id)).toMatchObject({ released: true, access: 'read' });
  expect(await seeded.as.respondent.ok(seeded.as.respondent.get(`${documents()}/${minutes.id}`))).toMatchObject({ id: minutes.id, access: 'read' });
  const { items } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/timeline`));
  expect(items.some((item: any) => item.type === 'document.released' && item.payload.documentId === minutes.id)).toBe(true);

  expect((await seeded.as.judge.post(`${documents()}/${minutes.id}/release`)).body.code).toBe('DOCUMENT_ALREADY_RELEASED');
});

test('only minutes are released', async () => {
  const facts = await seeded.as.claimant.ok(seeded.as.claimant.post(documents(), { kind: 'agreedFacts', title: 'Facts' }));
  const response = await seeded.as.judge.post(`${documents()}/${facts.id}/release`);
  expect(response.status).toBe(409);
  expect(response.body.code).toBe('DOCUMENT_NOT_RELEASABLE');
});

test('observers and witnesses may not list documents; an unknown document is 404; one of another case is not found here', async () => {
  expect((await seeded.as.observer.get(documents())).status).toBe(403);
  expect((await seeded.as.witness.get(documents())).body.code).toBe('FORBIDDEN');
  expect((await seeded.as.judge.get(`${documents()}/${randomUUID()}`)).body.code).toBe('DOCUMENT_NOT_FOUND');
  const elsewhere = await stranger.as.claimant.ok(stranger.as.claimant.post(`/cases/${stranger.caseId}/documents`, { kind: 'agreedFacts', title: 'Theirs' }));
  expect((await seeded.as.claimant.get(`${documents()}/${elsewhere.id}`)).body.code).toBe('DOCUMENT_NOT_FOUND');
  expect((await seeded.as.judge.get(`${documents()}/not-a-uuid`)).body.code).toBe('INVALID_PAYLOAD');
});
