import { hashLeaf, type Hash } from '../../../server/domain/ledger/hashing.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../../server/domain/ledger/NodeStore.js';
import {
  checkConsistencyProof,
  checkInclusionProof,
  verifyConsistencyProof,
  verifyInclusionProof,
  type ConsistencyClaim,
  type InclusionClaim,
} from '../../../server/domain/ledger/proofVerification.js';
import { flipBit, sampleEntries } from './rfcReference.js';

const MAX_SIZE = 70;
const entries = sampleEntries(MAX_SIZE);
const tree = new MerkleTree(new MemoryNodeStore());
for (const entry of entries) tree.append(entry);

function inclusionClaim(index: number, treeSize: number): InclusionClaim {
  return { leafHash: hashLeaf(entries[index]!), index, treeSize, rootHash: tree.rootAt(treeSize), proof: tree.inclusionProof(index, treeSize) };
}

function consistencyClaim(oldSize: number, newSize: number): ConsistencyClaim {
  return { oldSize, oldRoot: tree.rootAt(oldSize), newSize, newRoot: tree.rootAt(newSize), proof: tree.consistencyProof(oldSize, newSize) };
}

function withProofNode(proof: readonly Hash[], at: number, replacement: Hash): Hash[] {
  return proof.map((hash, i) => (i === at ? replacement : hash));
}

const sizes = Array.from({ length: MAX_SIZE }, (_, i) => i + 1);

