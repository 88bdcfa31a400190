// Side by side, a paragraph and its counterpart in the other language (the same `pid`) start on
// the same line. Pure: which blocks pair up, and how much space to put above each so they do.

/** One line of the side-by-side view: a block of each language (its index), or of one only. */
export interface AlignedRow {
  readonly left: number | null;
  readonly right: number | null;
}

/**
 * Pairs blocks with the same paragraph id, keeping both orders: the largest set of pairs that
 * cross no other pair (a paragraph moved in one language only pairs if the rest still line up).
 * Unpaired blocks get rows of their own, before the next pair.
 */
export function alignByParagraphId(left: ReadonlyArray<string | null>, right: ReadonlyArray<string | null>): AlignedRow[] {
  const rightIndex = new Map<string, number>();
  right.forEach((pid, index) => {
    if (pid !== null && !rightIndex.has(pid)) rightIndex.set(pid, index);
  });
  const candidates: Array<{ left: number; right: number }> = [];
  left.forEach((pid, index) => {
    const match = pid === null ? undefined : rightIndex.get(pid);
    if (match !== undefined) candidates.push({ left: index, right: match });
  });
  const pairs = longestIncreasing(candidates);
  const rows: AlignedRow[] = [];
  let l = 0;
  let r = 0;
  for (const pair of [...pairs, { left: left.length, right: right.length }]) {
    while (l < pair.left) rows.push({ left: l++, right: null });
    while (r < pair.right) rows.push({ left: null, right: r++ });
    if (pair.left < left.length) rows.push({ left: l++, right: r++ });
  }
  return rows;
}

/** The pairs (already increasing in `left`) whose `right` increases too, as many as can be. */
function longestIncreasing(pairs: ReadonlyArray<{ left: number; right: number }>): Array<{ left: number; right: number }> {
  // Patience sorting: tails[k] is the index of the smallest tail of an increasing run of k + 1.
  const tails: number[] = [];
  const previous = new Array<number>(pairs.length).fill(-1);
  pairs.forEach((pair, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (pairs[tails[middle]!]!.right < pair.right) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const run: Array<{ left: number; right: number }> = [];
  for (let index = tails.length === 0 ? -1 : tails[tails.length - 1]!; index !== -1; index = previous[index]!) run.push(pairs[index]!);
  return run.reverse();
}

export interface Spacers {
  /** Pixels of space above each block of the left text, by block index. */
  readonly left: number[];
  readonly right: number[];
}

/**
 * The space above each block that makes every pair start at the same height, given each block's
 * own height (blocks stack with no margins of their own). Unpaired blocks get none.
 */
export function spacersFor(rows: readonly AlignedRow[], leftHeights: readonly number[], rightHeights: readonly number[]): Spacers {
  const spacers: Spacers = { left: leftHeights.map(() => 0), right: rightHeights.map(() => 0) };
  let leftBottom = 0;
  let rightBottom = 0;
  for (const row of rows) {
    if (row.left !== null && row.right !== null) {
      const top = Math.max(leftBottom, rightBottom);
      spacers.left[row.left] = Math.round(top - leftBottom);
      spacers.right[row.right] = Math.round(top - rightBottom);
      leftBottom = top + (leftHeights[row.left] ?? 0);
      rightBottom = top + (rightHeights[row.right] ?? 0);
    } else if (row.left !== null) {
      leftBottom += leftHeights[row.left] ?? 0;
    } else if (row.right !== null) {
      rightBottom += rightHeights[row.right] ?? 0;
    }
  }
  return spacers;
}

export function sameSpacers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => Math.abs(value - b[index]!) < 1);
}
