/**
 * Vault's PostgreSQL HA lock (PostgreSQLLock): a row in the HA table whose valid_until the holder
 * pushes TTL seconds ahead of the DATABASE's clock every renew interval; anyone may take a row that
 * has expired. Timings default to Vault's (TTL 15 s, renew every 5 s, retry every 1 s).
 *
 * Unlike Vault, the holder fences itself: heldUntil() is the moment the last successful acquiring
 * or renewing statement was SENT plus the TTL minus a safety margin (for clock rate differences),
 * and a timer aborts the `lost` signal when that moment passes without a successful renewal, so a
 * node that cannot reach the database steps down before the row expires and another node can take
 * it. A renewal that finds the row taken aborts `lost` at once. One renewal runs at a time; its
 * statement times out (HA pool) before the next is due. A renewal error is retried, not fatal.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log/types.js';
import type { HALock } from '../ha.js';

export interface LockTimings {
  ttlSeconds: number;
  renewIntervalMs: number;
  retryIntervalMs: number;
  /** Subtracted from the TTL in heldUntil(). */
  safetyMarginMs: number;
}

/** Vault's PostgreSQLLockTTLSeconds, PostgreSQLLockRenewInterval, PostgreSQLLockRetryInterval. */
export const VAULT_LOCK_TIMINGS: Readonly<LockTimings> = {
  ttlSeconds: 15,
  renewIntervalMs: 5_000,
  retryIntervalMs: 1_000,
  safetyMarginMs: 1_500,
};

/** What a lock needs from the backend. */
export interface LockStore {
  /** The lock upsert; true when the row is now ours. Throws a StorageError when it could not run. */
  tryLock(identity: string, key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Deletes the row if it is ours. */
  release(identity: string, key: string): Promise<void>;
}

interface Holding {
  lost: AbortController;
  until: number;
  renewTimer?: NodeJS.Timeout;
  expiryTimer?: NodeJS.Timeout;
}

function sleep(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}

export class PostgresLock implements HALock {
  readonly identity = randomUUID();
  readonly key: string;
  readonly #value: string;
  readonly #store: LockStore;
  readonly #timings: LockTimings;
  readonly #logger: Logger;
  #holding: Holding | undefined;
  #renewal: Promise<void> | undefined;

  constructor(key: string, value: string, store: LockStore, timings: LockTimings, logger: Logger) {
    this.key = key;
    this.#value = value;
    this.#store = store;
    this.#timings = timings;
    this.#logger = logger;
  }

  heldUntil(): number {
    const h = this.#holding;
    return h !== undefined && !h.lost.signal.aborted ? h.until : 0;
  }

  async lock(stop: AbortSignal): Promise<AbortSignal | null> {
    const current = this.#holding;
    if (current !== undefined && !current.lost.signal.aborted) return current.lost.signal;
    let failing = false;
    while (!stop.aborted) {
      const sentAt = performance.now();
      let got = false;
      try {
        got = await this.#store.tryLock(this.identity, this.key, this.#value, this.#timings.ttlSeconds);
        failing = false;
      } catch (err) {
        // Logged once per outage, then quietly retried.
        (failing ? this.#logger.debug : this.#logger.warn).call(this.#logger, 'failed to acquire the HA lock; retrying', {
          key: this.key,
          error: (err as Error).message,
        });
        failing = true;
      }
      if (got) {
        if (!stop.aborted) return this.#hold(sentAt);
        await this.#store.release(this.identity, this.key).catch(() => undefined);
        return null;
      }
      await sleep(this.#timings.retryIntervalMs, stop);
    }
    return null;
  }

  async unlock(): Promise<void> {
    const holding = this.#holding;
    this.#holding = undefined;
    if (holding === undefined) return;
    clearTimeout(holding.renewTimer);
    clearTimeout(holding.expiryTimer);
    // A renewal in flight would otherwise re-insert the row after the delete.
    await this.#renewal?.catch(() => undefined);
    try {
      await this.#store.release(this.identity, this.key);
    } catch (err) {
      this.#logger.warn('failed to release the HA lock; it expires by itself', {
        key: this.key,
        error: (err as Error).message,
      });
    }
  }

  #hold(sentAt: number): AbortSignal {
    const holding: Holding = { lost: new AbortController(), until: 0 };
    this.#holding = holding;
    this.#extend(holding, sentAt);
    this.#scheduleRenewal(holding, sentAt);
    return holding.lost.signal;
  }

  #extend(holding: Holding, sentAt: number): void {
    holding.until = sentAt + this.#timings.ttlSeconds * 1000 - this.#timings.safetyMarginMs;
    clearTimeout(holding.expiryTimer);
    holding.expiryTimer = setTimeout(
      () => this.#lose(holding, 'no renewal of the HA lock succeeded in time; stepping down before it expires'),
      Math.max(0, holding.until - performance.now()),
    );
  }

  #scheduleRenewal(holding: Holding, lastSentAt: number): void {
    const delay = Math.max(0, lastSentAt + this.#timings.renewIntervalMs - performance.now());
    holding.renewTimer = setTimeout(() => {
      const renewal = this.#renew(holding);
      this.#renewal = renewal;
      void renewal.finally(() => {
        if (this.#renewal === renewal) this.#renewal = undefined;
      });
    }, delay);
  }

  #current(holding: Holding): boolean {
    return this.#holding === holding && !holding.lost.signal.aborted;
  }

  async #renew(holding: Holding): Promise<void> {
    if (!this.#current(holding)) return;
    const sentAt = performance.now();
    try {
      const got = await this.#store.tryLock(this.identity, this.key, this.#value, this.#timings.ttlSeconds);
      if (!this.#current(holding)) return;
      if (!got) {
        this.#lose(holding, 'the HA lock was taken by another node');
        return;
      }
      this.#extend(holding, sentAt);
    } catch (err) {
      if (!this.#current(holding)) return;
      this.#logger.warn('failed to renew the HA lock; retrying', { key: this.key, error: (err as Error).message });
    }
    this.#scheduleRenewal(holding, sentAt);
  }

  #lose(holding: Holding, reason: string): void {
    if (holding.lost.signal.aborted) return;
    clearTimeout(holding.renewTimer);
    clearTimeout(holding.expiryTimer);
    this.#logger.warn(reason, { key: this.key });
    holding.lost.abort(new Error(reason));
  }
}
