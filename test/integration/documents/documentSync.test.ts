// Document sync through its real door: real y-websocket WebsocketProviders (and, for what a
// provider never sends, a raw WebSocket) against a real node with the embedded store. Writers
// converge, a reader's edits go nowhere, awareness shows who people are, not who they claim to
// be, and bad input closes the one connection that sent it while the others carry on.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { DOCUMENT_CLOSE, DOCUMENT_MESSAGE_LIMIT } from '../../../server/protocol/documentSync.js';
import { SignallingClient, waitFor } from '../../helpers/courtHarness.js';
import { seedCase, type SeededCase } from '../../helpers/caseRecordClient.js';
import {
  awarenessMessage,
  DocumentPeer,
  insertUpdate,
  openPeer,
  RawDocumentSocket,
  refusalOf,
  storedText,
  syncMessage,
  syncPath,
} from '../../helpers/documentClient.js';
import { documentSuite } from './documentSuite.js';

const suite = documentSuite();
const { peer } = suite;
let server: RunningCourtServer;
let seeded: SeededCase;
let stranger: SeededCase;
beforeAll(() => ({ server, seeded } = suite));

beforeAll(async () => {
  stranger = await seedCase(server);
});

async function createDocument(kind: 'minutes' | 'agreedFacts' | 'settlement', as: keyof SeededCase['as'] = 'judge'): Promise<string> {
  const client = seeded.as[as];
  return (await client.ok(client.post(`/cases/${seeded.caseId}/documents`, { kind, title: `${kind} ${randomUUID().slice(0, 6)}` }))).id;
}

const actorOf = (role: keyof SeededCase['as']) => `participant:${seeded.participantIds[role]}`;
const logLength = async (documentId: string) => (await server.court.documents.updateLog(documentId)).length;

describe('writing together', () => {
  test('two writers converge, and the store holds the same text with who wrote each update', async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    const respondent = await peer(documentId, 'respondent');
    claimant.type('The contract was signed on 1 March. ');
    respondent.type('Delivery was due on 1 May. ');
    claimant.type('Payment was not made.');
    await waitFor(() => claimant.text.length > 80 && claimant.text.toString() === respondent.text.toString(), 'the two texts to converge');
    const text = claimant.text.toString();
    for (const part of ['The contract was signed on 1 March. ', 'Delivery was due on 1 May. ', 'Payment was not made.']) expect(text).toContain(part);
    expect(await storedText(server, documentId)).toBe(text);
    const authors = new Set((await server.court.documents.updateLog(documentId)).map((item) => item.by));
    expect(authors).toEqual(new Set([actorOf('claimant'), actorOf('respondent')]));
  });

  test('a writer who joins later receives the text so far', async () => {
    const documentId = await createDocument('settlement', 'mediator');
    const mediator = await peer(documentId, 'mediator');
    mediator.type('The respondent pays 10,000 EUR.');
    await waitFor(async () => (await storedText(server, documentId)) === 'The respondent pays 10,000 EUR.', 'the edit to be stored');
    const counsel = await peer(documentId, 'counsel');
    expect(counsel.text.toString()).toBe('The respondent pays 10,000 EUR.');
  });

  test('a reconnecting writer whose text the server has stores nothing new', async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    claimant.type('Stored once.');
    await waitFor(async () => (await logLength(documentId)) === 1, 'the edit to be stored');
    claimant.provider.disconnect();
    claimant.provider.connect();
    await claimant.synced();
    const respondent = await peer(documentId, 'respondent');
    expect(respondent.text.toString()).toBe('Stored once.');
    expect(await logLength(documentId)).toBe(1);
  });
});