describe('tampering with anything an inclusion proof covers makes it fail', () => {
  // Each altered claim that verified is listed by name, so a failure says which one got through.
  test.each(sizes)('in a log of %i entries, every leaf proves in, and no altered claim does', (size) => {
    const rejected: string[] = [];
    const accepted: string[] = [];
    for (let index = 0; index < size; index++) {
      const claim = inclusionClaim(index, size);
      if (!verifyInclusionProof(claim)) rejected.push(`leaf ${index}`);
      const tamperedEntry = flipBit(entries[index]!, (index * 7) % (entries[index]!.length * 8));
      if (verifyInclusionProof({ ...claim, leafHash: hashLeaf(tamperedEntry) })) accepted.push(`leaf ${index}: altered entry`);
      if (verifyInclusionProof({ ...claim, rootHash: flipBit(claim.rootHash, index % 256) })) accepted.push(`leaf ${index}: altered root`);
      claim.proof.forEach((node, at) => {
        const proof = withProofNode(claim.proof, at, flipBit(node, 255));
        if (verifyInclusionProof({ ...claim, proof })) accepted.push(`leaf ${index}: altered proof hash ${at}`);
      });
    }
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([]);
  });

  test('a proof for a tampered entry does not verify', () => {
    const claim = inclusionClaim(5, 8);
    const forged = Uint8Array.from(entries[5]!);
    forged[0]! ^= 0x01;
    expect(checkInclusionProof({ ...claim, leafHash: hashLeaf(forged) })).toMatchObject({ valid: false, reason: 'ROOT_MISMATCH' });
  });

  test('a proof presented for another position or another tree size does not verify', () => {
    const accepted: string[] = [];
    for (let size = 2; size <= MAX_SIZE; size++) {
      for (let index = 0; index < size; index++) {
        const claim = inclusionClaim(index, size);
        for (const other of new Set([index - 1, index + 1, 0, size - 1])) {
          if (other === index || other < 0 || other >= size) continue;
          if (verifyInclusionProof({ ...claim, index: other })) accepted.push(`leaf ${index} of ${size} as leaf ${other}`);
        }
        if (size < MAX_SIZE && verifyInclusionProof({ ...claim, treeSize: size + 1, rootHash: tree.rootAt(size + 1) })) {
          accepted.push(`leaf ${index} of ${size} in ${size + 1}`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  test('an interior node passed off as an entry does not verify', () => {
    // The second-preimage attack the 0x00 / 0x01 prefixes stop: present the two children of
    // node [0,2) as one 64-byte "entry" at index 0 of a 2-leaf tree with the 4-leaf root.
    const [leaf0, leaf1] = [tree.leafHash(0), tree.leafHash(1)];
    const pairAbove = tree.inclusionProof(0, 4)[1]!; // MTH(D[2:4])
    const fakeEntry = Buffer.concat([leaf0, leaf1]);
    const claim = { leafHash: hashLeaf(fakeEntry), index: 0, treeSize: 2, rootHash: tree.rootAt(4), proof: [pairAbove] };
    expect(verifyInclusionProof(claim)).toBe(false);
  });
});

describe('tampering with anything a consistency proof covers makes it fail', () => {
  test.each(sizes)('growing to %i entries, every earlier head is consistent, and no altered claim is', (newSize) => {
    const rejected: number[] = [];
    const accepted: string[] = [];
    for (let oldSize = 1; oldSize <= newSize; oldSize++) {
      const claim = consistencyClaim(oldSize, newSize);
      if (!verifyConsistencyProof(claim)) rejected.push(oldSize);
      if (verifyConsistencyProof({ ...claim, oldRoot: flipBit(claim.oldRoot, oldSize % 256) })) accepted.push(`${oldSize}: altered old root`);
      if (verifyConsistencyProof({ ...claim, newRoot: flipBit(claim.newRoot, newSize % 256) })) accepted.push(`${oldSize}: altered new root`);
      claim.proof.forEach((node, at) => {
        const proof = withProofNode(claim.proof, at, flipBit(node, 128));
        if (verifyConsistencyProof({ ...claim, proof })) accepted.push(`${oldSize}: altered proof hash ${at}`);
      });
    }
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([]);
  });

  test('a log that rewrote an old entry cannot prove consistency with its old head', () => {
    const rewritten = new MerkleTree(new MemoryNodeStore());
    entries.slice(0, 20).forEach((entry, i) => rewritten.append(i === 3 ? flipBit(entry) : entry));
    const oldHead = { oldSize: 10, oldRoot: tree.rootAt(10) };
    const claim = { ...oldHead, newSize: 20, newRoot: rewritten.root(), proof: rewritten.consistencyProof(10) };
    expect(checkConsistencyProof(claim)).toMatchObject({ valid: false, reason: 'ROOT_MISMATCH' });
  });

  test('two heads of the same size are consistent only with an empty proof and the same root', () => {
    const root = tree.rootAt(9);
    expect(checkConsistencyProof({ oldSize: 9, oldRoot: root, newSize: 9, newRoot: root, proof: [] })).toEqual({ valid: true });
    expect(checkConsistencyProof({ oldSize: 9, oldRoot: root, newSize: 9, newRoot: flipBit(root), proof: [] })).toMatchObject({
      reason: 'ROOT_MISMATCH',
    });
    expect(checkConsistencyProof({ oldSize: 9, oldRoot: root, newSize: 9, newRoot: root, proof: [root] })).toMatchObject({
      reason: 'WRONG_PROOF_LENGTH',
    });
  });

  test('a consistency proof presented for other sizes does not verify', () => {
    const accepted: string[] = [];
    for (let newSize = 3; newSize <= MAX_SIZE; newSize++) {
      for (let oldSize = 1; oldSize < newSize; oldSize++) {
        const claim = consistencyClaim(oldSize, newSize);
        if (oldSize > 1 && verifyConsistencyProof({ ...claim, oldSize: oldSize - 1, oldRoot: tree.rootAt(oldSize - 1) })) {
          accepted.push(`${oldSize}→${newSize} as ${oldSize - 1}→${newSize}`);
        }
        if (newSize < MAX_SIZE && verifyConsistencyProof({ ...claim, newSize: newSize + 1, newRoot: tree.rootAt(newSize + 1) })) {
          accepted.push(`${oldSize}→${newSize} as ${oldSize}→${newSize + 1}`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe('a malformed proof is rejected, never accepted', () => {
  const good = inclusionClaim(13, 40);
  const goodConsistency = consistencyClaim(13, 40);

  test('an inclusion proof with a hash missing or added has the wrong length', () => {
    expect(checkInclusionProof({ ...good, proof: good.proof.slice(0, -1) })).toMatchObject({ reason: 'WRONG_PROOF_LENGTH' });
    expect(checkInclusionProof({ ...good, proof: [...good.proof, good.rootHash] })).toMatchObject({ reason: 'WRONG_PROOF_LENGTH' });
    expect(checkInclusionProof({ ...good, proof: [] })).toMatchObject({ reason: 'WRONG_PROOF_LENGTH' });
  });

  test('a consistency proof with a hash missing or added has the wrong length', () => {
    const { proof } = goodConsistency;
    expect(checkConsistencyProof({ ...goodConsistency, proof: proof.slice(0, -1) })).toMatchObject({ reason: 'WRONG_PROOF_LENGTH' });
    expect(checkConsistencyProof({ ...goodConsistency, proof: [...proof, proof[0]!] })).toMatchObject({ reason: 'WRONG_PROOF_LENGTH' });
    expect(checkConsistencyProof({ ...goodConsistency, proof: [] })).toMatchObject({ reason: 'WRONG_PROOF_LENGTH' });
  });

  test('an index at or beyond the tree size is out of range', () => {
    expect(checkInclusionProof({ ...good, index: 40 })).toMatchObject({ reason: 'SIZE_OUT_OF_RANGE' });
    expect(checkInclusionProof({ ...good, index: 41 })).toMatchObject({ reason: 'SIZE_OUT_OF_RANGE' });
    expect(checkInclusionProof({ ...good, index: 0, treeSize: 0, proof: [] })).toMatchObject({ reason: 'SIZE_OUT_OF_RANGE' });
  });

  test('an old size above the new size, or of zero, is out of range', () => {
    const { oldRoot, newRoot, proof } = goodConsistency;
    expect(checkConsistencyProof({ oldSize: 40, oldRoot: newRoot, newSize: 13, newRoot: oldRoot, proof })).toMatchObject({
      reason: 'SIZE_OUT_OF_RANGE',
    });
    expect(checkConsistencyProof({ ...goodConsistency, oldSize: 0, proof: [] })).toMatchObject({ reason: 'SIZE_OUT_OF_RANGE' });
  });

  test.each([
    ['a negative index', { index: -1 }],
    ['a fractional index', { index: 1.5 }],
    ['a size beyond 2^53', { treeSize: 2 ** 53 }],
    ['a size given as a string', { treeSize: '40' }],
    ['NaN as the index', { index: Number.NaN }],
    ['a proof hash of 31 bytes', { proof: [new Uint8Array(31), ...good.proof.slice(1)] }],
    ['a proof hash given as hex text', { proof: good.proof.map((h) => Buffer.from(h).toString('hex')) }],
    ['a proof that is not an array', { proof: 'not a proof' }],
    ['a proof with an undefined hash', { proof: [undefined, ...good.proof.slice(1)] }],
    ['a proof with a hole', { proof: Object.assign(new Array<Hash>(good.proof.length), { 1: good.proof[1] }) }],
    ['a root hash of 33 bytes', { rootHash: new Uint8Array(33) }],
    ['a missing leaf hash', { leafHash: undefined }],
  ])('an inclusion claim with %s is malformed', (_name, change) => {
    const claim = { ...good, ...change } as unknown as InclusionClaim;
    expect(checkInclusionProof(claim)).toMatchObject({ valid: false, reason: 'MALFORMED_INPUT' });
    expect(verifyInclusionProof(claim)).toBe(false);
  });

  test.each([
    ['a negative old size', { oldSize: -13 }],
    ['a fractional new size', { newSize: 40.5 }],
    ['a proof hash of 0 bytes', { proof: [new Uint8Array(0)] }],
    ['an old root that is a string', { oldRoot: 'root' }],
    ['no proof at all', { proof: null }],
  ])('a consistency claim with %s is malformed', (_name, change) => {
    const claim = { ...goodConsistency, ...change } as unknown as ConsistencyClaim;
    expect(checkConsistencyProof(claim)).toMatchObject({ valid: false, reason: 'MALFORMED_INPUT' });
    expect(verifyConsistencyProof(claim)).toBe(false);
  });

  test('a claim that is not an object is malformed, not a crash', () => {
    expect(checkInclusionProof(null as unknown as InclusionClaim)).toMatchObject({ reason: 'MALFORMED_INPUT' });
    expect(checkConsistencyProof('{}' as unknown as ConsistencyClaim)).toMatchObject({ reason: 'MALFORMED_INPUT' });
  });

  test('a failed check says why in words', () => {
    const check = checkInclusionProof({ ...good, index: 99 });
    expect(check.valid).toBe(false);
    if (!check.valid) expect(check.message).toBe('index 99 is not below treeSize 40');
  });
});
