// Locking and signing, through the real doors: the mediator locks the settlement while real
// y-websocket clients are editing it — from then on their edits are neither stored nor relayed —
// its canonical rendering is hashed onto the ledger, each required signer signs once (with the key
// the court keeps for them, or with their own), every refusal has its stable code, the signed
// export comes as HTML and PDF with a signature page, and the case bundle carries the rendering
// so that the offline verifier (also as the CLI) checks every signature — and fails on one byte.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { parseTar } from '../../../server/bundle/tar.js';
import { ed25519PublicKeyFromRaw, rawEd25519PublicKey } from '../../../server/domain/ledger/treeHead.js';
import { waitFor } from '../../helpers/courtHarness.js';
import { ApiClient, type SeededCase } from '../../helpers/caseRecordClient.js';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { documentSuite } from './documentSuite.js';
import { blocksOf, languageText, typeInto } from '../../helpers/documentContent.js';
import { runVerifier } from '../../helpers/verifierCli.js';

const suite = documentSuite();
const { peer } = suite;
let server: RunningCourtServer;
let seeded: SeededCase;
let ledgerKey: string;
let scratch: string;
beforeAll(() => ({ server, seeded } = suite));

beforeAll(async () => {
  ledgerKey = (await new ApiClient(server.url).ok(new ApiClient(server.url).get('/ledger/public-key'))).publicKey;
  scratch = mkdtempSync(join(tmpdir(), 'crosscourt-signing-'));
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
});

