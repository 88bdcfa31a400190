// The rows of a console list, kept while they show the same. The judge's console is redrawn on
// every push; a row drawn afresh each time loses what the judge is doing in it (the focus of a
// field being typed in, of a button reached with the keyboard) and costs a crowd's worth of DOM
// per push. Rows here are drawn once per what they show and put back in place, in order,
// untouched when they already are. A row that does change (the person the judge just muted) is
// drawn anew, and the keyboard's focus, if it was in it, goes to the same control of the new row.

/** Where in a row the keyboard's focus was: its control's action, or its place among the row's controls. */
interface FocusPlace {
  action: string | null;
  index: number;
}

const CONTROLS = 'button, input, select, textarea, a[href]';

/** The row's controls in order (the row itself, when it is one: a lone button). */
function controlsOf(row: HTMLElement): HTMLElement[] {
  return [...(row.matches(CONTROLS) ? [row] : []), ...row.querySelectorAll<HTMLElement>(CONTROLS)];
}

function focusPlaceIn(row: HTMLElement): FocusPlace | undefined {
  const active = row.ownerDocument.activeElement;
  if (active === null || !row.contains(active)) return undefined;
  return { action: active.getAttribute('data-action'), index: controlsOf(row).indexOf(active as HTMLElement) };
}

export class KeptRows {
  readonly #rows = new Map<string, { shown: string; row: HTMLElement }>();
  /** The ids asked for since the list was last shown: everyone else's rows are forgotten then. */
  readonly #asked = new Set<string>();
  /** Whose row each drawn row is: a row drawn anew is found by its predecessor's id. */
  readonly #idOf = new WeakMap<Element, string>();

  /** The row for `id`: the one drawn before if it showed `shown`, else the one `draw` makes. */
  rowFor(id: string, shown: string, draw: () => HTMLElement): HTMLElement {
    this.#asked.add(id);
    const drawn = this.#rows.get(id);
    if (drawn?.shown === shown) return drawn.row;
    const row = draw();
    this.#idOf.set(row, id);
    this.#rows.set(id, { shown, row });
    return row;
  }

  /**
   * Puts the rows into the list in this order, leaving those already in place untouched. Rows no
   * longer shown go first, so that a row drawn anew takes its predecessor's place without moving
   * the rows after it (a moved element loses the focus inside it).
   */
  show(list: HTMLElement, rows: readonly HTMLElement[]): void {
    for (const id of [...this.#rows.keys()]) if (!this.#asked.has(id)) this.#rows.delete(id);
    this.#asked.clear();
    const shown = new Set<Element>(rows);
    // A row that goes with the focus in it: the focus goes to its own row drawn anew (the person
    // just muted), else to the row that takes its place (the person just admitted: a judge admits
    // one after another with Enter).
    let gone: { at: number; place: FocusPlace; successor: HTMLElement | undefined } | undefined;
    [...list.children].forEach((child, at) => {
      if (shown.has(child)) return;
      const place = child instanceof HTMLElement ? focusPlaceIn(child) : undefined;
      const id = this.#idOf.get(child);
      if (place !== undefined) gone = { at, place, successor: id === undefined ? undefined : this.#rows.get(id)?.row };
      child.remove();
    });
    rows.forEach((row, i) => {
      const there = list.children[i];
      if (there !== row) list.insertBefore(row, there ?? null);
    });
    // Only a focus that was lost with its row (not taken elsewhere meanwhile).
    const active = list.ownerDocument.activeElement;
    if (gone === undefined || rows.length === 0 || (active !== null && active !== list.ownerDocument.body)) return;
    const { place, successor } = gone;
    const controls = controlsOf(successor !== undefined && shown.has(successor) ? successor : rows[Math.min(gone.at, rows.length - 1)]!);
    const same = place.action === null ? undefined : controls.find((control) => control.getAttribute('data-action') === place.action);
    (same ?? controls[Math.min(place.index, controls.length - 1)])?.focus();
  }
}
