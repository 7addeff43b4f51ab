import type { Logger } from '../log/types.js';
import type { AutoUnsealStatus } from './auto-unseal.js';
import type { SealWrapper } from './plugin-api.js';

/** Vault's seal.HealthTestIntervalNominal: how often a healthy seal is checked. */
export const SEAL_HEALTH_INTERVAL_NOMINAL_MS = 10 * 60_000;
/** Vault's seal.HealthTestIntervalUnhealthy: how often an unhealthy seal is checked. */
export const SEAL_HEALTH_INTERVAL_UNHEALTHY_MS = 60_000;
/** Vault's seal.HealthTestTimeout: a round trip that takes longer counts as a failure. */
export const SEAL_HEALTH_TIMEOUT_MS = 60_000;

export interface SealHealthOptions {
  logger: Logger;
  /** Vault checks every 10 minutes while healthy and every minute while not (the defaults). */
  healthyIntervalMs?: number;
  unhealthyIntervalMs?: number;
  /** How long one round trip may take before it counts as failed (Vault: 1 minute). */
  timeoutMs?: number;
  /** Only checks while this says the node is unsealed. */
  active: () => boolean;
}

export interface SealBackendStatus {
  name: string;
  healthy: boolean;
  unhealthy_since?: string;
}

export interface SealHealthStatus {
  healthy: boolean;
  unhealthy_since?: string;
  backends: SealBackendStatus[];
  /** tsvault's own field: the auto seal's start-up loop (auto-unseal.ts); absent under Shamir. */
  auto_unseal?: AutoUnsealStatus;
}

/**
 * The periodic seal health check (a round trip to the KMS or transit server while unsealed): logs
 * the loss and the recovery once each and answers GET sys/seal-backend-status.
 */
export class SealHealth {
  readonly #seal: SealWrapper;
  readonly #opts: SealHealthOptions;
  #healthy = true;
  #since: string | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(seal: SealWrapper, opts: SealHealthOptions) {
    this.#seal = seal;
    this.#opts = opts;
  }

  status(): SealHealthStatus {
    const since = this.#since ? { unhealthy_since: this.#since } : {};
    return { healthy: this.#healthy, ...since, backends: [{ name: this.#seal.type, healthy: this.#healthy, ...since }] };
  }

  /** One check now; also what the timer runs. */
  async check(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.#opts.timeoutMs ?? SEAL_HEALTH_TIMEOUT_MS;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`seal health check timed out after ${timeoutMs / 1000}s`)), timeoutMs);
      timer.unref();
    });
    try {
      const probe = this.#seal.health ? this.#seal.health() : this.#seal.encrypt(Buffer.from('health-check'));
      await Promise.race([probe, timedOut]);
      if (!this.#healthy) this.#opts.logger.info('seal backend is healthy again', { seal: this.#seal.type });
      this.#healthy = true;
      this.#since = undefined;
    } catch (err) {
      if (this.#healthy) {
        this.#since = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        this.#opts.logger.warn('seal backend is unhealthy', { seal: this.#seal.type, error: (err as Error).message });
      }
      this.#healthy = false;
    } finally {
      clearTimeout(timer);
    }
    return this.#healthy;
  }

  start(): void {
    const schedule = (): void => {
      this.#timer = setTimeout(
        async () => {
          if (this.#opts.active()) await this.check();
          schedule();
        },
        this.#healthy
          ? (this.#opts.healthyIntervalMs ?? SEAL_HEALTH_INTERVAL_NOMINAL_MS)
          : (this.#opts.unhealthyIntervalMs ?? SEAL_HEALTH_INTERVAL_UNHEALTHY_MS),
      );
      this.#timer.unref();
    };
    schedule();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
