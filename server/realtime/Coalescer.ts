// Coalesces requests for a piece of work that only the latest state matters to (showing the
// courtroom to its attendees): the first request runs it on the next turn of the event loop;
// requests within `intervalMs` of a run are answered by one more run at the interval's end.
// Nobody waits longer than the interval to see the latest state, and however fast the state
// changes, the work runs at most once per interval.
export class Coalescer {
  readonly #intervalMs: number;
  readonly #task: () => void;
  #due = false;
  #lastRun = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  constructor(intervalMs: number, task: () => void) {
    this.#intervalMs = intervalMs;
    this.#task = task;
  }

  request(): void {
    if (this.#due) return;
    this.#due = true;
    const wait = this.#lastRun + this.#intervalMs - performance.now();
    if (wait <= 0) this.#timer = setImmediate(() => this.#run());
    else this.#timer = setTimeout(() => this.#run(), wait).unref();
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

  #run(): void {
    this.#timer = undefined;
    this.#due = false;
    this.#lastRun = performance.now();
    this.#task();
  }
}