describe('a role that only reads', () => {
  test("a judge's edits to the agreed facts reach no other client and are not stored; the judge is told once", async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    const respondent = await peer(documentId, 'respondent');
    const judge = await peer(documentId, 'judge');
    judge.type('FORGED BY THE READER. ');
    judge.type('AND AGAIN. ');
    claimant.type('What the parties agree.');
    await waitFor(() => respondent.text.toString() === 'What the parties agree.' && judge.text.toString().includes('What the parties agree.'), 'the writer’s edit to reach everyone');
    expect(claimant.text.toString()).toBe('What the parties agree.');
    expect(await storedText(server, documentId)).toBe('What the parties agree.');
    const authors = (await server.court.documents.updateLog(documentId)).map((item) => item.by);
    expect(new Set(authors)).toEqual(new Set([actorOf('claimant')]));
    await waitFor(() => judge.denials.length > 0, 'the judge to be told');
    expect(judge.denials).toHaveLength(1);
    expect(judge.denials[0]).toMatch(/^FORBIDDEN: a judge may read this document but not write it/);
    // A fresh reader gets what was stored, never the judge's text.
    const arbitrator = await peer(documentId, 'arbitrator');
    expect(arbitrator.text.toString()).toBe('What the parties agree.');
  });

  test('a reader’s raw update is dropped even when it is the first thing it sends', async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    const raw = await RawDocumentSocket.open(server, documentId, seeded.as.arbitrator.token!);
    raw.send(syncMessage(2, insertUpdate('RAW FORGERY')));
    raw.send(syncMessage(1, insertUpdate('STEP TWO FORGERY')));
    await waitFor(() => raw.messages.some((m) => m[0] === 2), 'the permission-denied message');
    claimant.type('ok');
    await waitFor(async () => (await storedText(server, documentId)) === 'ok', 'the writer’s edit');
    expect(claimant.text.toString()).toBe('ok');
    expect(await logLength(documentId)).toBe(1);
    raw.close();
  });
});

