// Documents survive the server: a node is closed and another started on the same record (the
// same data folder, or the same Redis). What writers saw relayed is there — from the snapshot and
// the updates after it — and what a reader typed is not. (Killing the process outright is
// documentDurability.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { DOCUMENT_CLOSE } from '../../../server/protocol/documentSync.js';
import { startTestCourt, waitFor } from '../../helpers/courtHarness.js';
import { seedCase, type SeededCase } from '../../helpers/caseRecordClient.js';
import { DocumentPeer, openPeer, storedText } from '../../helpers/documentClient.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';

const POLICY = { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } };

/** Writers and a reader edit the agreed facts; resolves with the text every writer saw. */
async function editTogether(server: RunningCourtServer, seeded: SeededCase, documentId: string, edits: number): Promise<string> {
  const peers: DocumentPeer[] = [];
  try {
    const claimant = await openPeer(server, documentId, seeded.as.claimant.token);
    const respondent = await openPeer(server, documentId, seeded.as.respondent.token);
    const judge = await openPeer(server, documentId, seeded.as.judge.token);
    peers.push(claimant, respondent, judge);
    judge.type('READER TEXT ');
    for (let i = 0; i < edits; i++) {
      (i % 2 === 0 ? claimant : respondent).type(`${i} `, 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => claimant.text.length > 0 && claimant.text.toString() === respondent.text.toString(), 'the writers to converge');
    await waitFor(() => judge.denials.length > 0, 'the reader to be refused');
    expect(respondent.text.toString()).not.toContain('READER TEXT');
    return respondent.text.toString();
  } finally {
    for (const peer of peers) peer.destroy();
  }
}

async function expectAfterRestart(server: RunningCourtServer, seeded: SeededCase, documentId: string, acknowledged: string): Promise<void> {
  expect(await storedText(server, documentId)).toBe(acknowledged);
  const arbitrator = await openPeer(server, documentId, seeded.as.arbitrator.token);
  try {
    expect(arbitrator.text.toString()).toBe(acknowledged);
    expect(arbitrator.text.toString()).not.toContain('READER TEXT');
  } finally {
    arbitrator.destroy();
  }
}

describe('with the embedded store', () => {
  let dataDir = '';
  let server: RunningCourtServer | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-docs-'));
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a document written past its first snapshot loads after a restart with every relayed edit and no reader text', async () => {
    server = await startTestCourt({ DATA_DIR: dataDir }, POLICY);
    const seeded = await seedCase(server);
    const documentId = (await seeded.as.judge.ok(seeded.as.judge.post(`/cases/${seeded.caseId}/documents`, { kind: 'agreedFacts', title: 'Facts' }))).id;
    const snapshot = new Promise<void>((resolve) => server!.court.documents.observer.once('snapshotWritten', () => resolve()));
    const acknowledged = await editTogether(server, seeded, documentId, 260);
    await snapshot;
    // Still connected when the node shuts down: told so (1001), after every edit is stored.
    const connected = await openPeer(server, documentId, seeded.as.counsel.token);
    await server.close();
    await waitFor(() => connected.closes.some((c) => c.code === DOCUMENT_CLOSE.SHUTTING_DOWN), 'the connected writer to be told the server is shutting down');
    connected.destroy();
    server = await startTestCourt({ DATA_DIR: dataDir }, POLICY);
    const loaded = await server.court.documents.loadUpdates(documentId);
    const logged = await server.court.documents.updateLog(documentId);
    // The snapshot's state, then only the updates after it.
    expect(loaded.length).toBeLessThan(logged.length);
    await expectAfterRestart(server, seeded, documentId, acknowledged);
  });
});

describe('with Redis', () => {
  let redis: RunningRedisServer;
  let dataDir = '';
  let server: RunningCourtServer | undefined;

  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
    dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-docs-redis-'));
  });

  afterAll(async () => {
    await server?.close();
    await redis?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('writers converge, a reader is refused, and the document loads from Redis after a restart', async () => {
    const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
    server = await startTestCourt(env, POLICY);
    expect(server.court.store.backend).toBe('redis');
    const seeded = await seedCase(server);
    const documentId = (await seeded.as.judge.ok(seeded.as.judge.post(`/cases/${seeded.caseId}/documents`, { kind: 'agreedFacts', title: 'Facts' }))).id;
    const acknowledged = await editTogether(server, seeded, documentId, 40);
    await server.court.documents.compact(documentId);
    await server.close();
    server = await startTestCourt(env, POLICY);
    await expectAfterRestart(server, seeded, documentId, acknowledged);
  });
});
