// The offline verifier as a party runs it: `npm run verify -- <bundle>` on an export written by
// writeCaseBundle, as a tar and unpacked, in a process of its own.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseTar } from '../../server/bundle/tar.js';
import { caseBundleManifestBytes, writeCaseBundle } from '../../server/bundle/writeCaseBundle.js';
import { createCaseBundleManifest, type CaseBundleManifest } from '../../server/domain/ledger/caseBundle.js';
import { encodeLedgerEntry } from '../../server/domain/ledger/ledgerEntry.js';
import { MerkleTree } from '../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../server/domain/ledger/NodeStore.js';
import { createTreeHead, rawEd25519PublicKey, signTreeHead } from '../../server/domain/ledger/treeHead.js';
import { runVerifier } from '../helpers/verifierCli.js';

const CASE = 'HZ-2025-0117';
const contract = new TextEncoder().encode('%PDF-1.7 the sales contract, signed in Hangzhou and Lyon');
const contractSha256 = createHash('sha256').update(contract).digest('hex');
const court = generateKeyPairSync('ed25519');
const courtKeyHex = Buffer.from(rawEd25519PublicKey(court.publicKey)).toString('hex');

let scratch: string;
let tarPath: string;
let folder: string;

function exportManifest(): CaseBundleManifest {
  const entries = [
    { seq: 0, caseId: CASE, type: 'case.opened', at: '2025-03-14T09:00:00.000Z', actor: 'clerk:wang', payload: null },
    { seq: 1, caseId: CASE, type: 'evidence.filed', at: '2025-03-14T09:01:00.000Z', actor: 'party:claimant', payload: { sha256: contractSha256 } },
  ].map(encodeLedgerEntry);
  const tree = new MerkleTree(new MemoryNodeStore());
  entries.forEach((bytes) => tree.append(bytes));
  return createCaseBundleManifest({
    caseId: CASE,
    exportedAt: new Date('2025-03-20T08:00:00.000Z'),
    ledgerPublicKey: rawEd25519PublicKey(court.publicKey),
    treeHead: signTreeHead(createTreeHead(tree.size, tree.root(), new Date('2025-03-20T07:59:00.000Z')), court.privateKey),
    entries,
    evidence: [{ sha256: contractSha256, size: contract.length }],
  });
}

/** Writes the bundle unpacked: case.json and evidence/<sha256>. */
function writeFolder(path: string, manifestBytes: Uint8Array, evidence: Uint8Array = contract): void {
  mkdirSync(join(path, 'evidence'), { recursive: true });
  writeFileSync(join(path, 'case.json'), manifestBytes);
  writeFileSync(join(path, 'evidence', contractSha256), evidence);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'crosscourt-verify-'));
  tarPath = join(scratch, `${CASE}.tar`);
  const out = createWriteStream(tarPath);
  await writeCaseBundle(out, exportManifest(), () => ({ stream: Readable.from([contract]), size: contract.length }));
  folder = join(scratch, CASE);
  writeFolder(folder, caseBundleManifestBytes(exportManifest()));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('a tar export verifies: exit 0, a report of each entry and file, and a warning that the key was not pinned', async () => {
  const { status: code, stdout } = await runVerifier([tarPath]);
  expect(code).toBe(0);
  expect(stdout).toContain(`Case          ${CASE}, exported 2025-03-20T08:00:00.000Z`);
  expect(stdout).toContain('Signature     valid');
  expect(stdout).toContain(`Ledger key    ${courtKeyHex}`);
  expect(stdout).toMatch(/NOT PINNED: this key came from the bundle itself/);
  expect(stdout).toContain('GET /api/ledger/public-key');
  expect(stdout).toMatch(/ok +#1 +2025-03-14T09:01:00\.000Z +evidence\.filed +by party:claimant/);
  expect(stdout).toMatch(new RegExp(`ok +${contractSha256} +${contract.length} bytes +named by entry 1`));
  expect(stdout).toMatch(/^VERIFIED: /m);
});

test("an unpacked directory verifies with the court's key pinned", async () => {
  const { status: code, stdout } = await runVerifier([folder, '--public-key', courtKeyHex]);
  expect(code).toBe(0);
  expect(stdout).toContain('pinned: equals the key given with --public-key');
  expect(stdout).toMatch(/^VERIFIED: .*with the pinned key$/m);
});

test('a tar copy with one evidence byte changed fails: exit 1 and the problem printed', async () => {
  const bytes = readFileSync(tarPath);
  const evidence = parseTar(bytes).find((entry) => entry.name === `evidence/${contractSha256}`)!;
  bytes[evidence.data.byteOffset - bytes.byteOffset + 10]! ^= 0x01;
  const tampered = join(scratch, 'tampered.tar');
  writeFileSync(tampered, bytes);
  const { status: code, stdout } = await runVerifier([tampered]);
  expect(code).toBe(1);
  expect(stdout).toMatch(new RegExp(`hash-mismatch +${contractSha256}`));
  expect(stdout).toMatch(/the file's contents hash to [0-9a-f]{64}; it was altered or replaced/);
  expect(stdout).toMatch(/^NOT VERIFIED: 1 problem/m);
});

test('a directory copy with an entry rewritten fails with a root mismatch', async () => {
  const manifest = exportManifest();
  const entries = [...manifest.entries];
  const forged = Buffer.from(entries[1]!, 'base64').toString().replace('party:claimant', 'party:claimanT');
  entries[1] = Buffer.from(forged).toString('base64');
  const copy = join(scratch, 'rewritten');
  writeFolder(copy, caseBundleManifestBytes({ ...manifest, entries }));
  const { status: code, stdout } = await runVerifier([copy]);
  expect(code).toBe(1);
  expect(stdout).toMatch(/Root hash +[0-9a-f]{64} \(DOES NOT MATCH the entries\)/);
  expect(stdout).toMatch(/root mismatch/);
});

test('a bundle checked against a key that is not its own fails', async () => {
  const { status: code, stdout } = await runVerifier([tarPath, `--public-key=${'00'.repeat(32)}`]);
  expect(code).toBe(1);
  expect(stdout).toContain('NOT the key given with --public-key');
});

test('a file that is not a tar archive does not verify', async () => {
  const notTar = join(scratch, 'notes.txt');
  writeFileSync(notTar, 'minutes of the hearing\n'.repeat(40));
  const { status: code, stdout } = await runVerifier([notTar]);
  expect(code).toBe(1);
  expect(stdout).toMatch(/^NOT VERIFIED: .* is not a readable tar archive/);
});

test.each([
  ['no bundle', []],
  ['a bundle that does not exist', ['/no/such/bundle.tar']],
  ['a public key that is not 64 hex digits', ['bundle.tar', '--public-key', 'abc']],
  ['an unknown option', ['bundle.tar', '--trust-me']],
])('%s is a usage error: exit 2 and how to call it', async (_what, args) => {
  const { status: code, stdout, stderr } = await runVerifier(args);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toContain('usage: npm run verify -- <bundle.tar | bundle directory> [--public-key <64 hex digits>]');
});