describe('awareness', () => {
  test('shows the name, role and colour of the session, whatever the client claims, and nothing else it sets', async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = new DocumentPeer(server.url, documentId, seeded.as.claimant.token, { connect: false });
    suite.track(claimant);
    claimant.provider.awareness.setLocalState({ user: { name: 'Judge Wang', role: 'judge', colour: '#000000' }, cursor: { anchor: 3, head: 5 }, email: 'zhang@example.com' });
    claimant.provider.connect();
    await claimant.synced();
    const respondent = await peer(documentId, 'respondent');
    const seen = await waitFor(() => respondent.provider.awareness.getStates().get(claimant.doc.clientID) as any, 'the claimant’s presence');
    expect(seen.user).toEqual({ name: 'Zhang Wei', role: 'claimant', colour: expect.stringMatching(/^#[0-9a-f]{6}$/), color: seen.user.colour });
    expect(seen.cursor).toEqual({ anchor: 3, head: 5 });
    expect(seen.email).toBeUndefined();
  });

  test('someone alone in a document hears their own presence back, as the court set it (so the provider never takes the quiet for a dead connection)', async () => {
    const documentId = await createDocument('agreedFacts');
    const raw = await RawDocumentSocket.open(server, documentId, seeded.as.claimant.token!);
    await waitFor(() => raw.messages.length > 0, 'the server’s first sync message');
    const before = raw.messages.length;
    raw.send(awarenessMessage([{ clientId: 777_001, clock: 1, state: { user: { name: 'Someone else', role: 'judge' } } }]));
    const echoed = await waitFor(() => raw.messages.slice(before).find((m) => m[0] === 1), 'an awareness message back');
    const text = new TextDecoder().decode(echoed);
    expect(text).toContain('Zhang Wei');
    expect(text).not.toContain('Someone else');
    raw.close();
  });

  test("a connection cannot change or remove another person's presence, and a person's presence goes when they leave", async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    claimant.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    const respondent = await peer(documentId, 'respondent');
    const claimantId = claimant.doc.clientID;
    await waitFor(() => respondent.provider.awareness.getStates().get(claimantId), 'the claimant’s presence');
    const raw = await RawDocumentSocket.open(server, documentId, seeded.as.counsel.token!);
    raw.send(awarenessMessage([{ clientId: claimantId, clock: 10_000, state: { user: { name: 'Someone else' }, cursor: { anchor: 99, head: 99 } } }]));
    raw.send(awarenessMessage([{ clientId: claimantId, clock: 10_001, state: null }]));
    // The raw client's own presence comes after the refused ones: once it arrives, they would have.
    raw.send(awarenessMessage([{ clientId: 424242, clock: 1, state: { user: { name: 'Judge Wang', role: 'judge' } } }]));
    const marker = await waitFor(() => respondent.provider.awareness.getStates().get(424242) as any, 'the raw client’s own presence');
    expect(marker.user).toMatchObject({ name: 'Li Na (for the claimant)', role: 'counsel' });
    expect(respondent.provider.awareness.getStates().get(claimantId)).toMatchObject({ user: { name: 'Zhang Wei', role: 'claimant' }, cursor: { anchor: 1, head: 1 } });
    raw.close();
    await waitFor(() => !respondent.provider.awareness.getStates().has(424242), 'the raw client’s presence to go when it leaves');
    claimant.destroy();
    await waitFor(() => !respondent.provider.awareness.getStates().has(claimantId), 'the claimant’s presence to go when they leave');
  });
});

describe('bad input', () => {
  test('a message over the limit closes the connection (1009), nothing is stored, and the others carry on', async () => {
    const documentId = await createDocument('agreedFacts');
    const respondent = await peer(documentId, 'respondent');
    const raw = await RawDocumentSocket.open(server, documentId, seeded.as.claimant.token!);
    raw.send(syncMessage(2, insertUpdate('x'.repeat(DOCUMENT_MESSAGE_LIMIT))));
    expect((await raw.closed).code).toBe(DOCUMENT_CLOSE.TOO_BIG);
    expect(await logLength(documentId)).toBe(0);
    const claimant = await peer(documentId, 'claimant');
    claimant.type('still served');
    await waitFor(() => respondent.text.toString() === 'still served', 'the others to be served');
  });

  test('a large edit under the limit is accepted', async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    const respondent = await peer(documentId, 'respondent');
    claimant.type('y'.repeat(512 * 1024));
    await waitFor(() => respondent.text.length === 512 * 1024, 'the large edit to arrive');
    expect((await storedText(server, documentId)).length).toBe(512 * 1024);
  });

  const malformed: Array<[string, Uint8Array | string, number]> = [
    ['a truncated sync message', Uint8Array.from([0, 2, 0xff]), DOCUMENT_CLOSE.MALFORMED],
    ['an update that is not a Yjs update', syncMessage(2, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), DOCUMENT_CLOSE.MALFORMED],
    ['a state vector that does not decode', syncMessage(0, Uint8Array.from([5, 0xff])), DOCUMENT_CLOSE.MALFORMED],
    ['an unknown sync step', syncMessage(7 as never, insertUpdate('step seven')), DOCUMENT_CLOSE.MALFORMED],
    ['an unknown message type', Uint8Array.from([9, 1, 2]), DOCUMENT_CLOSE.MALFORMED],
    ['an update with bytes after it', Uint8Array.from([...syncMessage(2, insertUpdate('trailing')), 0]), DOCUMENT_CLOSE.MALFORMED],
    ['awareness that is not JSON', Uint8Array.from([1, 6, 1, 7, 1, 2, 0x7b, 0x7b]), DOCUMENT_CLOSE.MALFORMED],
    ['an empty message', new Uint8Array(0), DOCUMENT_CLOSE.MALFORMED],
    ['a text frame', 'hello', DOCUMENT_CLOSE.NOT_BINARY],
  ];

  test.each(malformed)('%s closes the connection with a clear code; nothing of it or after it is stored', async (_what, message, code) => {
    const documentId = await createDocument('agreedFacts');
    const respondent = await peer(documentId, 'respondent');
    const raw = await RawDocumentSocket.open(server, documentId, seeded.as.claimant.token!);
    raw.send(message);
    raw.send(syncMessage(2, insertUpdate('sent after the bad message')));
    const closed = await raw.closed;
    expect(closed.code).toBe(code);
    expect(closed.reason.length).toBeGreaterThan(10);
    expect(await logLength(documentId)).toBe(0);
    const claimant = await peer(documentId, 'claimant');
    claimant.type('still served');
    await waitFor(() => respondent.text.toString() === 'still served', 'the others to be served');
    expect(await storedText(server, documentId)).toBe('still served');
  });
});

