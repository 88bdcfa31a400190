// The ledger over the real REST API: signed tree heads, inclusion and consistency proofs, the
// exported case bundle, and tampering with the stored record — caught by the verifier.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { hashFromHex } from '../../../server/domain/ledger/hashing.js';
import { checkConsistencyProof, checkInclusionProof } from '../../../server/domain/ledger/proofVerification.js';
import { ed25519PublicKeyFromRaw, verifyTreeHead } from '../../../server/domain/ledger/treeHead.js';
import { SQLITE_RECORD_FILE } from '../../../server/store/SqliteRecordStore.js';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { ApiClient, fileEvidence, seedCase, type SeededCase } from '../../helpers/caseRecordClient.js';
import { startTestCourt } from '../../helpers/courtHarness.js';
import { runVerifier } from '../../helpers/verifierCli.js';

let dataDir: string;
let server: RunningCourtServer;
let seeded: SeededCase;
let publicKeyHex: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-ledger-'));
  server = await startTestCourt({ DATA_DIR: dataDir });
  seeded = await seedCase(server);
  publicKeyHex = (await new ApiClient(server.url).ok(new ApiClient(server.url).get('/ledger/public-key'))).publicKey;
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const hex = (value: string) => hashFromHex(value);

async function treeHead(client: ApiClient, caseId: string) {
  return client.ok(client.get(`/cases/${caseId}/ledger/tree-head`));
}

test("a tree head is signed with the court's published key", async () => {
  const head = await treeHead(seeded.as.claimant, seeded.caseId);
  expect(head.treeSize).toBeGreaterThan(10); // case created, 9 added, invitations issued and redeemed
  expect(verifyTreeHead(head, ed25519PublicKeyFromRaw(hex(publicKeyHex)))).toBe(true);
  expect(verifyTreeHead({ ...head, treeSize: head.treeSize - 1 }, ed25519PublicKeyFromRaw(hex(publicKeyHex)))).toBe(false);
});

test('every entry has an inclusion proof that leads to the signed root', async () => {
  const client = seeded.as.respondent;
  const head = await treeHead(client, seeded.caseId);
  const { entries } = await client.ok(client.get(`/cases/${seeded.caseId}/ledger/entries?to=${head.treeSize}`));
  expect(entries).toHaveLength(head.treeSize);
  expect(entries[0].entry).toMatchObject({ seq: 0, type: 'case.created', caseId: seeded.caseId });
  for (const { seq, leafHash } of entries) {
    const proof = await client.ok(client.get(`/cases/${seeded.caseId}/ledger/inclusion-proof?index=${seq}&treeSize=${head.treeSize}`));
    expect(proof.leafHash).toBe(leafHash);
    const check = checkInclusionProof({ leafHash: hex(leafHash), index: seq, treeSize: head.treeSize, rootHash: hex(head.rootHash), proof: proof.proof.map(hex) });
    expect(check).toEqual({ valid: true });
  }
});

test('a later tree head is consistent with an earlier one: the log only grew', async () => {
  const client = seeded.as.claimant;
  const before = await treeHead(client, seeded.caseId);
  await client.ok(fileEvidence(client, seeded.caseId, new TextEncoder().encode(`statement ${Date.now()}`), { title: 'Statement' }));
  const after = await treeHead(client, seeded.caseId);
  expect(after.treeSize).toBe(before.treeSize + 1);
  const { proof } = await client.ok(client.get(`/cases/${seeded.caseId}/ledger/consistency-proof?from=${before.treeSize}&to=${after.treeSize}`));
  expect(
    checkConsistencyProof({ oldSize: before.treeSize, oldRoot: hex(before.rootHash), newSize: after.treeSize, newRoot: hex(after.rootHash), proof: proof.map(hex) }),
  ).toEqual({ valid: true });
});

test('proofs outside the log are refused with PROOF_OUT_OF_RANGE, and malformed queries with INVALID_PAYLOAD', async () => {
  const client = seeded.as.judge;
  const { treeSize } = await treeHead(client, seeded.caseId);
  for (const query of [`inclusion-proof?index=${treeSize}&treeSize=${treeSize}`, `inclusion-proof?index=0&treeSize=${treeSize + 5}`, `consistency-proof?from=5&to=3`]) {
    const response = await client.get(`/cases/${seeded.caseId}/ledger/${query}`);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PROOF_OUT_OF_RANGE');
  }
  const malformed = await client.get(`/cases/${seeded.caseId}/ledger/inclusion-proof?index=minus-one&treeSize=2`);
  expect(malformed.status).toBe(400);
  expect(malformed.body).toMatchObject({ code: 'INVALID_PAYLOAD', detail: expect.stringContaining('query.index') });
});

