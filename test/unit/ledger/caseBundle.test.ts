import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  CASE_BUNDLE_FORMAT,
  createCaseBundleManifest,
  verifyCaseBundle,
  type VerifyCaseBundleOptions,
} from '../../../server/domain/ledger/caseBundle.js';
import { encodeLedgerEntry, type LedgerEntry } from '../../../server/domain/ledger/ledgerEntry.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../../server/domain/ledger/NodeStore.js';
import { createTreeHead, rawEd25519PublicKey, signTreeHead } from '../../../server/domain/ledger/treeHead.js';

const CASE = 'HZ-2025-0117';
const contract = new TextEncoder().encode('%PDF-1.7 the sales contract, signed in Hangzhou and Lyon');
const invoice = Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) % 256);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The manifest as plain JSON a test may change, as an attacker holding the file could. */
interface EditableManifest {
  format: string;
  caseId: string;
  exportedAt: string;
  ledgerPublicKey: string;
  treeHead: { treeSize: number; rootHash: string; timestamp: string; signature: string };
  entries: string[];
  evidence: Array<{ sha256: string; size: number; path: string }>;
  [field: string]: unknown;
}

interface Bundle {
  manifest: EditableManifest;
  files: Map<string, Uint8Array>;
}

let court: { privateKey: KeyObject; publicKey: KeyObject };
let impostor: { privateKey: KeyObject; publicKey: KeyObject };

beforeAll(() => {
  court = generateKeyPairSync('ed25519');
  impostor = generateKeyPairSync('ed25519');
});

function entry(seq: number, type: string, actor: string, payload: LedgerEntry['payload'], caseId = CASE): LedgerEntry {
  return { seq, caseId, type, at: new Date(Date.UTC(2025, 2, 14, 9, seq)).toISOString(), actor, payload };
}

function caseEntries(): LedgerEntry[] {
  return [
    entry(0, 'case.opened', 'clerk:wang', { title: 'Lumière SARL v. Hangzhou Silk Co.' }),
    entry(1, 'evidence.filed', 'party:claimant', { sha256: sha256(contract), fileName: '合同.pdf' }),
    entry(2, 'evidence.filed', 'party:respondent', { sha256: sha256(invoice), fileName: 'facture.bin' }),
    entry(3, 'submission.sealed', 'party:respondent', null),
  ];
}

/** A bundle as the court would export it: the exact stored bytes, a head over them, signed. */
function exportBundle(entryBytes: Uint8Array[] = caseEntries().map(encodeLedgerEntry), signer = court): Bundle {
  const manifest = createCaseBundleManifest({
    caseId: CASE,
    exportedAt: new Date('2025-03-20T08:00:00.000Z'),
    ledgerPublicKey: rawEd25519PublicKey(signer.publicKey),
    treeHead: signedHead(entryBytes, signer.privateKey),
    entries: entryBytes,
    evidence: [contract, invoice].map((file) => ({ sha256: sha256(file), size: file.length })),
  });
  const files = new Map([contract, invoice].map((file) => [`evidence/${sha256(file)}`, Uint8Array.from(file)]));
  return { manifest: structuredClone(manifest) as EditableManifest, files };
}

function signedHead(entryBytes: Uint8Array[], privateKey: KeyObject, treeSize = entryBytes.length) {
  const tree = new MerkleTree(new MemoryNodeStore());
  for (const bytes of entryBytes) tree.append(bytes);
  return signTreeHead(createTreeHead(treeSize, tree.rootAt(Math.min(treeSize, tree.size)), new Date('2025-03-20T07:59:00.000Z')), privateKey);
}

function verify(bundle: Bundle, options?: VerifyCaseBundleOptions) {
  return verifyCaseBundle(bundle.manifest, async (path) => bundle.files.get(path), options);
}

