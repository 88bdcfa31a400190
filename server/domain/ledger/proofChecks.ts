// Checking RFC 9162 inclusion and consistency proofs (§2.1.3.2, §2.1.4.2), written once for
// every hasher: a check yields each pair of child hashes it needs hashed (SHA-256(0x01 ‖ left ‖
// right)) and is given the result back, and returns the verdict. The server runs them on node's
// SHA-256 (proofVerification.ts), the browser on WebCrypto's (client/src/record/
// ledgerVerification.ts): one walk of the tree, so the two cannot come to differ. Nothing here
// needs node. Inputs may come straight from an untrusted bundle or server, so every field is
// checked and nothing throws; a malformed proof is a failed check with a reason, never a pass.
import { hashesEqual, isHash, type Hash } from './hashValues.js';

export type ProofFailure =
  /** A field has the wrong type: a size that is not a non-negative safe integer, a hash that is not 32 bytes. */
  | 'MALFORMED_INPUT'
  /** The sizes admit no proof: index ≥ tree size, old size 0, or old size > new size. */
  | 'SIZE_OUT_OF_RANGE'
  /** The proof has more or fewer hashes than a proof for these sizes has. */
  | 'WRONG_PROOF_LENGTH'
  /** The proof does not lead to the root hash(es) claimed. */
  | 'ROOT_MISMATCH';

export type ProofCheck =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: ProofFailure; readonly message: string };

/** "The leaf with this hash is at `index` in the tree of treeSize leaves whose root is rootHash." */
export interface InclusionClaim {
  readonly leafHash: Hash;
  readonly index: number;
  readonly treeSize: number;
  readonly rootHash: Hash;
  readonly proof: readonly Hash[];
}

/** "The tree of oldSize leaves with root oldRoot is a prefix of the tree of newSize leaves with root newRoot." */
export interface ConsistencyClaim {
  readonly oldSize: number;
  readonly oldRoot: Hash;
  readonly newSize: number;
  readonly newRoot: Hash;
  readonly proof: readonly Hash[];
}

const VALID: ProofCheck = { valid: true };

/** A check in progress: yields [left, right] to be hashed as an interior node, returns the verdict. */
export type ProofSteps = Generator<readonly [left: Hash, right: Hash], ProofCheck, Hash>;

/** Runs a check with a synchronous hasher of interior nodes. */
export function runProofCheck(check: ProofSteps, hashChildren: (left: Hash, right: Hash) => Hash): ProofCheck {
  for (let step = check.next(); ; ) {
    if (step.done === true) return step.value;
    step = check.next(hashChildren(...step.value));
  }
}

function failure(reason: ProofFailure, message: string): ProofCheck {
  return { valid: false, reason, message };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isProof(value: unknown): value is readonly Hash[] {
  if (!Array.isArray(value)) return false;
  // Not every(): it skips the holes of a sparse array.
  for (let i = 0; i < value.length; i++) if (!isHash(value[i])) return false;
  return true;
}

// Halving instead of >>: sizes may exceed 2^31.
const half = (n: number): number => Math.floor(n / 2);
const isOdd = (n: number): boolean => n % 2 === 1;

/** RFC 9162 §2.1.3.2: does the proof lead from the leaf to the root? */
export function* inclusionCheck(claim: InclusionClaim): ProofSteps {
  if (typeof claim !== 'object' || claim === null) return failure('MALFORMED_INPUT', 'the claim must be an object');
  const { leafHash, index, treeSize, rootHash, proof } = claim;
  if (!isCount(index) || !isCount(treeSize)) {
    return failure('MALFORMED_INPUT', 'index and treeSize must be non-negative safe integers');
  }
  if (!isHash(leafHash) || !isHash(rootHash)) return failure('MALFORMED_INPUT', 'leafHash and rootHash must be 32 bytes');
  if (!isProof(proof)) return failure('MALFORMED_INPUT', 'the proof must be an array of 32-byte hashes');
  if (index >= treeSize) return failure('SIZE_OUT_OF_RANGE', `index ${index} is not below treeSize ${treeSize}`);

  // §2.1.3.2: fn walks the leaf's path up, sn the right edge; each hash is a sibling on the left
  // or right, and the walk must end at the root just as the hashes run out.
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return failure('WRONG_PROOF_LENGTH', `the proof has more than the hashes for leaf ${index} of ${treeSize}`);
    if (isOdd(fn) || fn === sn) {
      r = yield [p, r];
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = yield [r, p];
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return failure('WRONG_PROOF_LENGTH', `the proof has too few hashes for leaf ${index} of ${treeSize}`);
  if (!hashesEqual(r, rootHash)) return failure('ROOT_MISMATCH', 'the proof does not lead to the root hash');
  return VALID;
}

/** RFC 9162 §2.1.4.2: is the old tree a prefix of the new one? */
export function* consistencyCheck(claim: ConsistencyClaim): ProofSteps {
  if (typeof claim !== 'object' || claim === null) return failure('MALFORMED_INPUT', 'the claim must be an object');
  const { oldSize, oldRoot, newSize, newRoot, proof } = claim;
  if (!isCount(oldSize) || !isCount(newSize)) {
    return failure('MALFORMED_INPUT', 'oldSize and newSize must be non-negative safe integers');
  }
  if (!isHash(oldRoot) || !isHash(newRoot)) return failure('MALFORMED_INPUT', 'oldRoot and newRoot must be 32 bytes');
  if (!isProof(proof)) return failure('MALFORMED_INPUT', 'the proof must be an array of 32-byte hashes');
  // RFC 9162 defines consistency only from a non-empty tree.
  if (oldSize === 0) return failure('SIZE_OUT_OF_RANGE', 'oldSize must be at least 1');
  if (oldSize > newSize) return failure('SIZE_OUT_OF_RANGE', `oldSize ${oldSize} exceeds newSize ${newSize}`);
  if (oldSize === newSize) {
    // PROOF(m, D[m]) is empty: the two heads must simply agree.
    if (proof.length !== 0) return failure('WRONG_PROOF_LENGTH', 'a proof between equal sizes must be empty');
    if (!hashesEqual(oldRoot, newRoot)) return failure('ROOT_MISMATCH', 'equal sizes with different roots');
    return VALID;
  }
  if (proof.length === 0) return failure('WRONG_PROOF_LENGTH', 'the proof is empty');

  // §2.1.4.2: fr rebuilds the old root and sr the new one from the same hashes.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return failure('WRONG_PROOF_LENGTH', `the proof has more than the hashes for ${oldSize} to ${newSize}`);
    if (isOdd(fn) || fn === sn) {
      fr = yield [c, fr];
      sr = yield [c, sr];
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = yield [sr, c];
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return failure('WRONG_PROOF_LENGTH', `the proof has too few hashes for ${oldSize} to ${newSize}`);
  if (!hashesEqual(fr, oldRoot)) return failure('ROOT_MISMATCH', 'the proof does not lead to the old root');
  if (!hashesEqual(sr, newRoot)) return failure('ROOT_MISMATCH', 'the proof does not lead to the new root');
  return VALID;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && !isOdd(n)) n = half(n);
  return n === 1;
}
