import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';
import { migrate, type Failpoint, type MigrationBarrier } from './migration.js';
import type { Seal } from './seal.js';
import type { SealConfigs } from './seal-config.js';

export interface OpenAndMigrate {
  storage: Backend;
  barrier: MigrationBarrier;
  configs: SealConfigs;
  /** What the operator's shares combined to: the old Shamir KEK or the recovery key. */
  operatorKey: Uint8Array;
  logger: Logger;
  fail: Failpoint;
}

/**
 * The two seals of a configured migration: `from` (a `disabled = "true"` block, or Shamir) and
 * `to` (the seal in force, the one the core holds).
 */
export class MigrationPair {
  constructor(
    readonly from: Seal,
    readonly to: Seal,
  ) {}

  /**
   * Whether the migration is still to be done (Vault's sealMigrated): the stored seal type is the
   * old one. With the same type on both sides (awskms with another key, another transit key) it is
   * done when the new seal reads the stored keys with its current key.
   */
  async pending(storage: Backend, storedType: string): Promise<boolean> {
    if (storedType !== this.from.type) return false;
    if (this.from.type !== this.to.type) return true;
    return !(await this.to.readsStoredKeys(storage));
  }

  /** Start-up: this pair while the migration is pending (logged as Vault does), else undefined. */
  async ifPending(storage: Backend, storedType: string, logger: Logger): Promise<MigrationPair | undefined> {
    if (!(await this.pending(storage, storedType))) {
      logger.info('migration is already performed');
      return undefined;
    }
    logger.warn('entering seal migration mode; Vault will not automatically unseal even if using an autoseal', {
      from_barrier_type: this.from.type,
      to_barrier_type: this.to.type,
    });
    return this;
  }

  /**
   * The shares are checked against the old seal as an unseal would check them, the barrier is opened
   * with the root key the old seal holds, and the keys move to the new seal (migration.ts). The
   * barrier is left sealed; returns the root key now in force.
   */
  async openAndMigrate(m: OpenAndMigrate): Promise<Uint8Array> {
    const rootKey = await this.from.rootKeyFromShares(m.storage, m.operatorKey);
    m.logger.info('seal migration initiated');
    await m.barrier.unseal(rootKey);
    try {
      return await migrate({ ...m, from: this.from, to: this.to, rootKey });
    } finally {
      m.barrier.seal();
      rootKey.fill(0);
    }
  }

  async close(): Promise<void> {
    await this.from.close();
  }
}
