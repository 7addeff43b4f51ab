/**
 * Deadlines for requests in flight, all of one duration (a listener's max_request_duration), kept
 * without a timer per request: requests are held in arrival order, which is also the order their
 * deadlines fall due, and one unref'd interval ticks while any is held, expiring the ones overdue.
 * A deadline fires up to one tick late (a quarter of the duration, at most 1 s).
 */
export class RequestDeadlines {
  readonly #ms: number;
  readonly #tickMs: number;
  readonly #held = new Map<object, { due: number; expire: () => void }>();
  #ticker: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
    this.#tickMs = Math.max(5, Math.min(1_000, Math.floor(ms / 4)));
  }

  /** Holds `key` until release(key); `expire` runs if that has not happened within the duration. */
  hold(key: object, expire: () => void): void {
    this.#held.set(key, { due: performance.now() + this.#ms, expire });
    if (this.#ticker === undefined) {
      this.#ticker = setInterval(() => this.#tick(), this.#tickMs);
      this.#ticker.unref();
    }
  }

  /** Stops watching `key`; false when its deadline already passed (expire ran). */
  release(key: object): boolean {
    return this.#held.delete(key);
  }

  #tick(): void {
    const now = performance.now();
    for (const [key, entry] of this.#held) {
      if (entry.due > now) break;
      this.#held.delete(key);
      entry.expire();
    }
    if (this.#held.size === 0) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }
}
