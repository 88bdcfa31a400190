// Signed documents in a case bundle, checked offline: the carried rendering must hash to the hash
// the ledger locked, and every signature on the ledger must be a named signer's, with the key the
// ledger registered for them, over that hash. One changed byte anywhere fails.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { renderCanonical } from '../../../server/domain/documents/canonicalRendering.js';
import { keyFingerprint, signingPayload } from '../../../server/domain/documents/documentSignatures.js';
import { createCaseBundleManifest, verifyCaseBundle } from '../../../server/domain/ledger/caseBundle.js';
import { encodeLedgerEntry, type LedgerEntry } from '../../../server/domain/ledger/ledgerEntry.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../../server/domain/ledger/NodeStore.js';
import { createTreeHead, rawEd25519PublicKey, signTreeHead } from '../../../server/domain/ledger/treeHead.js';

const CASE = '0c6a1f3e-2b7d-4f0a-8e11-5a9c3d2b7e40';
const DOC = '7d1b6c1e-0f53-4c7e-9d7a-2f4b7a0c9e11';
const court = generateKeyPairSync('ed25519');
const people = { zhang: generateKeyPairSync('ed25519'), silva: generateKeyPairSync('ed25519'), mallory: generateKeyPairSync('ed25519') };
const hex = (key: KeyObject) => Buffer.from(rawEd25519PublicKey(key)).toString('hex');
const rendering = renderCanonical(
  { id: DOC, caseId: CASE, kind: 'settlement', title: 'Settlement' },
  { languages: [{ language: 'en', blocks: [{ type: 'paragraph', pid: 'p1', runs: [{ text: 'The respondent pays 10,000 EUR.', marks: [] }] }] }] },
);

type Person = keyof typeof people;
interface Options {
  signers?: Person[];
  signatures?: Array<{ who: Person; key?: Person; hash?: string }>;
  listed?: boolean;
  registerTwice?: boolean;
}

function bundle(options: Options = {}) {
  const signers = options.signers ?? ['zhang', 'silva'];
  const payloads: Array<Omit<LedgerEntry, 'seq' | 'caseId' | 'at'>> = [
    { type: 'document.created', actor: 'participant:med', payload: { documentId: DOC, kind: 'settlement' } },
    {
      type: 'document.locked',
      actor: 'participant:med',
      payload: { documentId: DOC, kind: 'settlement', title: 'Settlement', documentHash: rendering.sha256, rendering: rendering.format, requiredSigners: signers.map((s) => ({ participantId: s, name: s, role: 'claimant' })) },
    },
  ];
  const register = (who: Person) =>
    payloads.push({ type: 'signingKey.created', actor: `participant:${who}`, payload: { participantId: who, name: who, role: 'claimant', publicKey: hex(people[who].publicKey), keyFingerprint: keyFingerprint(rawEd25519PublicKey(people[who].publicKey)), custody: 'court' } });
  for (const { who, key = who, hash = rendering.sha256 } of options.signatures ?? [{ who: 'zhang' }, { who: 'silva' }]) {
    if (!payloads.some((p) => p.type === 'signingKey.created' && (p.payload as any).participantId === who)) register(who);
    if (options.registerTwice && who === 'zhang') register(who);
    payloads.push({
      type: 'document.signed',
      actor: `participant:${who}`,
      payload: {
        documentId: DOC,
        documentHash: hash,
        signerId: who,
        signerName: who,
        signerRole: 'claimant',
        publicKey: hex(people[key].publicKey),
        keyFingerprint: keyFingerprint(rawEd25519PublicKey(people[key].publicKey)),
        keyCustody: 'court',
        signature: sign(null, signingPayload(DOC, hash), people[key].privateKey).toString('hex'),
      },
    });
  }
  const entries = payloads.map((p, seq) => encodeLedgerEntry({ ...p, seq, caseId: CASE, at: new Date(Date.UTC(2025, 2, 14, 9, seq)).toISOString() } as LedgerEntry));
  const tree = new MerkleTree(new MemoryNodeStore());
  entries.forEach((bytes) => tree.append(bytes));
  const manifest = createCaseBundleManifest({
    caseId: CASE,
    exportedAt: new Date('2025-03-20T08:00:00.000Z'),
    ledgerPublicKey: rawEd25519PublicKey(court.publicKey),
    treeHead: signTreeHead(createTreeHead(tree.size, tree.root(), new Date('2025-03-20T07:59:00.000Z')), court.privateKey),
    entries,
    evidence: [],
    ...(options.listed === false ? {} : { documents: [{ documentId: DOC, sha256: rendering.sha256, size: rendering.bytes.length }] }),
  });
  const files = new Map<string, Uint8Array>([[`documents/${rendering.sha256}.html`, Uint8Array.from(rendering.bytes)]]);
  return { manifest: structuredClone(manifest) as any, files };
}

