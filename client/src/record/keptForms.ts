// Forms kept across new views of what they belong to (a push re-renders a round, a
// cross-examination, the offers), so that what is being typed in them survives.
export class KeptForms extends Map<string, HTMLElement> {
  /** The form kept under `key`, made the first time it is asked for. */
  kept(key: string, make: () => HTMLElement): HTMLElement {
    let form = this.get(key);
    if (form === undefined) {
      form = make();
      this.set(key, form);
    }
    return form;
  }
}
