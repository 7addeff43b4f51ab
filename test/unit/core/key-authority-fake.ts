/**
 * A KeyAuthority over an in-memory key for the generate-root and rekey tests: shares of `key`
 * verify, anything else fails with the core's texts; rekey makes a new key and returns its shares.
 */
import { randomBytes } from 'node:crypto';
import { split } from '../../../src/crypto/shamir.js';
import { CoreError } from '../../../src/errors.js';
import type { KeyAuthority, KeyConfig } from '../../../src/core/key-authority.js';
import { AUTO_SEAL_BARRIER_NOT_SUPPORTED } from '../../../src/seal/auto-seal.js';

export const ROOT_TOKEN = `hvs.${'R'.repeat(12)}${'t'.repeat(12)}`;

export interface FakeAuthority extends KeyAuthority {
  sealed: boolean;
  config: KeyConfig | null;
  key: Uint8Array;
  shares: Uint8Array[];
  calls: string[];
}

export function fakeAuthority(options: { shares?: number; threshold?: number; recovery?: boolean } = {}): FakeAuthority {
  const n = options.shares ?? 5;
  const t = options.threshold ?? 3;
  const recovery = options.recovery ?? false;
  const key = randomBytes(32);
  const fake: FakeAuthority = {
    sealed: false,
    config: {
      shares: n,
      threshold: t,
      refusesRekey: recovery ? { barrier: AUTO_SEAL_BARRIER_NOT_SUPPORTED } : { recovery: 'recovery rekeying not supported' },
      sealType: recovery ? 'awskms' : 'shamir',
    },
    key,
    shares: t === 1 ? [Uint8Array.from(key)] : split(key, n, t),
    calls: [],
    async keyConfig() {
      return fake.config;
    },
    async verify(combined) {
      fake.calls.push('verify');
      if (Buffer.from(combined).equals(Buffer.from(fake.key))) return;
      throw recovery
        ? new CoreError('CORE_INVALID_KEY', 'recovery key verification failed: recovery key does not match submitted values')
        : new CoreError(
            'CORE_INVALID_KEY',
            'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed',
          );
    },
    async createRootToken() {
      fake.calls.push('createRootToken');
      return ROOT_TOKEN;
    },
    async rekey(target, shares, threshold) {
      fake.calls.push(`rekey ${target} ${shares} ${threshold}`);
      fake.key = randomBytes(32);
      const parts = shares === 1 ? [Uint8Array.from(fake.key)] : split(fake.key, shares, threshold);
      fake.shares = parts.map((p) => Uint8Array.from(p));
      return parts;
    },
  };
  return fake;
}

export { recordingLogger, type LogLine } from '../../support/recording-logger.js';
