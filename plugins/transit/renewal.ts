/**
 * Token renewal for the transit seal, after go-kms-wrapping's use of Vault's LifetimeWatcher:
 * `auth/token/renew-self` once at start, then again at half of each new TTL, errors tolerated
 * until the token would expire (RenewBehaviorIgnoreErrors). One addition: Vault's start-up renew is
 * made while the transit server is known to be up (its test encrypt is fatal); tsvault starts when
 * the server is down, so a failed first renew that is a connection or 5xx error is retried with
 * backoff instead of disabling renewal. Timers are unref'd; stop() ends everything.
 */
import type { Logger } from '@tsvault/seal-plugin-api';
import { VaultRequestError, type TransitHttpClient, type VaultSecret } from './client.js';

export interface RenewalOptions {
  /** First retry delay after a transient start-up failure; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** No answer, or an answer that says "try later": the core retries these (SEAL_UNAVAILABLE). */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof VaultRequestError)) return false;
  const s = err.status;
  return s === undefined || s >= 500 || s === 408 || s === 412 || s === 429;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class TokenRenewer {
  readonly #client: TransitHttpClient;
  readonly #logger: Logger;
  readonly #maxRetryMs: number;
  #retryMs: number;
  #timer: NodeJS.Timeout | undefined;
  #expiresAt = 0;
  #stopped = false;

  constructor(client: TransitHttpClient, logger: Logger, opts: RenewalOptions = {}) {
    this.#client = client;
    this.#logger = logger;
    this.#retryMs = opts.retryMs ?? 2_000;
    this.#maxRetryMs = opts.maxRetryMs ?? 60_000;
  }

  /** The start-up renew; never throws. */
  async start(): Promise<void> {
    let secret: VaultSecret | null;
    try {
      secret = await this.#renewSelf();
    } catch (err) {
      if (isTransient(err)) {
        this.#logger.warn('unable to renew token, will retry', { err: messageOf(err), retry_in_ms: this.#retryMs });
        this.#after(this.#retryMs, () => void this.start());
        this.#retryMs = Math.min(this.#retryMs * 2, this.#maxRetryMs);
        return;
      }
      this.#logger.info('unable to renew token, disabling renewal', { err: messageOf(err) });
      return;
    }
    this.#scheduleFrom(secret);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #renewSelf(): Promise<VaultSecret | null> {
    // api.Auth().Token().RenewTokenAsSelf(token, 0)
    return this.#client.write('auth/token/renew-self', { increment: 0 });
  }

  #scheduleFrom(secret: VaultSecret | null): void {
    const ttl = secret?.auth?.lease_duration ?? 0;
    if (secret?.auth?.renewable !== true || !(ttl > 0)) {
      this.#logger.debug('token is not renewable or does not expire; not renewing it');
      return;
    }
    this.#expiresAt = Date.now() + ttl * 1000;
    this.#after((ttl * 1000) / 2, () => void this.#renew());
  }

  async #renew(): Promise<void> {
    try {
      const secret = await this.#renewSelf();
      this.#logger.trace('successfully renewed token');
      this.#scheduleFrom(secret);
    } catch (err) {
      this.#logger.error('error renewing token', { error: messageOf(err) });
      const remaining = this.#expiresAt - Date.now();
      if (remaining > 1_000) this.#after(remaining / 2, () => void this.#renew());
      else this.#logger.info('shutting down token renewal');
    }
  }

  #after(ms: number, fn: () => void): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(fn, ms);
    this.#timer.unref();
  }
}
