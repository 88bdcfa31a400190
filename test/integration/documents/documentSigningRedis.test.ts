// The storage of versions, renderings, signatures and signing keys on the distributed store: a
// document started from a template, versioned, locked and signed on a node backed by a real
// redis-server is all still there after the node restarts — and the key the court keeps for a
// signer still signs for them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { startTestCourt, waitFor } from '../../helpers/courtHarness.js';
import { ApiClient, seedCase } from '../../helpers/caseRecordClient.js';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { openPeer } from '../../helpers/documentClient.js';
import { blocksOf, paragraphText, typeInto } from '../../helpers/documentContent.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';

const POLICY = { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } };

let redis: RunningRedisServer;
let dataDir = '';
let server: RunningCourtServer | undefined;

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-signing-redis-'));
});

afterAll(async () => {
  await server?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

test('versions, the lock, signatures and the court-kept key survive a restart on Redis', async () => {
  const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
  server = await startTestCourt(env, POLICY);
  expect(server.court.store.backend).toBe('redis');
  const seeded = await seedCase(server);
  const documents = `/cases/${seeded.caseId}/documents`;
  const facts = await seeded.as.claimant.ok(seeded.as.claimant.post(documents, { kind: 'agreedFacts', title: 'Agreed facts', languages: ['zh', 'pt'], template: true }));
  const peer = await openPeer(server, facts.id, seeded.as.claimant.token);
  const pid = blocksOf(peer.doc, 'zh')[4]!.pid!;
  typeInto(peer.doc, 'zh', pid, '合同已签订。');
  await waitFor(async () => {
    const doc = await server!.court.documents.storedDoc(facts.id);
    const done = (paragraphText(doc, 'zh', pid) ?? '').endsWith('合同已签订。') && doc.getMap('review').size === 1;
    doc.destroy();
    return done;
  }, 'the edit and its review mark to be stored');
  peer.destroy();
  const version = await seeded.as.claimant.ok(seeded.as.claimant.post(`${documents}/${facts.id}/versions`, { name: 'Before the lock' }));
  const locked = await seeded.as.judge.ok(seeded.as.judge.post(`${documents}/${facts.id}/lock`, {}));
  const first = await seeded.as.claimant.ok(seeded.as.claimant.post(`${documents}/${facts.id}/signatures`, {}));

  await server.close();
  server = await startTestCourt(env, POLICY);
  const claimant = new ApiClient(server.url, seeded.as.claimant.token);
  const respondent = new ApiClient(server.url, seeded.as.respondent.token);

  expect((await claimant.ok(claimant.get(`${documents}/${facts.id}/versions`))).versions).toEqual([version]);
  expect((await claimant.ok(claimant.get(`${documents}/${facts.id}/review`))).marks).toEqual([expect.objectContaining({ language: 'pt', pid, changedIn: 'zh' })]);
  expect(await claimant.ok(claimant.get(`${documents}/${facts.id}`))).toMatchObject({ locked: true, lock: locked.lock });
  const status = await respondent.ok(respondent.get(`${documents}/${facts.id}/signatures`));
  expect(status.signatures).toEqual([first]);
  expect((await respondent.post(`${documents}/${facts.id}/signatures`, {})).status).toBe(201);
  expect((await claimant.post(`${documents}/${facts.id}/signatures`, {})).body.code).toBe('DOCUMENT_ALREADY_SIGNED');

  // The key made before the restart signs the next document.
  const settlement = await new ApiClient(server.url, seeded.as.mediator.token).ok(new ApiClient(server.url, seeded.as.mediator.token).post(documents, { kind: 'settlement', title: 'Settlement' }));
  await new ApiClient(server.url, seeded.as.mediator.token).ok(new ApiClient(server.url, seeded.as.mediator.token).post(`${documents}/${settlement.id}/lock`, { signers: [seeded.participantIds.claimant] }));
  const second = await claimant.ok(claimant.post(`${documents}/${settlement.id}/signatures`, {}));
  expect(second).toMatchObject({ keyCustody: 'court', publicKey: first.publicKey, keyFingerprint: first.keyFingerprint });

  const publicKey = (await claimant.ok(new ApiClient(server.url).get('/ledger/public-key'))).publicKey;
  const report = await verifyExport(await exportCase(claimant, seeded.caseId), publicKey);
  expect(report.problems).toEqual([]);
  expect(report.documents.map((d) => [d.rendering, d.signatures.filter((s) => s.valid).length])).toEqual([
    ['ok', 2],
    ['ok', 1],
  ]);
});