const courtKey = (): Uint8Array => rawEd25519PublicKey(court.publicKey);
const bytesOf = (base64: string): Buffer => Buffer.from(base64, 'base64');
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe('a bundle exported from the ledger verifies offline', () => {
  test('every entry and evidence file checks out, and the report shows what the ledger signed', async () => {
    const report = await verify(exportBundle());
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      caseId: CASE,
      treeSize: 4,
      signatureValid: true,
      rootMatches: true,
      keyTrusted: false,
      publicKeyHex: Buffer.from(courtKey()).toString('hex'),
    });
    expect(report.entries.map((e) => [e.index, e.seq, e.type, e.status])).toEqual([
      [0, 0, 'case.opened', 'ok'],
      [1, 1, 'evidence.filed', 'ok'],
      [2, 2, 'evidence.filed', 'ok'],
      [3, 3, 'submission.sealed', 'ok'],
    ]);
    expect(report.evidence).toEqual([
      { sha256: sha256(contract), size: contract.length, status: 'ok', namedBy: [1] },
      { sha256: sha256(invoice), size: invoice.length, status: 'ok', namedBy: [2] },
    ]);
  });

  test("with the court's published key pinned, the key is trusted", async () => {
    const report = await verify(exportBundle(), { trustedPublicKey: courtKey() });
    expect(report).toMatchObject({ ok: true, keyTrusted: true });
  });

  test('a case.json read as text or bytes verifies as the parsed object does', async () => {
    const bundle = exportBundle();
    const text = JSON.stringify(bundle.manifest, null, 2);
    const read = async (path: string) => bundle.files.get(path);
    expect((await verifyCaseBundle(text, read)).ok).toBe(true);
    expect((await verifyCaseBundle(new TextEncoder().encode(text), read)).ok).toBe(true);
  });

  test('an empty ledger verifies against the empty-tree root', async () => {
    const bundle = exportBundle([]);
    bundle.manifest.evidence = [];
    expect((await verify(bundle)).problems).toEqual([]);
  });
});