const verify = (b: ReturnType<typeof bundle>) => verifyCaseBundle(b.manifest, async (path) => b.files.get(path), { trustedPublicKey: rawEd25519PublicKey(court.publicKey) });

test('a locked document with its rendering and every signature verifies, and the report names each signer', async () => {
  const report = await verify(bundle());
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.documents).toEqual([
    {
      documentId: DOC,
      title: 'Settlement',
      documentHash: rendering.sha256,
      lockIndex: 1,
      rendering: 'ok',
      requiredSigners: 2,
      signatures: [
        expect.objectContaining({ index: 3, signerId: 'zhang', valid: true }),
        expect.objectContaining({ index: 5, signerId: 'silva', valid: true }),
      ],
    },
  ]);
});

test('one changed byte of the rendering fails: its hash is not the one locked and signed', async () => {
  const b = bundle();
  const path = `documents/${rendering.sha256}.html`;
  const altered = Uint8Array.from(b.files.get(path)!);
  altered[altered.indexOf('1'.charCodeAt(0))] = '9'.charCodeAt(0);
  b.files.set(path, altered);
  const report = await verify(b);
  expect(report.ok).toBe(false);
  expect(report.documents[0]!.rendering).toBe('hash-mismatch');
  expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^document ${DOC}: its rendering hashes to [0-9a-f]{64}, not to the document hash`))]);
});

test('a rendering listed under a hash the ledger never locked is refused', async () => {
  const b = bundle();
  const other = createHash('sha256').update('another text').digest('hex');
  b.manifest.documents[0] = { documentId: DOC, sha256: other, size: 12, path: `documents/${other}.html` };
  const report = await verify(b);
  expect(report.problems).toEqual([expect.stringMatching(/^document 0: lists hash .* but the ledger locked it with/)]);
});

test('a rendering the bundle withholds is reported as not included; its signatures are still checked', async () => {
  const report = await verify(bundle({ listed: false }));
  expect(report.ok).toBe(true);
  expect(report.documents[0]).toMatchObject({ rendering: 'not-included', signatures: [{ valid: true }, { valid: true }] });
});

test('a path other than documents/<sha256>.html is never read', async () => {
  const b = bundle();
  b.manifest.documents[0].path = '../../etc/passwd';
  const asked: string[] = [];
  await verifyCaseBundle(b.manifest, async (path) => (asked.push(path), undefined));
  expect(asked).toEqual([]);
});

test.each([
  ['someone the lock did not name', { signatures: [{ who: 'zhang' as const }, { who: 'mallory' as const }] }, /mallory is not among the signers the lock \(entry 1\) named/],
  ['a signature with a key other than the signer’s registered key', { signatures: [{ who: 'zhang' as const }, { who: 'silva' as const, key: 'mallory' as const }] }, /signed with key .* not the key entry 4 registered for silva/],
  ['a signature over another hash', { signatures: [{ who: 'zhang' as const, hash: 'ab'.repeat(32) }] }, /signs hash .* not the hash [0-9a-f]{64} the document was locked with/],
  ['a signer signing twice', { signatures: [{ who: 'zhang' as const }, { who: 'zhang' as const }] }, /zhang signed this document before; a signer signs once/],
  ['a second key for one participant', { registerTwice: true, signatures: [{ who: 'zhang' as const }] }, /sets a second signing key for participant zhang/],
])('%s fails verification', async (_what, options, problem) => {
  const report = await verify(bundle(options));
  expect(report.ok).toBe(false);
  expect(report.problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
});
