// The rows of a console list, kept while they show the same. The judge's console is redrawn on
// every push; a row drawn afresh each time loses what the judge is doing in it (the focus of a
// field being typed in) and costs a crowd's worth of DOM per push. Rows here are drawn once per
// what they show and put back in place, in order, untouched when they already are.

export class KeptRows {
  readonly #rows = new Map<string, { shown: string; row: HTMLElement }>();

  /** The row for `id`: the one drawn before if it showed `shown`, else the one `draw` makes. */
  rowFor(id: string, shown: string, draw: () => HTMLElement): HTMLElement {
    const drawn = this.#rows.get(id);
    if (drawn?.shown === shown) return drawn.row;
    const row = draw();
    this.#rows.set(id, { shown, row });
    return row;
  }

  /** Forgets the rows of those no longer listed. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.#rows.keys()]) if (!ids.has(id)) this.#rows.delete(id);
  }
}

/**
 * Puts the rows into the list in this order, leaving those already in place untouched. Rows no
 * longer shown go first, so that a row drawn anew takes its predecessor's place without moving
 * the rows after it (a moved element loses the focus inside it).
 */
export function showInOrder(list: HTMLElement, rows: readonly HTMLElement[]): void {
  const shown = new Set<Element>(rows);
  for (const child of [...list.children]) if (!shown.has(child)) child.remove();
  rows.forEach((row, i) => {
    const there = list.children[i];
    if (there !== row) list.insertBefore(row, there ?? null);
  });
}
