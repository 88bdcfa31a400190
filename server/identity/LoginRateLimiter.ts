// Slows down password guessing: a fixed number of attempts per window per client address and
// per user name. Kept in memory on each node (a guesser spread over nodes gets each node's
// allowance); the account lockout, which is in the record store, is the court-wide backstop.
import { CourtError } from '../domain/CourtError.js';

export interface RateLimit {
  attempts: number;
  windowMs: number;
}

export class LoginRateLimiter {
  readonly #perAddress: RateLimit;
  readonly #perUser: RateLimit;
  readonly #now: () => number;
  readonly #attempts = new Map<string, number[]>();

  constructor(perAddress: RateLimit, perUser: RateLimit, now: () => number = Date.now) {
    this.#perAddress = perAddress;
    this.#perUser = perUser;
    this.#now = now;
  }

  /** Counts one attempt; throws TOO_MANY_ATTEMPTS (with the wait in the message) when over. */
  take(address: string, username: string): void {
    const waits = [this.#take(`ip:${address}`, this.#perAddress), this.#take(`user:${username.toLowerCase()}`, this.#perUser)];
    const wait = Math.max(...waits);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      const error = new CourtError('TOO_MANY_ATTEMPTS', `too many sign-in attempts; wait ${seconds} s and try again`);
      (error as CourtError & { retryAfterSeconds?: number }).retryAfterSeconds = seconds;
      throw error;
    }
  }

  #take(key: string, limit: RateLimit): number {
    const now = this.#now();
    const recent = (this.#attempts.get(key) ?? []).filter((at) => at > now - limit.windowMs);
    if (recent.length >= limit.attempts) {
      this.#attempts.set(key, recent);
      return recent[0]! + limit.windowMs - now;
    }
    recent.push(now);
    this.#attempts.set(key, recent);
    if (this.#attempts.size > 100_000) this.#forgetOld(now);
    return 0;
  }

  #forgetOld(now: number): void {
    const horizon = Math.max(this.#perAddress.windowMs, this.#perUser.windowMs);
    for (const [key, times] of this.#attempts) if (times.every((at) => at <= now - horizon)) this.#attempts.delete(key);
  }
}
