import { randomBytes } from 'node:crypto';
import { split } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import type { Core } from './core.js';
import type { KeyAuthority } from './key-authority.js';
import { writeRecoveryKey } from './recovery.js';
import { checkRecoveryKey, rootKeyFromKek } from './root-key.js';
import { BARRIER_SEAL_CONFIG_PATH, RECOVERY_SEAL_CONFIG_PATH, writeSealConfig } from './seal-config.js';
import { writeStoredKeys } from './stored-keys.js';

/**
 * The core's KeyAuthority: shares are checked the way unseal checks them (Shamir: they must open
 * the stored root key; auto: they must match the recovery key), and rekey replaces the operators'
 * key. New shares are returned only after every write, so until then the old shares stay valid —
 * except in the short window between the wrapped-key write and the config write (see README).
 */
export function createKeyAuthority(core: Core, invalidate: () => void): KeyAuthority {
  return {
    get sealed() {
      return core.sealed;
    },
    async keyConfig() {
      if (!(await core.initialized())) return null;
      const c = await core.configs();
      const keys = c.recovery ?? c.barrier;
      return { shares: keys.secret_shares, threshold: keys.secret_threshold, recovery: core.auto, sealType: c.barrier.type };
    },
    async verify(combined) {
      if (core.auto) {
        await checkRecoveryKey(core.storage, core.wrapper, combined, 'recovery key verification failed: ');
        return;
      }
      const rootKey = await rootKeyFromKek(core.storage, core.wrapper, combined);
      rootKey.fill(0);
    },
    async createRootToken() {
      if (core.sealed) throw new CoreError('BARRIER_SEALED', 503, 'Vault is sealed');
      return core.createRootToken();
    },
    rekey(target, shares, threshold) {
      return core.serial(async () => {
        if (core.sealed) throw new CoreError('BARRIER_SEALED', 503, 'Vault is sealed');
        if (target === 'recovery' && !core.auto) throw new CoreError('CORE_INVALID_REQUEST', 400, 'recovery rekeying not supported');
        const c = await core.configs();
        const key = randomBytes(32);
        const parts = shares === 1 ? [Uint8Array.from(key)] : split(key, shares, threshold);
        try {
          if (target === 'recovery' || core.auto) {
            await writeRecoveryKey(core.storage, core.wrapper, key);
            await writeSealConfig(core.storage, RECOVERY_SEAL_CONFIG_PATH, { ...(c.recovery ?? c.barrier), secret_shares: shares, secret_threshold: threshold });
          } else {
            const rootKey = core.barrier.rootKey();
            core.wrapper.setKey?.(key);
            await writeStoredKeys(core.storage, core.wrapper, [rootKey]);
            rootKey.fill(0);
            await writeSealConfig(core.storage, BARRIER_SEAL_CONFIG_PATH, { ...c.barrier, secret_shares: shares, secret_threshold: threshold });
          }
        } finally {
          key.fill(0);
          invalidate();
        }
        return parts;
      });
    },
  };
}
