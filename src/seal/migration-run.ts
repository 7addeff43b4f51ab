import type { Logger } from '../log/types.js';
import type { SealWrapper } from './plugin-api.js';
import type { Backend } from '../storage/types.js';
import type { Barrier } from '../core/barrier.js';
import { migrate, type Failpoint } from './migration.js';
import { checkRecoveryKey, rootKeyFromKek, rootKeyFromSeal } from './root-key.js';
import type { SealConfig } from './seal-config.js';
import { readStoredBlob } from './stored-keys.js';

/**
 * Whether a configured migration from `from` is still to be done (Vault's sealMigrated): the stored
 * seal type is the old one. With the same type on both sides (awskms with another key, another
 * transit key) it is done when the stored keys were wrapped by the new seal's key and it reads
 * them — a KMS may decrypt another key's blob by itself, so reading alone does not tell.
 */
export async function migrationPending(storage: Backend, storedType: string, from: SealWrapper, to: SealWrapper): Promise<boolean> {
  if (storedType !== from.type) return false;
  if (from.type !== to.type) return true;
  try {
    await to.health?.();
    const blob = await readStoredBlob(storage);
    const current = to.keyId();
    if (current && blob?.keyInfo?.keyId && blob.keyInfo.keyId !== current) return true;
    (await rootKeyFromSeal(storage, to)).fill(0);
    return false;
  } catch {
    return true;
  }
}

export interface OpenAndMigrate {
  storage: Backend;
  barrier: Barrier;
  from: SealWrapper;
  to: SealWrapper;
  configs: { barrier: SealConfig; recovery: SealConfig | null };
  /** What the operator's shares combined to: the old Shamir KEK or the recovery key. */
  operatorKey: Uint8Array;
  logger: Logger;
  fail: Failpoint;
}

/**
 * The shares are checked against the old seal as an unseal would check them, the barrier is opened
 * with the root key the old seal holds, and the keys move to the new seal (src/seal/migration.ts).
 * The barrier is left sealed; returns the root key now in force.
 */
export async function openAndMigrate(m: OpenAndMigrate): Promise<Uint8Array> {
  let rootKey: Uint8Array;
  if (m.from.type === 'shamir') {
    rootKey = await rootKeyFromKek(m.storage, m.from, m.operatorKey);
  } else {
    await checkRecoveryKey(m.storage, m.from, m.operatorKey, 'invalid key: failed to verify recovery key: ');
    rootKey = await rootKeyFromSeal(m.storage, m.from);
  }
  m.logger.info('seal migration initiated');
  await m.barrier.unseal(rootKey);
  try {
    return await migrate({
      storage: m.storage,
      barrier: m.barrier,
      from: { type: m.from.type, wrapper: m.from },
      to: { type: m.to.type, wrapper: m.to },
      configs: m.configs,
      operatorKey: m.operatorKey,
      rootKey,
      logger: m.logger,
      fail: m.fail,
    });
  } finally {
    m.barrier.seal();
    rootKey.fill(0);
  }
}
