// Which hashes an RFC 9162 proof consists of, as pure arithmetic on sizes and indices. A plan
// lists, per proof element, the complete subtrees it is composed of; a store fetches those
// (in one batch, if it is remote) and resolvePlan() hashes them into the proof. O(log n) nodes
// per proof, whatever the tree size.
import type { Hash } from './hashing.js';
import { composeSubtree, requireCount, splitPoint, subtreeNodes, type NodeAddress } from './subtrees.js';

/** One proof element: MTH of leaves [start, end), made of these complete subtrees. */
export interface ProofStep {
  readonly start: number;
  readonly end: number;
  readonly nodes: readonly NodeAddress[];
}

function step(start: number, end: number): ProofStep {
  return { start, end, nodes: subtreeNodes(start, end) };
}

/** PATH(index, D[0:treeSize]) of RFC 9162 §2.1.3.1, leaf-side element first. */
export function inclusionPlan(index: number, treeSize: number): ProofStep[] {
  requireCount('index', index);
  requireCount('treeSize', treeSize);
  if (index >= treeSize) throw new RangeError(`index must be less than treeSize (${treeSize}), got ${index}`);
  const steps: ProofStep[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const middle = start + splitPoint(end - start);
    if (index < middle) {
      steps.push(step(middle, end));
      end = middle;
    } else {
      steps.push(step(start, middle));
      start = middle;
    }
  }
  return steps.reverse();
}

/**
 * PROOF(oldSize, D[0:newSize]) of RFC 9162 §2.1.4.1, leaf-side element first. The RFC defines
 * it for 0 < oldSize ≤ newSize; it is empty when the sizes are equal.
 */
export function consistencyPlan(oldSize: number, newSize: number): ProofStep[] {
  requireCount('oldSize', oldSize);
  requireCount('newSize', newSize);
  if (oldSize === 0) throw new RangeError('oldSize must be at least 1: an empty tree has no consistency proof');
  if (oldSize > newSize) throw new RangeError(`oldSize (${oldSize}) must not exceed newSize (${newSize})`);
  const steps: ProofStep[] = [];
  let start = 0;
  let end = newSize;
  let old = oldSize; // the old tree's leaves within [start, end)
  let oldTreeIsWhole = true; // SUBPROOF's flag b: [start, start + old) is the whole old tree
  for (;;) {
    const width = end - start;
    if (old === width) {
      if (!oldTreeIsWhole) steps.push(step(start, end));
      break;
    }
    const k = splitPoint(width);
    if (old <= k) {
      steps.push(step(start + k, end));
      end = start + k;
    } else {
      steps.push(step(start, start + k));
      start += k;
      old -= k;
      oldTreeIsWhole = false;
    }
  }
  return steps.reverse();
}

/** Every node a plan needs, in order, for fetching in one batch. */
export function planNodes(plan: readonly ProofStep[]): NodeAddress[] {
  return plan.flatMap((s) => s.nodes);
}

/** Hashes a plan into its proof, looking each node up (e.g. in a map filled from planNodes). */
export function resolvePlan(plan: readonly ProofStep[], lookup: (node: NodeAddress) => Hash): Hash[] {
  return plan.map((s) => composeSubtree(s.nodes.map(lookup)));
}