const base = (documentId: string) => `/cases/${seeded.caseId}/documents/${documentId}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function settlement(): Promise<{ id: string; pids: string[] }> {
  const document = await seeded.as.mediator.ok(seeded.as.mediator.post(`/cases/${seeded.caseId}/documents`, { kind: 'settlement', title: 'Settlement agreement', languages: ['zh', 'pt'], template: true }));
  const doc = await server.court.documents.storedDoc(document.id);
  const pids = blocksOf(doc, 'zh').map((b) => b.pid!);
  doc.destroy();
  return { id: document.id, pids };
}

describe('a settlement locked while it is being edited, then signed by everyone', () => {
  let id: string;
  let pids: string[];
  let lockedText: string;
  let documentHash: string;

  test('the mediator locks it: on the ledger with its hash and signers; connected writers are told and their edits go nowhere', async () => {
    ({ id, pids } = await settlement());
    const claimant = await peer(id, 'claimant');
    const respondent = await peer(id, 'respondent');
    typeInto(claimant.doc, 'zh', pids[3]!, '一万欧元。');
    await waitFor(() => languageText(respondent.doc, 'zh').includes('一万欧元。'), 'the last edit before the lock to reach the respondent');

    const locked = await seeded.as.mediator.ok(seeded.as.mediator.post(`${base(id)}/lock`, {}));
    expect(locked).toMatchObject({ locked: true, access: 'read', lock: { lockedByName: expect.stringMatching(/^mediator /), rendering: 'crosscourt.document-rendering.v1' } });
    expect(locked.lock.requiredSigners.map((s: any) => s.role).sort()).toEqual(['claimant', 'mediator', 'respondent']);
    documentHash = locked.lock.documentHash;
    const { items } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/timeline`));
    expect(items.find((item: any) => item.type === 'document.locked')).toMatchObject({ seq: locked.lock.ledgerSeq, payload: { documentId: id, documentHash } });

    await waitFor(() => claimant.denials.length > 0 && respondent.denials.length > 0, 'the writers to be told');
    expect(claimant.denials[0]).toMatch(/^DOCUMENT_LOCKED: /);
    lockedText = languageText(respondent.doc, 'zh');
    const logged = (await server.court.documents.updateLog(id)).length;
    typeInto(claimant.doc, 'zh', pids[3]!, 'AFTER THE LOCK');
    typeInto(respondent.doc, 'pt', pids[3]!, 'DEPOIS');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(languageText(respondent.doc, 'zh')).toBe(lockedText);
    expect(languageText(claimant.doc, 'pt')).not.toContain('DEPOIS');
    expect(await server.court.documents.updateLog(id)).toHaveLength(logged);
    // A writer connecting now only reads, and finds the locked text.
    const counsel = await peer(id, 'counsel');
    expect(languageText(counsel.doc, 'zh')).toBe(lockedText);
    expect((await seeded.as.counsel.ok(seeded.as.counsel.get(base(id)))).access).toBe('read');
  });

  test('a locked document refuses restoring, new versions and a second lock', async () => {
    const version = (await server.court.store.listRecords('documentVersion', `document:${id}`))[0];
    expect(version).toBeUndefined();
    const save = await seeded.as.claimant.post(`${base(id)}/versions`, { name: 'too late' });
    expect([save.status, save.body.code]).toEqual([423, 'DOCUMENT_LOCKED']);
    const again = await seeded.as.mediator.post(`${base(id)}/lock`, {});
    expect([again.status, again.body.code]).toEqual([409, 'DOCUMENT_ALREADY_LOCKED']);
  });

  test('the status says what each signer signs; the claimant signs with the key the court keeps, which verifies', async () => {
    const status = await seeded.as.claimant.ok(seeded.as.claimant.get(`${base(id)}/signatures`));
    expect(status).toMatchObject({ documentHash, complete: false, signatures: [] });
    const payload = Buffer.from(status.signingPayload, 'hex');
    expect(payload.subarray(0, 33).toString('latin1')).toBe('CrossCourt document signature v1\0');
    expect(payload.subarray(-32).toString('hex')).toBe(documentHash);

    const response = await seeded.as.claimant.post(`${base(id)}/signatures`, {});
    expect(response.status).toBe(201);
    const signature = response.body;
    expect(signature).toMatchObject({ signerId: seeded.participantIds.claimant, signerName: 'Zhang Wei', signerRole: 'claimant', keyCustody: 'court', documentHash });
    expect(verify(null, payload, ed25519PublicKeyFromRaw(Buffer.from(signature.publicKey, 'hex')), Buffer.from(signature.signature, 'hex'))).toBe(true);
    expect(signature.keyFingerprint).toBe(sha256(Buffer.from(signature.publicKey, 'hex')));

    const key = await seeded.as.claimant.ok(seeded.as.claimant.get(`/cases/${seeded.caseId}/signing-key`));
    expect(key).toEqual({ participantId: seeded.participantIds.claimant, caseId: seeded.caseId, publicKey: signature.publicKey, keyFingerprint: signature.keyFingerprint, custody: 'court', createdAt: expect.any(String), ledgerSeq: expect.any(Number) });
    // The private key is in the store only sealed, never in the clear.
    const stored = JSON.stringify((await server.court.store.getRecord('signingKey', seeded.participantIds.claimant))!.value);
    expect(stored).not.toMatch(/PRIVATE KEY/);
    expect(stored).toMatch(/"sealed":\{"iv":/);
  });

  test('refused: signing twice, for someone else, when not named, and signing an unlocked document', async () => {
    const twice = await seeded.as.claimant.post(`${base(id)}/signatures`, {});
    expect([twice.status, twice.body.code]).toEqual([409, 'DOCUMENT_ALREADY_SIGNED']);
    const forOther = await seeded.as.respondent.post(`${base(id)}/signatures`, { signer: seeded.participantIds.claimant });
    expect([forOther.status, forOther.body.code]).toEqual([403, 'NOT_YOUR_SIGNATURE']);
    const notNamed = await seeded.as.counsel.post(`${base(id)}/signatures`, {});
    expect([notNamed.status, notNamed.body.code]).toEqual([403, 'NOT_A_REQUIRED_SIGNER']);
    const unlocked = await settlement();
    const early = await seeded.as.claimant.post(`${base(unlocked.id)}/signatures`, {});
    expect([early.status, early.body.code]).toEqual([409, 'DOCUMENT_NOT_LOCKED']);
    const { lines } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/audit`));
    for (const code of ['DOCUMENT_ALREADY_SIGNED', 'NOT_YOUR_SIGNATURE', 'NOT_A_REQUIRED_SIGNER', 'DOCUMENT_NOT_LOCKED']) {
      expect(lines.some((line: any) => line.action === 'document.sign' && line.outcome === 'denied' && line.code === code)).toBe(true);
    }
  });

  test('the respondent signs with their own key: a signature by another key is refused, then theirs verifies', async () => {
    const own = generateKeyPairSync('ed25519');
    const publicKey = Buffer.from(rawEd25519PublicKey(own.publicKey)).toString('hex');
    const registered = await seeded.as.respondent.ok(seeded.as.respondent.post(`/cases/${seeded.caseId}/signing-key`, { publicKey }));
    expect(registered).toMatchObject({ custody: 'participant', publicKey, keyFingerprint: sha256(Buffer.from(publicKey, 'hex')) });
    const again = await seeded.as.respondent.post(`/cases/${seeded.caseId}/signing-key`, { publicKey });
    expect([again.status, again.body.code]).toEqual([409, 'SIGNING_KEY_ALREADY_SET']);

    const { signingPayload } = await seeded.as.respondent.ok(seeded.as.respondent.get(`${base(id)}/signatures`));
    const forged = sign(null, Buffer.from(signingPayload, 'hex'), generateKeyPairSync('ed25519').privateKey).toString('hex');
    const bad = await seeded.as.respondent.post(`${base(id)}/signatures`, { signature: forged });
    expect([bad.status, bad.body.code]).toEqual([422, 'SIGNATURE_INVALID']);
    const none = await seeded.as.respondent.post(`${base(id)}/signatures`, {});
    expect([none.status, none.body.code]).toEqual([400, 'INVALID_PAYLOAD']);
    expect(none.body.detail).toMatch(/^body\.signature is required/);
    const malformed = await seeded.as.respondent.post(`${base(id)}/signatures`, { signature: 'xyz' });
    expect(malformed.body.detail).toMatch(/^body\.signature: signature is 128 lowercase hex digits/);

    const mine = sign(null, Buffer.from(signingPayload, 'hex'), own.privateKey).toString('hex');
    const signed = await seeded.as.respondent.ok(seeded.as.respondent.post(`${base(id)}/signatures`, { signature: mine }));
    expect(signed).toMatchObject({ keyCustody: 'participant', publicKey, signature: mine });
  });

  test('the mediator signs last: every required signature is in, on the ledger', async () => {
    await seeded.as.mediator.ok(seeded.as.mediator.post(`${base(id)}/signatures`, {}));
    const status = await seeded.as.respondent.ok(seeded.as.respondent.get(`${base(id)}/signatures`));
    expect(status.complete).toBe(true);
    expect(status.requiredSigners.every((s: any) => typeof s.signedAt === 'string')).toBe(true);
    const { items } = await seeded.as.judge.ok(seeded.as.judge.get(`/cases/${seeded.caseId}/timeline`));
    expect(items.filter((item: any) => item.type === 'document.signed' && item.payload.documentId === id)).toHaveLength(3);
  });

  test('the signed export in HTML carries the locked text exactly as hashed and a signature page', async () => {
    const response = await seeded.as.claimant.get(`${base(id)}/export.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = Buffer.from(response.body).toString('utf8');
    const rendering = (await server.court.store.getRecord<{ html: string }>('documentRendering', id))!.value.html;
    expect(sha256(Buffer.from(rendering))).toBe(documentHash);
    expect(html).toContain(rendering.slice(rendering.indexOf('<article '), rendering.indexOf('</article>') + 10));
    expect(html).toContain('<h2>Signature page</h2>');
    expect(html).toContain(documentHash);
    const { signatures } = await seeded.as.claimant.ok(seeded.as.claimant.get(`${base(id)}/signatures`));
    for (const s of signatures) {
      expect(html).toContain(s.signature);
      expect(html).toContain(s.signerName);
      expect(html).toContain(s.keyFingerprint.slice(0, 4));
    }
    expect(html).toContain('(Asia/Shanghai)');
  });

  test('the signed export in PDF: a PDF with the text, the hash and every signature', async () => {
    const response = await seeded.as.respondent.get(`${base(id)}/export.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(response.body).toString('latin1');
    expect(pdf.startsWith('%PDF-1.7')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    expect(pdf).toContain('(Signature page) Tj');
    expect(pdf).toContain(`(${documentHash}) Tj`);
    const { signatures } = await seeded.as.claimant.ok(seeded.as.claimant.get(`${base(id)}/signatures`));
    for (const s of signatures) expect(pdf).toContain(s.signature.slice(0, 64));
    // The Chinese text, in the CJK font (UTF-16BE).
    expect(pdf).toContain(Buffer.from('一万欧元', 'utf16le').swap16().toString('hex').toUpperCase());
    const unlocked = await settlement();
    expect((await seeded.as.claimant.get(`${base(unlocked.id)}/export.pdf`)).body.code).toBe('DOCUMENT_NOT_LOCKED');
  });

  test('the case bundle carries the rendering; the verifier recomputes its hash and checks every signature — one changed byte fails, also through the CLI', async () => {
    const bundle = await exportCase(seeded.as.claimant, seeded.caseId);
    const report = await verifyExport(bundle, ledgerKey);
    expect(report.problems).toEqual([]);
    const document = report.documents.find((d) => d.documentId === id)!;
    expect(document).toMatchObject({ rendering: 'ok', documentHash, requiredSigners: 3 });
    expect(document.signatures.map((s) => [s.signerName, s.valid])).toEqual(expect.arrayContaining([['Zhang Wei', true], ['Ana Silva', true]]));
    expect(document.signatures).toHaveLength(3);

    const good = join(scratch, 'case.tar');
    writeFileSync(good, bundle);
    const verified = await runVerifier([good, '--public-key', ledgerKey]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/Signed documents \(\d+\)/);
    expect(verified.stdout).toMatch(/3 of 3 required signatures verify/);

    const tampered = Buffer.from(bundle);
    const file = parseTar(bundle).find((entry) => entry.name === `documents/${documentHash}.html`)!;
    const at = file.data.byteOffset - (bundle as Buffer).byteOffset + Buffer.from(file.data).indexOf('一万');
    tampered[at + 2]! ^= 0x01; // one byte inside 一万欧元
    expect((await verifyExport(tampered, ledgerKey)).documents.find((d) => d.documentId === id)!.rendering).toBe('hash-mismatch');
    const bad = join(scratch, 'tampered.tar');
    writeFileSync(bad, tampered);
    const refused = await runVerifier([bad, '--public-key', ledgerKey]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`document ${id}: its rendering hashes to [0-9a-f]{64}, not to the document hash ${documentHash}`));
    expect(refused.stdout).toMatch(/^NOT VERIFIED: 1 problem/m);
  });

  test("a judge's export leaves out the settlement they may not read, and still verifies its signatures", async () => {
    const report = await verifyExport(await exportCase(seeded.as.judge, seeded.caseId), ledgerKey);
    expect(report.ok).toBe(true);
    expect(report.documents.find((d) => d.documentId === id)).toMatchObject({ rendering: 'not-included', signatures: [{ valid: true }, { valid: true }, { valid: true }] });
  });
});

describe('who may lock and sign', () => {
  test('the judge may not lock a settlement, which it does not read; a clerk may not lock at all', async () => {
    const { id } = await settlement();
    for (const role of ['judge', 'clerk', 'claimant'] as const) {
      const response = await seeded.as[role].post(`${base(id)}/lock`, {});
      expect([role, response.status, response.body.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
  });

  test.each([
    ['someone not in the case', () => ['00000000-0000-4000-8000-000000000000'], /^body\.signers: 0{8}-.* is not a participant of this case/],
    ['a witness, who may not sign', () => [seeded.participantIds.witness], /^body\.signers: Chen Jie is a witness, who may not sign this document/],
    ['the judge, who does not read a settlement', () => [seeded.participantIds.judge], /^body\.signers: .* is a judge, who may not sign/],
    ['the same signer twice', () => [seeded.participantIds.claimant, seeded.participantIds.claimant], /^body\.signers: name each signer once/],
    ['a signer that is not an id', () => ['zhang'], /^body\.signers\.0: an id is a UUID/],
  ])('a lock naming %s is 400 INVALID_PAYLOAD naming the field', async (_what, signers, message) => {
    const { id } = await settlement();
    const response = await seeded.as.mediator.post(`${base(id)}/lock`, { signers: signers() });
    expect([response.status, response.body.code]).toEqual([400, 'INVALID_PAYLOAD']);
    expect(response.body.detail).toMatch(message);
    expect((await seeded.as.mediator.ok(seeded.as.mediator.get(base(id)))).locked).toBe(false);
  });

  test('a key that is not an Ed25519 public key is refused, naming the field', async () => {
    const response = await seeded.as.counsel.post(`/cases/${seeded.caseId}/signing-key`, { publicKey: 'ab' });
    expect([response.status, response.body.code]).toEqual([400, 'INVALID_PAYLOAD']);
    expect(response.body.detail).toMatch(/^body\.publicKey: publicKey is 64 lowercase hex digits/);
    const none = await seeded.as.counsel.get(`/cases/${seeded.caseId}/signing-key`);
    expect([none.status, none.body.code]).toEqual([404, 'SIGNING_KEY_NOT_FOUND']);
  });

  test('two signatures sent at the same moment by one signer: one is recorded, the other refused', async () => {
    const { id } = await settlement();
    await seeded.as.mediator.ok(seeded.as.mediator.post(`${base(id)}/lock`, { signers: [seeded.participantIds.counsel] }));
    const responses = await Promise.all([seeded.as.counsel.post(`${base(id)}/signatures`, {}), seeded.as.counsel.post(`${base(id)}/signatures`, {})]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.status === 409)!.body.code).toBe('DOCUMENT_ALREADY_SIGNED');
    const { items } = await seeded.as.counsel.ok(seeded.as.counsel.get(`/cases/${seeded.caseId}/timeline`));
    expect(items.filter((item: any) => item.type === 'document.signed' && item.payload.documentId === id)).toHaveLength(1);
    // The key the court made for counsel is the one of that signature.
    const keys = items.filter((item: any) => item.type === 'signingKey.created' && item.payload.participantId === seeded.participantIds.counsel);
    expect(keys).toHaveLength(1);
  });
});
