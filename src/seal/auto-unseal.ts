import type { Logger } from '../log/types.js';
import type { AutoUnsealStatus } from '../wire/seal.js';

export type { AutoUnsealStatus };

export interface AutoUnsealOptions {
  /** The server's unnamed logger: Vault logs `failed to unseal core` without a module. */
  logger: Logger;
  /** Between attempts; Vault's 5 s. */
  intervalMs: number;
  /** Hears every attempt: no error when it unsealed (telemetry's start-up loop counters). */
  onAttempt?: (error?: unknown) => void;
  /**
   * How many times the barrier has been opened (Barrier.opens): when it changes, the server was
   * unsealed another way (init, key shares). Still unsealed at the next attempt, that attempt runs
   * as in Vault (it logs that the server is already unsealed and ends the loop); sealed again by
   * then (`vault operator seal` right after init), the loop ends without an attempt, so the seal
   * sticks, where Vault's loop would unseal the server again.
   */
  opens?: () => number;
  /** The clock, for tests. */
  now?: () => number;
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Vault's runUnseal loop: with an auto seal, try to fetch and decrypt the stored root key at start
 * and every interval after, logging why it failed each time, until the node is unsealed or the
 * loop is stopped. Unlike Vault, nothing here is fatal: a KMS outage leaves the server up and
 * sealed, and the first attempt after the KMS returns unseals it.
 */
export function startAutoUnseal(
  core: { unsealWithStoredKeys(): Promise<void>; readonly sealed?: boolean },
  opts: AutoUnsealOptions,
): { stop(): void; done: Promise<void>; status(): AutoUnsealStatus } {
  const now = opts.now ?? Date.now;
  let stopped = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let status: AutoUnsealStatus = { state: 'trying', attempts: 0 };
  const opensAtStart = opts.opens?.();
  const unsealedElsewhere = (): boolean => opts.opens !== undefined && opts.opens() !== opensAtStart;
  const settle = (): AutoUnsealStatus => {
    // Unsealed some other way while waiting: over, whatever the last attempt said.
    if ((status.state === 'trying' || status.state === 'retrying') && unsealedElsewhere()) {
      status = { state: 'unsealed', attempts: status.attempts, ...(status.last_attempt ? { last_attempt: status.last_attempt } : {}) };
    }
    return status;
  };
  const done = (async () => {
    while (!stopped) {
      if (unsealedElsewhere() && core.sealed !== false) {
        settle();
        return;
      }
      const started = now();
      try {
        await core.unsealWithStoredKeys();
        status = { state: 'unsealed', attempts: status.attempts + 1, last_attempt: rfc3339(started) };
        opts.onAttempt?.();
        return;
      } catch (err) {
        if (stopped) return;
        const error = (err as Error).message;
        status = { state: 'retrying', attempts: status.attempts + 1, last_attempt: rfc3339(started), last_error: error, next_attempt: rfc3339(now() + opts.intervalMs) };
        opts.onAttempt?.(err);
        opts.logger.warn('failed to unseal core', { error });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, opts.intervalMs);
      });
    }
  })();
  return {
    stop() {
      stopped = true;
      if (status.state !== 'unsealed') {
        const { next_attempt: _next, ...rest } = status;
        status = { ...rest, state: 'stopped' };
      }
      if (timer) clearTimeout(timer);
      wake?.();
    },
    done,
    status: settle,
  };
}
