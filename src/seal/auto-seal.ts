import { CoreError } from '../errors.js';
import type { Backend } from '../storage/types.js';
import { startAutoUnseal, type AutoUnsealOptions } from './auto-unseal.js';
import type { SealWrapper } from './plugin-api.js';
import { writeRecoveryKey } from './recovery.js';
import { checkRecoveryKey, rootKeyFromSeal, upgradeKeys } from './root-key.js';
import { checkInitPlan, Seal, sealConfig, type InitKeyRequest, type SealConfigs, type StoredKeysHost, type StoredKeysUnsealer, type UnsealLoop } from './seal.js';
import { RECOVERY_SEAL_CONFIG_PATH, writeSealConfig } from './seal-config.js';
import { SealHealth, type SealHealthOptions, type SealHealthStatus } from './seal-health.js';
import { readStoredBlob, writeStoredKeys, type KeyWrapper } from './stored-keys.js';

export const AUTO_SEAL_BARRIER_NOT_SUPPORTED =
  'rekeying the barrier key of an auto seal is not supported by tsvault; use sys/rekey-recovery-key to rekey the recovery key, or sys/rotate to rotate the encryption key';

/**
 * An auto seal: a plugin's wrapper (a KMS, a transit server) wraps the root key itself, so the node
 * unseals at start-up without people (the fetch-retry loop). The operators hold shares of a
 * recovery key, stored wrapped by the seal, which authorise generate-root, rekey, unseal after a
 * manual seal and migration. After each stored-key unseal the keys are re-wrapped when the KMS key
 * changed, and a periodic health check watches the KMS.
 */
export class AutoSeal extends Seal {
  readonly recoveryKeys = true;
  readonly refusesRekey = { barrier: AUTO_SEAL_BARRIER_NOT_SUPPORTED };
  readonly wrapper: SealWrapper;
  #health: SealHealth | undefined;
  #loop: UnsealLoop | undefined;

  constructor(wrapper: SealWrapper) {
    super();
    this.wrapper = wrapper;
  }

  get type(): string {
    return this.wrapper.type;
  }

  planInit(req: InitKeyRequest): SealConfigs {
    const wrong: string[] = [];
    if (req.secret_shares) wrong.push('secret_shares');
    if (req.secret_threshold) wrong.push('secret_threshold');
    if (req.pgp_keys && req.pgp_keys.length > 0) wrong.push('pgp_keys');
    return checkInitPlan(req, wrong, this.type, {
      barrier: sealConfig(this.type, 1, 1, 1),
      recovery: sealConfig('shamir', req.recovery_shares || 5, req.recovery_threshold || 3, 0),
    });
  }

  async storeInitKeys(storage: Backend, configs: SealConfigs, rootKey: Uint8Array, operatorKey: Uint8Array): Promise<void> {
    await this.writeBarrierConfig(storage, configs.barrier);
    await writeSealConfig(storage, RECOVERY_SEAL_CONFIG_PATH, configs.recovery!);
    await writeRecoveryKey(storage, this.wrapper, operatorKey);
    await writeStoredKeys(storage, this.wrapper, [rootKey]);
  }

  /** Recovery shares (unseal after `vault operator seal`): checked, then the seal unwraps the root key. */
  async rootKeyFromShares(storage: Backend, combined: Uint8Array): Promise<Uint8Array> {
    await checkRecoveryKey(storage, this.wrapper, combined, 'invalid key: failed to verify recovery key: ');
    return rootKeyFromSeal(storage, this.wrapper);
  }

  verifyOperatorKey(storage: Backend, combined: Uint8Array): Promise<void> {
    return checkRecoveryKey(storage, this.wrapper, combined, 'recovery key verification failed: ');
  }

  /** Either target replaces the recovery key: the root key stays with the seal. */
  async rekeyOperatorKey(
    storage: Backend,
    _target: 'barrier' | 'recovery',
    key: Uint8Array,
    next: { shares: number; threshold: number },
    configs: SealConfigs,
  ): Promise<void> {
    await writeRecoveryKey(storage, this.wrapper, key);
    await writeSealConfig(storage, RECOVERY_SEAL_CONFIG_PATH, {
      ...(configs.recovery ?? configs.barrier),
      secret_shares: next.shares,
      secret_threshold: next.threshold,
    });
  }

  /**
   * A KMS may decrypt another key's blob by itself, so reading alone does not tell: the blob must
   * name the current key id too.
   */
  async readsStoredKeys(storage: Backend): Promise<boolean> {
    try {
      await this.wrapper.health?.();
      const blob = await readStoredBlob(storage);
      const current = this.wrapper.keyId();
      if (current && blob?.keyInfo?.keyId && blob.keyInfo.keyId !== current) return false;
      (await rootKeyFromSeal(storage, this.wrapper)).fill(0);
      return true;
    } catch {
      return false;
    }
  }

  async unsealWithStoredKeys(host: StoredKeysHost): Promise<void> {
    const log = host.logger;
    if (host.migrationPending) throw new CoreError('CORE_INTERNAL', 'cannot auto-unseal during seal migration');
    if (!host.sealed) {
      log.warn('attempted unseal with stored keys, but vault is already unsealed');
      return;
    }
    log.info('stored unseal keys supported, attempting fetch');
    if (!(await host.initialized())) {
      throw new CoreError('BARRIER_CORRUPT', 'stored unseal keys are supported, but none were found');
    }
    const rootKey = await rootKeyFromSeal(host.storage, this.wrapper);
    try {
      await host.open(rootKey);
    } catch (cause) {
      throw new CoreError('CORE_INTERNAL', `unseal with stored key failed: ${(cause as Error).message}`, { cause });
    }
    log.info('unsealed with stored key');
    await upgradeKeys(host.storage, this.wrapper, log);
  }

  startUnsealLoop(core: StoredKeysUnsealer, opts: AutoUnsealOptions): UnsealLoop {
    this.#loop = startAutoUnseal(core, opts);
    return this.#loop;
  }

  startHealthCheck(opts: SealHealthOptions): void {
    this.#health?.stop();
    this.#health = new SealHealth(this.wrapper, opts);
    this.#health.start();
  }

  stopHealthCheck(): void {
    this.#health?.stop();
  }

  backendStatus(): SealHealthStatus {
    const health = this.#health?.status() ?? { healthy: true, backends: [{ name: this.type, healthy: true }] };
    return this.#loop ? { ...health, auto_unseal: this.#loop.status() } : health;
  }

  rootKeyWrapper(): KeyWrapper {
    return this.wrapper;
  }

  async close(): Promise<void> {
    this.stopHealthCheck();
    await this.wrapper.close?.();
  }
}
