/**
 * sys/init, sys/seal-status, sys/unseal, sys/seal, sys/health, sys/leader ([V] api/sys_init.go,
 * api/sys_seal.go, api/sys_health.go, api/sys_leader.go).
 */
import type {
  HealthResponse,
  InitRequest,
  InitResponse,
  InitStatusResponse,
  LeaderResponse,
  SealStatusResponse,
  UnsealRequest,
} from '../wire/index.js';
import type { Sender } from './sender.js';

/** The sys/health codes Vault's client overrides so that every state decodes as a body. */
const HEALTH_DEFAULTS: Readonly<Record<string, string>> = {
  drsecondarycode: '299',
  performancestandbycode: '299',
  sealedcode: '299',
  standbycode: '299',
  uninitcode: '299',
};

export const sysSeal = {
  initStatus(this: Sender): Promise<InitStatusResponse> {
    return this.call('GET', 'sys/init');
  },

  init(this: Sender, body: InitRequest): Promise<InitResponse> {
    return this.call('PUT', 'sys/init', body);
  },

  sealStatus(this: Sender): Promise<SealStatusResponse> {
    return this.call('GET', 'sys/seal-status');
  },

  /**
   * PUT sys/unseal. `{reset: true}` sends `{"reset":true}` (ResetUnsealProcess); otherwise the
   * body is Vault's UnsealOpts: `{"key":…,"reset":false,"migrate":…}`.
   */
  unseal(this: Sender, options: UnsealRequest): Promise<SealStatusResponse> {
    const body = options.reset
      ? { reset: true }
      : { key: options.key ?? '', reset: false, migrate: options.migrate ?? false };
    return this.call('PUT', 'sys/unseal', body);
  },

  async seal(this: Sender): Promise<void> {
    await this.call('PUT', 'sys/seal');
  },

  /** PUT sys/step-down: the active HA node gives up the lock. */
  async stepDown(this: Sender): Promise<void> {
    await this.call('PUT', 'sys/step-down');
  },

  /** GET sys/health; every state decodes as a body (429, a standby's default, included). */
  async health(this: Sender, query?: Readonly<Record<string, string>>): Promise<HealthResponse> {
    const merged: Record<string, string> = { ...HEALTH_DEFAULTS, ...query };
    const res = await this.send('GET', 'sys/health', {
      query: Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, [v]])),
    });
    if (res.error && res.status !== 429) throw res.error;
    return this.decode<HealthResponse>(res);
  },

  leader(this: Sender): Promise<LeaderResponse> {
    return this.call('GET', 'sys/leader');
  },
};
