import type { Logger } from '../log/types.js';

export interface AutoUnsealOptions {
  /** The server's unnamed logger: Vault logs `failed to unseal core` without a module. */
  logger: Logger;
  /** Between attempts; Vault's 5 s. */
  intervalMs: number;
  /** Hears every attempt: no error when it unsealed (telemetry's start-up loop counters). */
  onAttempt?: (error?: unknown) => void;
}

/**
 * Vault's runUnseal loop: with an auto seal, try to fetch and decrypt the stored root key at start
 * and every interval after, logging why it failed each time, until the node is unsealed or the
 * loop is stopped. Unlike Vault, nothing here is fatal: a KMS outage leaves the server up and
 * sealed, and the first attempt after the KMS returns unseals it.
 */
export function startAutoUnseal(core: { unsealWithStoredKeys(): Promise<void> }, opts: AutoUnsealOptions): { stop(): void; done: Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const done = (async () => {
    while (!stopped) {
      try {
        await core.unsealWithStoredKeys();
        opts.onAttempt?.();
        return;
      } catch (err) {
        if (stopped) return;
        opts.onAttempt?.(err);
        opts.logger.warn('failed to unseal core', { error: (err as Error).message });
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
      if (timer) clearTimeout(timer);
      wake?.();
    },
    done,
  };
}
