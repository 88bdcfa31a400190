// The verify page checks the ledger in the browser with WebCrypto (client/src/record/
// ledgerVerification.ts) and must reach the verdicts the server's own checks reach: the same
// leaf hashes, and for every proof — genuine, altered, too long, too short, for another leaf or
// malformed — the same outcome and reason. (Node 20's WebCrypto stands in for the browser's.)
import { hashLeaf as serverHashLeaf } from '../../../server/domain/ledger/hashing.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../../server/domain/ledger/NodeStore.js';
import { checkInclusionProof as serverCheck, type InclusionClaim } from '../../../server/domain/ledger/proofVerification.js';
import { checkInclusionProof as browserCheck, hashLeaf as browserHashLeaf } from '../../../client/src/record/ledgerVerification.js';
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
