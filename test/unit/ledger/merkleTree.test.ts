import { createHash } from 'node:crypto';
import { emptyTreeRoot, hashLeaf, hashToHex } from '../../../server/domain/ledger/hashing.js';
import { MissingNodeError } from '../../../server/domain/ledger/ledgerErrors.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore, type NodeStore } from '../../../server/domain/ledger/NodeStore.js';
import { consistencyPlan, inclusionPlan, planNodes, resolvePlan } from '../../../server/domain/ledger/proofPlans.js';
import { verifyConsistencyProof, verifyInclusionProof } from '../../../server/domain/ledger/proofVerification.js';
import { composeSubtree, subtreeNodes, type NodeAddress } from '../../../server/domain/ledger/subtrees.js';
import { hex, referencePath, referenceProof, referenceRoot, sampleEntries } from './rfcReference.js';

const MAX_SIZE = 70;
const entries = sampleEntries(MAX_SIZE);

function treeOf(count: number, store: NodeStore = new MemoryNodeStore()): MerkleTree {
  const tree = new MerkleTree(store);
  for (const entry of entries.slice(0, count)) tree.append(entry);
  return tree;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const sha256 = (...parts: Uint8Array[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const bytes = (hexText: string): Buffer => Buffer.from(hexText, 'hex');

describe('the tree agrees with the RFC 9162 definitions for every size from 1 to 70', () => {
  // One log grows leaf by leaf; at each size every proof it can give is compared with the
  // reference's, then checked by the verifier.
  const tree = new MerkleTree(new MemoryNodeStore());
  const sizes = range(1, MAX_SIZE + 1);

  test.each(sizes)('at size %i the root, every inclusion proof and every consistency proof match', (size) => {
    while (tree.size < size) tree.append(entries[tree.size]!);
    const log = entries.slice(0, size);
    const root = tree.root();
    expect(hashToHex(root)).toBe(hashToHex(referenceRoot(log)));

    const indices = range(0, size);
    expect(indices.map((index) => hex(tree.inclusionProof(index)))).toEqual(indices.map((index) => hex(referencePath(index, log))));
    const unverified = indices.filter((index) => {
      const claim = { leafHash: hashLeaf(log[index]!), index, treeSize: size, rootHash: root, proof: tree.inclusionProof(index) };
      return !verifyInclusionProof(claim);
    });
    expect(unverified).toEqual([]);

    const oldSizes = range(1, size + 1);
    expect(oldSizes.map((oldSize) => hex(tree.consistencyProof(oldSize)))).toEqual(
      oldSizes.map((oldSize) => hex(referenceProof(oldSize, log))),
    );
    const inconsistent = oldSizes.filter((oldSize) => {
      const oldRoot = referenceRoot(entries.slice(0, oldSize));
      return !verifyConsistencyProof({ oldSize, oldRoot, newSize: size, newRoot: root, proof: tree.consistencyProof(oldSize) });
    });
    expect(inconsistent).toEqual([]);
  });
});

describe('a grown log still answers for every earlier tree head', () => {
  const tree = treeOf(MAX_SIZE);

  test('rootAt(n) is MTH of the first n entries, including the empty tree', () => {
    for (let size = 0; size <= MAX_SIZE; size++) {
      expect(hashToHex(tree.rootAt(size))).toBe(hashToHex(referenceRoot(entries.slice(0, size))));
    }
  });

  test('inclusion proofs in earlier trees equal the reference', () => {
    for (let size = 1; size < MAX_SIZE; size++) {
      const log = entries.slice(0, size);
      const indices = range(0, size);
      expect(indices.map((index) => hex(tree.inclusionProof(index, size)))).toEqual(indices.map((index) => hex(referencePath(index, log))));
    }
  });

  test('consistency proofs between earlier trees equal the reference', () => {
    for (let newSize = 1; newSize < MAX_SIZE; newSize++) {
      const log = entries.slice(0, newSize);
      const oldSizes = range(1, newSize + 1);
      expect(oldSizes.map((oldSize) => hex(tree.consistencyProof(oldSize, newSize)))).toEqual(
        oldSizes.map((oldSize) => hex(referenceProof(oldSize, log))),
      );
    }
  });
});

describe('published and hand-computed vectors', () => {
  // The Certificate Transparency test leaves and roots (RFC 6962 test data, also used by Trillian).
  const ctLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(bytes);
  const ctRoots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  function ctTree(): MerkleTree {
    const tree = new MerkleTree(new MemoryNodeStore());
    for (const leaf of ctLeaves) tree.append(leaf);
    return tree;
  }

  test('the empty log has the root SHA-256("")', () => {
    expect(hashToHex(new MerkleTree(new MemoryNodeStore()).root())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hashToHex(emptyTreeRoot())).toBe(ctRoots[0]);
  });

  test('the Certificate Transparency test leaves give the published roots for sizes 0 to 8', () => {
    const tree = ctTree();
    expect(ctRoots.map((_, size) => hashToHex(tree.rootAt(size)))).toEqual(ctRoots);
  });

  test('the published inclusion proof of leaf 5 in the tree of 8', () => {
    expect(hex(ctTree().inclusionProof(5, 8))).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  test('the published consistency proofs 2→5, 3→8 and 6→8', () => {
    const tree = ctTree();
    expect(hex(tree.consistencyProof(2, 5))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(hex(tree.consistencyProof(3, 8))).toEqual([
      '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
      '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(tree.consistencyProof(6, 8))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  test('a leaf is SHA-256(0x00 ‖ entry) and three leaves hash as ((a b) c)', () => {
    const [a, b, c] = [bytes('61'), bytes('62'), bytes('63')];
    const leaf = (entry: Buffer): Buffer => sha256(bytes('00'), entry);
    const node = (left: Buffer, right: Buffer): Buffer => sha256(bytes('01'), left, right);
    const tree = new MerkleTree(new MemoryNodeStore());
    for (const entry of [a, b, c]) tree.append(entry);

    expect(hashToHex(tree.leafHash(0))).toBe(leaf(a).toString('hex'));
    expect(hashToHex(tree.root())).toBe(node(node(leaf(a), leaf(b)), leaf(c)).toString('hex'));
    expect(hex(tree.inclusionProof(2))).toEqual(hex([node(leaf(a), leaf(b))]));
    expect(hex(tree.inclusionProof(0))).toEqual(hex([leaf(b), leaf(c)]));
    expect(hex(tree.consistencyProof(2, 3))).toEqual(hex([leaf(c)]));
  });

  test('seven leaves split 4 + (2 + 1), and 1 → 7 is proven by the leaf, the pair and the right side', () => {
    const leaves = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => sha256(bytes('00'), Buffer.from(s)));
    const node = (left: Buffer, right: Buffer): Buffer => sha256(bytes('01'), left, right);
    const [la, lb, lc, ld, le, lf, lg] = leaves as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
    const left = node(node(la, lb), node(lc, ld));
    const right = node(node(le, lf), lg);
    const tree = new MerkleTree(new MemoryNodeStore());
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) tree.append(Buffer.from(s));

    expect(hashToHex(tree.root())).toBe(node(left, right).toString('hex'));
    expect(hex(tree.inclusionProof(6))).toEqual(hex([node(le, lf), left]));
    expect(hex(tree.consistencyProof(1, 7))).toEqual(hex([lb, node(lc, ld), right]));
  });
});

describe('the tree works over a pluggable node store', () => {
  test('a log reopened from its store at its size has the same root and proofs, and grows on', () => {
    const store = new MemoryNodeStore();
    const original = treeOf(45, store);
    const reopened = new MerkleTree(store, 45);
    expect(hashToHex(reopened.root())).toBe(hashToHex(original.root()));
    expect(hex(reopened.inclusionProof(17))).toEqual(hex(original.inclusionProof(17)));

    for (const entry of entries.slice(45)) reopened.append(entry);
    expect(hashToHex(reopened.root())).toBe(hashToHex(referenceRoot(entries)));
  });

  test('appending writes each leaf and each completed subtree once, and nothing else', () => {
    const writes: string[] = [];
    const memory = new MemoryNodeStore();
    const store: NodeStore = {
      get: (level, index) => memory.get(level, index),
      put: (level, index, hash) => {
        writes.push(`${level}/${index}`);
        memory.put(level, index, hash);
      },
    };
    treeOf(6, store);
    expect(writes).toEqual(['0/0', '0/1', '1/0', '0/2', '0/3', '1/1', '2/0', '0/4', '0/5', '1/2']);
  });

  test('a store that lost a node makes proofs fail with MissingNodeError naming it', () => {
    const memory = new MemoryNodeStore();
    treeOf(8, memory);
    const lossy: NodeStore = { get: (level, index) => (level === 1 && index === 2 ? undefined : memory.get(level, index)), put: () => {} };
    const tree = new MerkleTree(lossy, 8);
    expect(tree.inclusionProof(0)).toHaveLength(3); // does not need the lost node
    expect(() => tree.inclusionProof(6)).toThrow(MissingNodeError);
    expect(() => tree.inclusionProof(6)).toThrow(expect.objectContaining({ level: 1, index: 2 }));
    expect(() => new MerkleTree(lossy, 6)).toThrow(/level 1, index 2/); // the right edge of 6 leaves is 4 + 2
  });

  test('a hash handed out by the tree can be altered without altering the log', () => {
    const tree = treeOf(9);
    const before = hashToHex(tree.root());
    tree.root().fill(0);
    tree.inclusionProof(3).forEach((hash) => hash.fill(0));
    tree.leafHash(3).fill(0);
    expect(hashToHex(tree.root())).toBe(before);
    expect(hex(tree.inclusionProof(3))).toEqual(hex(referencePath(3, entries.slice(0, 9))));
  });

  test('a store that answers asynchronously can fetch a proof plan in one batch and resolve it', async () => {
    const memory = new MemoryNodeStore();
    const tree = treeOf(MAX_SIZE, memory);
    const fetchMany = async (nodes: readonly NodeAddress[]): Promise<Map<string, Uint8Array>> =>
      new Map(nodes.map(({ level, index }) => [`${level}/${index}`, memory.get(level, index)!]));

    const plan = inclusionPlan(37, 61);
    const fetched = await fetchMany(planNodes(plan));
    const proof = resolvePlan(plan, ({ level, index }) => fetched.get(`${level}/${index}`)!);
    expect(hex(proof)).toEqual(hex(tree.inclusionProof(37, 61)));

    const rootNodes = subtreeNodes(0, 61);
    const rootHashes = await fetchMany(rootNodes);
    expect(hashToHex(composeSubtree(rootNodes.map(({ level, index }) => rootHashes.get(`${level}/${index}`)!)))).toBe(
      hashToHex(tree.rootAt(61)),
    );
  });

  test('a store that throws during an append leaves the tree as it was', () => {
    const memory = new MemoryNodeStore();
    let failNext = false;
    const store: NodeStore = {
      get: (level, index) => memory.get(level, index),
      put: (level, index, hash) => {
        if (failNext && level === 1) throw new Error('disk full');
        memory.put(level, index, hash);
      },
    };
    const tree = treeOf(3, store);
    failNext = true;
    expect(() => tree.append(entries[3]!)).toThrow('disk full');
    expect(tree.size).toBe(3);
    failNext = false;
    tree.append(entries[3]!);
    expect(hashToHex(tree.root())).toBe(hashToHex(referenceRoot(entries.slice(0, 4))));
  });
});

describe('proofs need O(log n) stored nodes', () => {
  // Pure arithmetic on sizes, so sizes far beyond what a test could store are checked.
  const sizes = [1e4, 1e6, 1e9, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER];

  test.each(sizes)('every proof for a log of %i entries reads at most 2·log2(n) + 2 nodes', (size) => {
    const bound = 2 * Math.ceil(Math.log2(size)) + 2;
    for (let sample = 0; sample < 200; sample++) {
      const index = Math.floor(Math.random() * size);
      const oldSize = 1 + Math.floor(Math.random() * size);
      expect(planNodes(inclusionPlan(index, size)).length).toBeLessThanOrEqual(bound);
      expect(planNodes(consistencyPlan(oldSize, size)).length).toBeLessThanOrEqual(bound);
    }
    expect(subtreeNodes(0, size).length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)) + 1);
  });

  test('a range that is not a node of any Merkle tree is refused', () => {
    expect(() => subtreeNodes(2, 5)).toThrow(RangeError);
    expect(() => subtreeNodes(4, 4)).toThrow(RangeError);
    expect(subtreeNodes(8, 13)).toEqual([
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });
});

describe('asking for a proof the log cannot give is an error that names the argument', () => {
  const tree = treeOf(10);

  test.each([
    ['an index at the tree size', () => tree.inclusionProof(10), /index must be less than treeSize/],
    ['a tree size beyond the log', () => tree.inclusionProof(0, 11), /treeSize must not exceed the log size/],
    ['a negative index', () => tree.inclusionProof(-1), /index must be a non-negative safe integer/],
    ['a fractional size', () => tree.rootAt(2.5), /treeSize must be a non-negative safe integer/],
    ['a consistency proof from the empty tree', () => tree.consistencyProof(0), /oldSize must be at least 1/],
    ['an old size above the new size', () => tree.consistencyProof(6, 5), /oldSize \(6\) must not exceed newSize \(5\)/],
    ['a new size beyond the log', () => tree.consistencyProof(3, 11), /newSize must not exceed the log size/],
    ['a leaf that was not appended', () => tree.leafHash(10), /index must be less than the log size/],
    ['a leaf hash of the wrong length', () => tree.appendLeafHash(new Uint8Array(31)), /leafHash must be a 32-byte/],
  ] as Array<[string, () => unknown, RegExp]>)('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });

  test('an inclusion proof in the empty tree does not exist', () => {
    expect(() => new MerkleTree(new MemoryNodeStore()).inclusionProof(0)).toThrow(RangeError);
  });
});
