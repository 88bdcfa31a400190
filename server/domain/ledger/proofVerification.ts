// Verification of inclusion and consistency proofs with node's SHA-256, for the offline verifier
// and the tests: the checks themselves are proofChecks.ts (shared with the browser); this runs
// them on hashing.ts. It trusts nothing but the hashes it is given.
import { hashChildren } from './hashing.js';
import { consistencyCheck, inclusionCheck, runProofCheck, type ConsistencyClaim, type InclusionClaim, type ProofCheck } from './proofChecks.js';

export type { ConsistencyClaim, InclusionClaim, ProofCheck, ProofFailure } from './proofChecks.js';

export function checkInclusionProof(claim: InclusionClaim): ProofCheck {
  return runProofCheck(inclusionCheck(claim), hashChildren);
}

export function verifyInclusionProof(claim: InclusionClaim): boolean {
  return checkInclusionProof(claim).valid;
}

export function checkConsistencyProof(claim: ConsistencyClaim): ProofCheck {
  return runProofCheck(consistencyCheck(claim), hashChildren);
}

export function verifyConsistencyProof(claim: ConsistencyClaim): boolean {
  return checkConsistencyProof(claim).valid;
}
