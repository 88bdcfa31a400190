// The verify page checks the ledger in the browser with WebCrypto (client/src/record/
// ledgerVerification.ts) and must reach the verdicts the server's own checks reach: the same
// leaf hashes, for every proof — genuine, altered, too long, too short, for another leaf or
// malformed — the same outcome and reason, and the court's signature on a tree head accepted
// only on the head it signed. (Node 20's WebCrypto stands in for the browser's.)
import { generateKeyPairSync } from 'node:crypto';
import { hashLeaf as serverHashLeaf, hashToHex } from '../../../server/domain/ledger/hashing.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../../server/domain/ledger/NodeStore.js';
import { checkInclusionProof as serverCheck, type InclusionClaim } from '../../../server/domain/ledger/proofVerification.js';
import { createTreeHead, rawEd25519PublicKey, signTreeHead } from '../../../server/domain/ledger/treeHead.js';
import { checkInclusionProof as browserCheck, hashLeaf as browserHashLeaf, verifyTreeHeadSignature } from '../../../client/src/record/ledgerVerification.js';
import { flipBit, sampleEntries } from '../ledger/rfcReference.js';

const MAX_SIZE = 20;
const entries = sampleEntries(MAX_SIZE);
const tree = new MerkleTree(new MemoryNodeStore());
for (const entry of entries) tree.append(entry);

function claimFor(index: number, treeSize: number): InclusionClaim {
  return { leafHash: tree.leafHash(index), index, treeSize, rootHash: tree.rootAt(treeSize), proof: tree.inclusionProof(index, treeSize) };
}

/** The claims a page may be shown for leaf `index` of `size`: the genuine one and ways of getting it wrong. */
function claimsAbout(index: number, size: number): Array<[string, InclusionClaim]> {
  const claim = claimFor(index, size);
  const claims: Array<[string, InclusionClaim]> = [
    ['genuine', claim],
    ['altered root', { ...claim, rootHash: flipBit(claim.rootHash, index % 256) }],
    ['another leaf', { ...claim, leafHash: tree.leafHash((index + 1) % size) }],
    ['one hash too many', { ...claim, proof: [...claim.proof, claim.rootHash] }],
    ['index beyond the tree', { ...claim, index: size }],
  ];
  if (claim.proof.length > 0) {
    claims.push(['one hash short', { ...claim, proof: claim.proof.slice(1) }]);
    claims.push(['altered proof hash', { ...claim, proof: [flipBit(claim.proof[0]!, 3), ...claim.proof.slice(1)] }]);
  }
  return claims;
}

test('the browser hashes every entry as the ledger does', async () => {
  for (const entry of entries) expect(Buffer.from(await browserHashLeaf(entry)).toString('hex')).toBe(Buffer.from(serverHashLeaf(entry)).toString('hex'));
});

test('for every leaf of every log up to 20 entries, the browser and the server agree on every claim, genuine or not', async () => {
  const disagreements: string[] = [];
  let genuineAccepted = 0;
  for (let size = 1; size <= MAX_SIZE; size++) {
    for (let index = 0; index < size; index++) {
      for (const [what, claim] of claimsAbout(index, size)) {
        const [browser, server] = [await browserCheck(claim), serverCheck(claim)];
        if (JSON.stringify(browser) !== JSON.stringify(server)) disagreements.push(`leaf ${index} of ${size}, ${what}: browser ${JSON.stringify(browser)}, server ${JSON.stringify(server)}`);
        if (what === 'genuine' && browser.valid) genuineAccepted++;
      }
    }
  }
  expect(disagreements).toEqual([]);
  expect(genuineAccepted).toBe((MAX_SIZE * (MAX_SIZE + 1)) / 2);
});

test('a malformed claim from a server is refused in the browser with the reason, not thrown', async () => {
  const claim = claimFor(2, 5);
  await expect(browserCheck({ ...claim, index: -1 })).resolves.toMatchObject({ valid: false, reason: 'MALFORMED_INPUT' });
  await expect(browserCheck({ ...claim, rootHash: new Uint8Array(31) })).resolves.toMatchObject({ valid: false, reason: 'MALFORMED_INPUT' });
  await expect(browserCheck({ ...claim, proof: [new Uint8Array(33)] })).resolves.toMatchObject({ valid: false, reason: 'MALFORMED_INPUT' });
  await expect(browserCheck(null as unknown as InclusionClaim)).resolves.toMatchObject({ valid: false, reason: 'MALFORMED_INPUT' });
  await expect(browserCheck({ ...claim, proof: [...claim.proof, claim.rootHash] })).resolves.toMatchObject({ valid: false, reason: 'WRONG_PROOF_LENGTH' });
});

test('the court’s signature on a tree head is accepted in the browser on that head only, and nothing malformed passes', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const courtKey = hashToHex(rawEd25519PublicKey(publicKey));
  const signed = signTreeHead(createTreeHead(8, tree.rootAt(8), new Date('2026-11-29T10:00:00.000Z')), privateKey);
  const otherKey = hashToHex(rawEd25519PublicKey(generateKeyPairSync('ed25519').publicKey));
  const flipped = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
  expect(await verifyTreeHeadSignature(signed, signed.signature, courtKey)).toBe(true);
  const refused: Array<[string, Promise<boolean>]> = [
    ['another size', verifyTreeHeadSignature({ ...signed, treeSize: 9 }, signed.signature, courtKey)],
    ['another root', verifyTreeHeadSignature({ ...signed, rootHash: hashToHex(tree.rootAt(7)) }, signed.signature, courtKey)],
    ['another time', verifyTreeHeadSignature({ ...signed, timestamp: '2026-11-29T10:00:00.001Z' }, signed.signature, courtKey)],
    ['an altered signature', verifyTreeHeadSignature(signed, flipped(signed.signature), courtKey)],
    ['another key', verifyTreeHeadSignature(signed, signed.signature, otherKey)],
    ['a root in capitals', verifyTreeHeadSignature({ ...signed, rootHash: signed.rootHash.toUpperCase() }, signed.signature, courtKey)],
    ['a time that does not exist', verifyTreeHeadSignature({ ...signed, timestamp: '2026-02-30T10:00:00.000Z' }, signed.signature, courtKey)],
    ['a negative size', verifyTreeHeadSignature({ ...signed, treeSize: -1 }, signed.signature, courtKey)],
    ['a key of the wrong length', verifyTreeHeadSignature(signed, signed.signature, courtKey.slice(2))],
  ];
  const accepted: string[] = [];
  for (const [what, verdict] of refused) if (await verdict) accepted.push(what);
  expect(accepted).toEqual([]);
});
