// One task at a time per key (a case, a document, a recording, a round) on this node; tasks of
// different keys run side by side. A task that fails does not stop the ones queued behind it.
// Across nodes the store's version checks still decide: this only spares a node from racing
// itself (and retrying) on the same record.
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const settled = result.catch(() => undefined);
    this.#tails.set(key, settled);
    void settled.then(() => {
      if (this.#tails.get(key) === settled) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task queued so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
  }
}
