import { randomBytes } from 'node:crypto';
import { split } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import { operatorKeysConfig } from '../seal/seal-config.js';
import type { Core } from './core.js';
import type { KeyAuthority } from './key-authority.js';

/**
 * The core's KeyAuthority: shares are checked the way unseal checks them and rekey replaces the
 * operators' key, both as the seal says (Shamir: the KEK that opens the stored root key; auto: the
 * recovery key). New shares are returned only after every write, so until then the old shares stay
 * valid — except in the short window between the wrapped-key write and the config write (see README).
 */
export function createKeyAuthority(core: Core, invalidate: () => void): KeyAuthority {
  return {
    get sealed() {
      return core.sealed;
    },
    async keyConfig() {
      if (!(await core.initialized())) return null;
      const c = await core.configs();
      const keys = operatorKeysConfig(c);
      return {
        shares: keys.secret_shares,
        threshold: keys.secret_threshold,
        refusesRekey: core.barrierSeal.refusesRekey,
        sealType: c.barrier.type,
      };
    },
    verify(combined) {
      return core.barrierSeal.verifyOperatorKey(core.storage, combined);
    },
    async createRootToken() {
      if (core.sealed) throw new CoreError('BARRIER_SEALED');
      return core.createRootToken();
    },
    rekey(target, shares, threshold) {
      return core.serial(async () => {
        if (core.sealed) throw new CoreError('BARRIER_SEALED');
        const c = await core.configs();
        const key = randomBytes(32);
        const parts = shares === 1 ? [Uint8Array.from(key)] : split(key, shares, threshold);
        try {
          await core.barrierSeal.rekeyOperatorKey(core.storage, target, key, { shares, threshold }, c, () => core.barrier.rootKey());
        } finally {
          key.fill(0);
          invalidate();
        }
        return parts;
      });
    },
  };
}
