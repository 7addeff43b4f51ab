import { CoreError } from '../errors.js';
import type { SealWrapper } from './plugin-api.js';
import { kekWrapper } from './kek.js';
import { rootKeyFromKek } from './root-key.js';
import { checkInitPlan, Seal, sealConfig, type InitKeyRequest, type SealConfigs, type StoredKeysHost, type UnsealLoop } from './seal.js';
import type { SealHealthStatus } from './seal-health.js';
import type { Backend } from '../storage/types.js';
import { writeStoredKeys, type KeyWrapper } from './stored-keys.js';

const RECOVERY_REKEY_NOT_SUPPORTED = 'recovery rekeying not supported';

/**
 * The Shamir seal: the operators' unseal shares combine to a key-encryption key (KEK) that wraps
 * the root key. The host holds the KEK and wraps with AES-256-GCM itself (kek.ts); the shamir
 * plugin, when one was loaded for a `seal "shamir"` block or a migration, is only closed with it.
 * No stored-key unseal, no health check, no recovery key.
 */
export class ShamirSeal extends Seal {
  readonly type = 'shamir';
  readonly recoveryKeys = false;
  readonly refusesRekey = { recovery: RECOVERY_REKEY_NOT_SUPPORTED };
  readonly #plugin: SealWrapper | undefined;
  #kek: Uint8Array | undefined;

  constructor(plugin?: SealWrapper) {
    super();
    this.#plugin = plugin;
  }

  /** The KEK in force (a copy is kept), and a wrapper that wraps with it. */
  #useKek(kek: Uint8Array): KeyWrapper {
    this.#kek?.fill(0);
    this.#kek = Uint8Array.from(kek);
    return kekWrapper(this.#kek);
  }

  /** Whether the host holds a KEK (after init, unseal or rekey). */
  get hasKek(): boolean {
    return this.#kek !== undefined;
  }

  planInit(req: InitKeyRequest): SealConfigs {
    const wrong: string[] = [];
    if (req.recovery_shares) wrong.push('recovery_shares');
    if (req.recovery_threshold) wrong.push('recovery_threshold');
    if (req.recovery_pgp_keys && req.recovery_pgp_keys.length > 0) wrong.push('recovery_pgp_keys');
    return checkInitPlan(req, wrong, this.type, { barrier: sealConfig('shamir', req.secret_shares, req.secret_threshold, 1), recovery: null });
  }

  async storeInitKeys(storage: Backend, configs: SealConfigs, rootKey: Uint8Array, operatorKey: Uint8Array): Promise<void> {
    const kek = this.#useKek(operatorKey);
    await this.writeBarrierConfig(storage, configs.barrier);
    await writeStoredKeys(storage, kek, [rootKey]);
  }

  async rootKeyFromShares(storage: Backend, combined: Uint8Array): Promise<Uint8Array> {
    const rootKey = await rootKeyFromKek(storage, kekWrapper(combined));
    this.#useKek(combined);
    return rootKey;
  }

  async verifyOperatorKey(storage: Backend, combined: Uint8Array): Promise<void> {
    (await this.rootKeyFromShares(storage, combined)).fill(0);
  }

  async rekeyOperatorKey(
    storage: Backend,
    target: 'barrier' | 'recovery',
    key: Uint8Array,
    next: { shares: number; threshold: number },
    configs: SealConfigs,
    rootKey: () => Uint8Array,
  ): Promise<void> {
    if (target === 'recovery') throw new CoreError('CORE_INVALID_REQUEST', RECOVERY_REKEY_NOT_SUPPORTED);
    const root = rootKey();
    try {
      await writeStoredKeys(storage, this.#useKek(key), [root]);
    } finally {
      root.fill(0);
    }
    await this.writeBarrierConfig(storage, { ...configs.barrier, secret_shares: next.shares, secret_threshold: next.threshold });
  }

  /** Without the operators' shares nothing is read: a migration to Shamir is never done by itself. */
  async readsStoredKeys(): Promise<boolean> {
    return false;
  }

  /** Vault: stored keys are not supported by a Shamir seal, so there is nothing to do. */
  async unsealWithStoredKeys(_host: StoredKeysHost): Promise<void> {}

  startUnsealLoop(): UnsealLoop | undefined {
    return undefined;
  }

  startHealthCheck(): void {}

  stopHealthCheck(): void {}

  backendStatus(): SealHealthStatus {
    return { healthy: true, backends: [{ name: this.type, healthy: true }] };
  }

  rootKeyWrapper(operatorKey: Uint8Array): KeyWrapper {
    return this.#useKek(operatorKey);
  }

  async close(): Promise<void> {
    this.#kek?.fill(0);
    this.#kek = undefined;
    await this.#plugin?.close?.();
  }
}