describe('a changed entry is detected', () => {
  test('flipping any one bit of an entry breaks the root', async () => {
    const bundle = exportBundle();
    const original = bytesOf(bundle.manifest.entries[2]!);
    for (let at = 0; at < original.length; at++) {
      const altered = Buffer.from(original);
      altered[at]! ^= 0x01;
      bundle.manifest.entries[2] = base64(altered);
      const report = await verify(bundle);
      expect(report.ok).toBe(false);
      expect(report.rootMatches).toBe(false);
      expect(report.problems).toContainEqual(expect.stringMatching(/root mismatch/));
    }
  });

  test('an entry that is not even JSON is reported as malformed, and the others still are checked', async () => {
    const bundle = exportBundle();
    bundle.manifest.entries[1] = base64(new TextEncoder().encode('{"seq":1,'));
    const report = await verify(bundle);
    expect(report.entries.map((e) => e.status)).toEqual(['ok', 'malformed', 'ok', 'ok']);
    expect(report.problems).toContainEqual(expect.stringMatching(/^entry 1: its bytes are not UTF-8 JSON/));
  });

  test('entries in the wrong order have the wrong seq', async () => {
    const bundle = exportBundle();
    const [a, b] = [bundle.manifest.entries[1]!, bundle.manifest.entries[2]!];
    bundle.manifest.entries[1] = b;
    bundle.manifest.entries[2] = a;
    const report = await verify(bundle);
    expect(report.entries.map((e) => e.status)).toEqual(['ok', 'wrong-seq', 'wrong-seq', 'ok']);
    expect(report.problems).toContainEqual(expect.stringMatching(/root mismatch/));
  });

  test('an entry that is not in its canonical form fails even when the server signed those bytes', async () => {
    // The ledger only ever writes canonical bytes; other bytes for the same entry mean a second
    // byte form, and so a second hash, for one fact.
    const entries = caseEntries().map(encodeLedgerEntry);
    entries[3] = new TextEncoder().encode(JSON.stringify(caseEntries()[3], null, 1));
    const report = await verify(exportBundle(entries));
    expect(report.rootMatches).toBe(true);
    expect(report.entries[3]!.status).toBe('malformed');
    expect(report.problems).toEqual([expect.stringMatching(/^entry 3: its bytes are not the entry's canonical JSON/)]);
  });

  test("an entry of another case does not belong in this case's bundle", async () => {
    const entries = caseEntries();
    entries[3] = entry(3, 'submission.sealed', 'party:respondent', null, 'HZ-2025-0999');
    const report = await verify(exportBundle(entries.map(encodeLedgerEntry)));
    expect(report.entries[3]!.status).toBe('wrong-case');
    expect(report.problems).toEqual([expect.stringMatching(/^entry 3: belongs to case "HZ-2025-0999"/)]);
  });

  test('an entry added after the head was signed is not covered by it', async () => {
    const bundle = exportBundle();
    bundle.manifest.entries.push(base64(encodeLedgerEntry(entry(4, 'judgment.issued', 'judge:li', { for: 'claimant' }))));
    const report = await verify(bundle);
    expect(report.ok).toBe(false);
    expect(report.entries[4]!.status).toBe('ok'); // well formed, but unsigned
    expect(report.problems).toEqual([expect.stringMatching(/^entries 4 to 4 are not covered by the signed tree head/)]);
  });

  test('a head claiming more entries than the bundle holds fails', async () => {
    const entries = caseEntries().map(encodeLedgerEntry);
    const bundle = exportBundle(entries);
    bundle.manifest.treeHead = signedHead(entries, court.privateKey, 5);
    const report = await verify(bundle);
    expect(report.signatureValid).toBe(true);
    expect(report.problems).toEqual(['the signed tree head covers 5 entries but the bundle has only 4']);
  });

  test('a head whose treeSize was edited no longer carries a valid signature', async () => {
    const bundle = exportBundle();
    bundle.manifest.treeHead.treeSize = 3;
    const report = await verify(bundle);
    expect(report.signatureValid).toBe(false);
    expect(report.problems).toContainEqual(expect.stringMatching(/signature does not verify/));
    expect(report.problems).toContainEqual(expect.stringMatching(/root mismatch/));
  });

  test('an entry that is not standard base64 is malformed and no root is recomputed', async () => {
    const bundle = exportBundle();
    bundle.manifest.entries[0] = `${bundle.manifest.entries[0]!}!`;
    const report = await verify(bundle);
    expect(report.entries[0]!.status).toBe('malformed');
    expect(report.problems).toEqual([
      'entry 0: is not a standard base64 string',
      "the entries' Merkle root cannot be recomputed while an entry is not base64",
    ]);
  });
});

describe('the signature and the key', () => {
  test('a tree head signed by another key fails', async () => {
    const bundle = exportBundle();
    bundle.manifest.treeHead = signedHead(caseEntries().map(encodeLedgerEntry), impostor.privateKey);
    const report = await verify(bundle);
    expect(report).toMatchObject({ ok: false, signatureValid: false, rootMatches: true });
    expect(report.problems).toEqual(["the tree head's signature does not verify with the bundle's ledger key"]);
  });

  test('a bundle re-signed with a forger’s own key is caught only when the court’s key is pinned', async () => {
    const forged = exportBundle(undefined, impostor);
    expect((await verify(forged)).ok).toBe(true); // self-consistent: why the CLI says to compare the key
    const pinned = await verify(forged, { trustedPublicKey: courtKey() });
    expect(pinned).toMatchObject({ ok: false, keyTrusted: false, signatureValid: true });
    expect(pinned.problems).toEqual([expect.stringMatching(/^the bundle is signed for ledger key [0-9a-f]{64}, not for the pinned key/)]);
  });

  test('a ledger key that is not 64 lowercase hex digits is refused', async () => {
    const bundle = exportBundle();
    bundle.manifest.ledgerPublicKey = bundle.manifest.ledgerPublicKey.toUpperCase();
    const report = await verify(bundle);
    expect(report).toMatchObject({ ok: false, publicKeyHex: null, signatureValid: false });
    expect(report.problems).toEqual([expect.stringMatching(/^ledgerPublicKey must be 64 lowercase hex digits/)]);
  });
});

describe('the evidence files', () => {
  test('one changed byte of an evidence file is detected', async () => {
    const bundle = exportBundle();
    bundle.files.get(`evidence/${sha256(invoice)}`)![700]! ^= 0x80;
    const report = await verify(bundle);
    expect(report.evidence.map((e) => e.status)).toEqual(['ok', 'hash-mismatch']);
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^evidence ${sha256(invoice)}: the file's contents hash to`))]);
  });

  test('a listed evidence file missing from the bundle is reported', async () => {
    const bundle = exportBundle();
    bundle.files.delete(`evidence/${sha256(contract)}`);
    const report = await verify(bundle);
    expect(report.evidence.map((e) => e.status)).toEqual(['missing', 'ok']);
    expect(report.problems).toEqual([expect.stringMatching(/but the bundle has no file evidence\//)]);
  });

  test('evidence filed in the ledger but left out of the bundle is reported against its entry', async () => {
    const bundle = exportBundle();
    bundle.manifest.evidence = bundle.manifest.evidence.slice(1);
    const report = await verify(bundle);
    expect(report.problems).toEqual([`entry 1: files evidence ${sha256(contract)}, which case.json does not list`]);
  });

  test('a listed size that differs from the file is a size mismatch', async () => {
    const bundle = exportBundle();
    bundle.manifest.evidence[0]!.size += 1;
    const report = await verify(bundle);
    expect(report.evidence[0]!.status).toBe('size-mismatch');
  });

  test('a path leading out of the bundle is refused and never read', async () => {
    const bundle = exportBundle();
    bundle.manifest.evidence[0]!.path = 'evidence/../../etc/passwd';
    const asked: string[] = [];
    const report = await verifyCaseBundle(bundle.manifest, async (path) => {
      asked.push(path);
      return bundle.files.get(path);
    });
    expect(asked).toEqual([`evidence/${sha256(invoice)}`]);
    expect(report.evidence[0]!.status).toBe('malformed');
    expect(report.problems).toEqual([expect.stringMatching(/^evidence 0: path must be exactly "evidence\/[0-9a-f]{64}", got "evidence\/\.\.\/\.\.\/etc\/passwd"/)]);
  });

  test('a file that cannot be read is reported, not thrown', async () => {
    const bundle = exportBundle();
    const report = await verifyCaseBundle(bundle.manifest, async () => {
      throw new Error('EIO: i/o error');
    });
    expect(report.evidence.map((e) => e.status)).toEqual(['missing', 'missing']);
    expect(report.problems).toContainEqual(expect.stringMatching(/could not be read \(EIO: i\/o error\)/));
  });
});

describe('the manifest', () => {
  test('a case.json that is not JSON is reported, not thrown', async () => {
    const report = await verifyCaseBundle('{"format": "crosscourt.case-bundle.v1", ', async () => undefined);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^case\.json is not UTF-8 JSON/)]);
  });

  test('a manifest of another format is not read further', async () => {
    const bundle = exportBundle();
    bundle.manifest.format = 'crosscourt.case-bundle.v2';
    const report = await verify(bundle);
    expect(report.problems).toEqual([`case.json has format "crosscourt.case-bundle.v2"; this verifier reads only "${CASE_BUNDLE_FORMAT}"`]);
    expect(report.entries).toEqual([]);
  });

  test('a field the format does not define is refused, since nothing would check it', async () => {
    const bundle = exportBundle();
    bundle.manifest.verified = true;
    expect((await verify(bundle)).problems).toEqual(['case.json has an unknown field "verified"']);
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a number', 42],
    ['an array', []],
    ['only the format', { format: CASE_BUNDLE_FORMAT }],
    ['fields of the wrong types', { format: CASE_BUNDLE_FORMAT, caseId: 7, exportedAt: 'today', ledgerPublicKey: [], treeHead: 'x', entries: {}, evidence: 'y' }],
    ['holes and nulls in the lists', { format: CASE_BUNDLE_FORMAT, treeHead: { treeSize: -1 }, entries: [null, 5], evidence: [null, { sha256: 3 }] }],
  ])('%s as a manifest is reported, never thrown', async (_name, manifest) => {
    const report = await verifyCaseBundle(manifest, async () => undefined);
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const problem of report.problems) expect(typeof problem).toBe('string');
  });
});
