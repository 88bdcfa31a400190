// A minimal event emitter whose event map is a type (as mediasoup's EnhancedEventEmitter).
// A throwing listener is logged and does not stop the others.

export class TypedEmitter<Events extends Record<string, unknown[]>> {
  readonly #listeners = new Map<keyof Events, Set<(...args: never[]) => void>>();

  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (...args: never[]) => void);
    return () => set.delete(listener as (...args: never[]) => void);
  }

  protected safeEmit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (...a: Events[E]) => void)(...args);
      } catch (error) {
        console.error(`listener of "${String(event)}" threw`, error);
      }
    }
  }
}
