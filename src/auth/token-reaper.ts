/**
 * The periodic revocation of expired tokens (the timer half of Vault's expiration manager). Runs
 * never overlap; failures are logged and retried at the next tick; the timer never keeps the
 * process alive.
 */
import type { Logger } from '../log/types.js';
import { isExpired, type TokenEntry } from './token-entry.js';

/** What a pass needs of the token store. */
export interface ReapableStore {
  now(): number;
  entries(): AsyncGenerator<TokenEntry>;
  revokeTree(hash: string): Promise<void>;
}

/** One pass: revoke every expired token (and its tree); returns how many expired tokens were found. */
export async function reapExpired(store: ReapableStore, log: Logger | undefined): Promise<number> {
  const now = store.now();
  let count = 0;
  for await (const entry of store.entries()) {
    if (isExpired(entry, now)) {
      await store.revokeTree(entry.hash);
      count += 1;
    }
  }
  if (count > 0) log?.debug('revoked expired tokens', { count });
  return count;
}

export class TokenReaper {
  readonly #reap: () => Promise<number>;
  readonly #log: Logger | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(reap: () => Promise<number>, logger?: Logger) {
    this.#reap = reap;
    this.#log = logger;
  }

  get started(): boolean {
    return this.#timer !== undefined;
  }

  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => void this.#tick(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.#reap();
    } catch (err) {
      this.#log?.error('failed to revoke expired tokens', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.#running = false;
    }
  }
}