describe('who may connect', () => {
  let agreedFacts: string;
  let minutes: string;

  beforeAll(async () => {
    agreedFacts = await createDocument('agreedFacts');
    minutes = await createDocument('minutes', 'clerk');
  });

  test('without a session, with a bad one, or to no such document, the upgrade is refused with 401 or 404', async () => {
    expect(await refusalOf(server, syncPath(agreedFacts))).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await refusalOf(server, syncPath(agreedFacts, 'not-a-token'))).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await refusalOf(server, syncPath(randomUUID(), seeded.as.claimant.token))).toMatchObject({ status: 404, body: { code: 'DOCUMENT_NOT_FOUND' } });
    expect(await refusalOf(server, syncPath('../../etc/passwd', seeded.as.claimant.token))).toMatchObject({ status: 404 });
    expect(await refusalOf(server, `/elsewhere?token=${seeded.as.claimant.token}`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  test('a participant of another case, an observer and a witness are refused with 403', async () => {
    expect(await refusalOf(server, syncPath(agreedFacts, stranger.as.claimant.token))).toMatchObject({ status: 403, body: { code: 'NOT_A_CASE_PARTICIPANT' } });
    expect(await refusalOf(server, syncPath(agreedFacts, stranger.as.judge.token))).toMatchObject({ status: 403, body: { code: 'NOT_A_CASE_PARTICIPANT' } });
    expect(await refusalOf(server, syncPath(agreedFacts, seeded.as.observer.token))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await refusalOf(server, syncPath(agreedFacts, seeded.as.witness.token))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await refusalOf(server, syncPath(agreedFacts, seeded.as.clerk.token))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  test('the parties read the minutes only once the court releases them, and never write them', async () => {
    expect(await refusalOf(server, syncPath(minutes, seeded.as.claimant.token))).toMatchObject({ status: 403, body: { code: 'DOCUMENT_NOT_RELEASED' } });
    const clerk = await peer(minutes, 'clerk');
    clerk.type('The hearing opened at 09:00.');
    await waitFor(async () => (await storedText(server, minutes)) === 'The hearing opened at 09:00.', 'the minutes to be stored');
    await seeded.as.judge.ok(seeded.as.judge.post(`/cases/${seeded.caseId}/documents/${minutes}/release`));
    const claimant = await peer(minutes, 'claimant');
    expect(claimant.text.toString()).toBe('The hearing opened at 09:00.');
    claimant.type(' Amended by a party.');
    await waitFor(() => claimant.denials.length > 0, 'the party to be told it only reads');
    clerk.type(' It closed at 11:00.');
    await waitFor(() => claimant.text.toString().includes('It closed at 11:00.'), 'the clerk’s edit to reach the party');
    expect(await storedText(server, minutes)).toBe('The hearing opened at 09:00. It closed at 11:00.');
  });

  test('socket.io still answers on its own path beside document sync', async () => {
    const socket = await SignallingClient.connect(server.url, seeded.as.claimant.token);
    expect(socket.socket.connected).toBe(true);
    socket.close();
  });

  test('a participant removed from the case is disconnected from its documents at once (4403)', async () => {
    const own = await seedCase(server);
    const ownDocument = (await own.as.judge.ok(own.as.judge.post(`/cases/${own.caseId}/documents`, { kind: 'agreedFacts', title: 'Facts' }))).id;
    const respondent = await openPeer(server, ownDocument, own.as.respondent.token);
    suite.track(respondent);
    await own.as.judge.ok(own.as.judge.call('DELETE', `/cases/${own.caseId}/participants/${own.participantIds.respondent}`));
    await waitFor(() => respondent.closes.some((c) => c.code === DOCUMENT_CLOSE.ACCESS_REVOKED), 'the removed participant to be disconnected');
  });
});

describe('snapshots', () => {
  test('after enough updates a snapshot is written in the background, and loading from it gives the same text', async () => {
    const documentId = await createDocument('agreedFacts');
    const claimant = await peer(documentId, 'claimant');
    const respondent = await peer(documentId, 'respondent');
    const written = new Promise<number>((resolve) => {
      const listener = (id: string, covers: number) => {
        if (id !== documentId) return;
        server.court.documents.observer.off('snapshotWritten', listener);
        resolve(covers);
      };
      server.court.documents.observer.on('snapshotWritten', listener);
    });
    for (let i = 0; i < 230; i++) {
      claimant.type(`${i} `);
      // One update per turn, as a typist makes them.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => respondent.text.length === claimant.text.length, 'the edits to reach the respondent');
    const covers = await written;
    expect(covers).toBeGreaterThanOrEqual(200);
    const updates = await server.court.documents.loadUpdates(documentId);
    expect(updates.length).toBeLessThan(await logLength(documentId));
    expect(await storedText(server, documentId)).toBe(claimant.text.toString());
  });
});