test('the exported case bundle verifies offline, with the evidence files and the pinned key', async () => {
  const client = seeded.as.claimant;
  await client.ok(fileEvidence(client, seeded.caseId, Buffer.from('%PDF-1.4 contract of sale'), { title: 'Contract', contentType: 'application/pdf', fileName: 'contract.pdf' }));
  const report = await verifyExport(await exportCase(client, seeded.caseId), publicKeyHex);
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ ok: true, keyTrusted: true, signatureValid: true, rootMatches: true, caseId: seeded.caseId });
  expect(report.evidence.length).toBeGreaterThanOrEqual(1);
  expect(report.evidence.every((e) => e.status === 'ok')).toBe(true);
});

describe('tampering', () => {
  let victim: SeededCase;

  beforeAll(async () => {
    victim = await seedCase(server);
  });

  test('one byte changed in one stored ledger entry is caught by the verifier (and by the CLI)', async () => {
    const client = victim.as.claimant;
    expect((await verifyExport(await exportCase(client, victim.caseId), publicKeyHex)).ok).toBe(true);

    const db = new Database(join(dataDir, SQLITE_RECORD_FILE));
    try {
      const row = db.prepare('SELECT entry FROM ledger_entries WHERE log_id = ? AND idx = 2').get(victim.caseId) as { entry: Buffer };
      const forged = Buffer.from(row.entry.toString('utf8').replace('"participant.added"', '"participant.addes"'));
      expect(forged.length).toBe(row.entry.length);
      db.prepare('UPDATE ledger_entries SET entry = ? WHERE log_id = ? AND idx = 2').run(forged, victim.caseId);
    } finally {
      db.close();
    }

    const bundle = await exportCase(client, victim.caseId);
    const report = await verifyExport(bundle, publicKeyHex);
    expect(report.ok).toBe(false);
    expect(report.rootMatches).toBe(false);
    expect(report.problems.join('\n')).toMatch(/root/i);

    const file = join(dataDir, `tampered-${victim.caseId}.tar`);
    writeFileSync(file, bundle);
    const cli = await runVerifier([file, '--public-key', publicKeyHex]);
    expect(cli.status).toBe(1);
    expect(cli.stdout + cli.stderr).toMatch(/root/i);
  });

  test('one byte changed in one stored evidence file is caught by the verifier', async () => {
    const other = await seedCase(server);
    const bytes = Buffer.from(`%PDF-1.4 invoice ${Date.now()}`);
    const filed = await other.as.respondent.ok(fileEvidence(other.as.respondent, other.caseId, bytes, { title: 'Invoice', contentType: 'application/pdf', fileName: 'invoice.pdf' }));
    expect((await verifyExport(await exportCase(other.as.judge, other.caseId), publicKeyHex)).ok).toBe(true);

    const path = server.court.files.path(filed.sha256);
    chmodSync(path, 0o640);
    const stored = readFileSync(path);
    stored[10] = stored[10]! ^ 0x01;
    writeFileSync(path, stored);

    const report = await verifyExport(await exportCase(other.as.judge, other.caseId), publicKeyHex);
    expect(report.ok).toBe(false);
    expect(report.evidence.find((e) => e.sha256 === filed.sha256)?.status).toBe('hash-mismatch');
  });
});

test('the signing key survives a restart: heads signed before and after verify with the same key, and the log is consistent', async () => {
  const restartDir = mkdtempSync(join(tmpdir(), 'crosscourt-restart-'));
  try {
    let node = await startTestCourt({ DATA_DIR: restartDir });
    const first = await seedCase(node);
    const keyBefore = (await new ApiClient(node.url).ok(new ApiClient(node.url).get('/ledger/public-key'))).publicKey;
    const headBefore = await treeHead(first.as.judge, first.caseId);
    const judgeName = (await first.as.judge.ok(first.as.judge.get('/me'))).displayName;
    await node.close();

    node = await startTestCourt({ DATA_DIR: restartDir });
    try {
      const keyAfter = (await new ApiClient(node.url).ok(new ApiClient(node.url).get('/ledger/public-key'))).publicKey;
      expect(keyAfter).toBe(keyBefore);
      // Sessions survive too (the token key is kept): the judge's token still works.
      const judge = new ApiClient(node.url, first.as.judge.token);
      expect((await judge.ok(judge.get('/me'))).displayName).toBe(judgeName);
      await judge.ok(judge.post(`/cases/${first.caseId}/stage`, { stage: 'mediation' }));
      const headAfter = await treeHead(judge, first.caseId);
      expect(verifyTreeHead(headBefore, ed25519PublicKeyFromRaw(hex(keyAfter)))).toBe(true);
      const { proof } = await judge.ok(judge.get(`/cases/${first.caseId}/ledger/consistency-proof?from=${headBefore.treeSize}&to=${headAfter.treeSize}`));
      expect(
        checkConsistencyProof({ oldSize: headBefore.treeSize, oldRoot: hex(headBefore.rootHash), newSize: headAfter.treeSize, newRoot: hex(headAfter.rootHash), proof: proof.map(hex) }),
      ).toEqual({ valid: true });
    } finally {
      await node.close();
    }
  } finally {
    rmSync(restartDir, { recursive: true, force: true });
  }
});
