// Coalesces requests for a piece of work that only the latest state matters to (showing the
// courtroom to its attendees): the first request runs it on the next turn of the event loop;
// requests while it runs, or within `intervalMs` of its start, are answered by one more run once
// it has finished and the interval is over. Nobody waits much longer than the interval to see
// the latest state, and however fast the state changes, the work runs at most once per interval
// and never twice at once (a run may take several turns of the event loop). The interval may be
// a function, asked at each scheduling: work whose cost grows with the state can be spaced out
// as the state grows.
export class Coalescer {
  readonly #intervalMs: () => number;
  readonly #task: () => void | Promise<void>;
  #due = false;
  #running = false;
  #lastRun = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  constructor(intervalMs: number | (() => number), task: () => void | Promise<void>) {
    this.#intervalMs = typeof intervalMs === 'number' ? () => intervalMs : intervalMs;
    this.#task = task;
  }

  request(): void {
    if (this.#due) return;
    this.#due = true;
    if (!this.#running) this.#schedule();
  }

  /** Drops a pending run (the courtroom is closing). */
  cancel(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer as NodeJS.Timeout);
      clearImmediate(this.#timer as NodeJS.Immediate);
    }
    this.#timer = undefined;
    this.#due = false;
  }

  #schedule(): void {
    const wait = this.#lastRun + this.#intervalMs() - performance.now();
    if (wait <= 0) this.#timer = setImmediate(() => void this.#run());
    else this.#timer = setTimeout(() => void this.#run(), wait).unref();
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#due = false;
    this.#running = true;
    this.#lastRun = performance.now();
    try {
      await this.#task();
    } finally {
      this.#running = false;
      if (this.#due) this.#schedule();
    }
  }
}
