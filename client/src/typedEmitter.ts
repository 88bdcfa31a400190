// A minimal event emitter whose event map is a type (as mediasoup's EnhancedEventEmitter).
// A throwing listener is logged and does not stop the others.

type Listener = (...args: unknown[]) => void;

export class TypedEmitter<Events extends Record<string, unknown[]>> {
  readonly #listeners = new Map<keyof Events, Set<Listener>>();

  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const stored = listener as unknown as Listener;
    set.add(stored);
    return () => set.delete(stored);
  }

  protected safeEmit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`a listener of "${String(event)}" threw`, error);
      }
    }
  }
}
