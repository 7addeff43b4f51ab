import { combine } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { SealWrapper } from './plugin-api.js';
import type { Backend } from '../storage/types.js';
import { readRecoveryBlob, readRecoveryKey, verifyRecoveryKey, writeRecoveryKey } from './recovery.js';
import { readStoredBlob, readStoredKeys, writeStoredKeys, type KeyWrapper } from './stored-keys.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Combine shares (a single share is the key itself), with Vault's error text. */
export function combineShares(parts: readonly Uint8Array[], threshold: number): Uint8Array {
  try {
    return threshold === 1 ? Uint8Array.from(parts[0]!) : combine(parts);
  } catch (cause) {
    throw new CoreError('CORE_INVALID_KEY', `invalid key: failed to compute combined key: ${message(cause)}`, { cause });
  }
}

function exactlyOne(keys: Uint8Array[] | null): Uint8Array {
  if (!keys || keys.length === 0) throw new CoreError('BARRIER_CORRUPT', 'stored unseal keys are supported, but none were found');
  if (keys.length !== 1) throw new CoreError('BARRIER_CORRUPT', 'expected exactly one stored key');
  return keys[0]!;
}

/** Shamir: the combined shares are the KEK (here its wrapper) that opens the stored root key. */
export async function rootKeyFromKek(storage: Backend, kek: KeyWrapper): Promise<Uint8Array> {
  try {
    return exactlyOne(await readStoredKeys(storage, kek));
  } catch (cause) {
    if (cause instanceof CoreError && cause.code === 'BARRIER_CORRUPT') throw cause;
    throw new CoreError(
      'CORE_INVALID_KEY',
      `unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: ${message(cause)}`,
      { cause },
    );
  }
}

/** Auto seal: the KMS or transit server unwraps the stored root key (Vault's UnsealWithStoredKeys). */
export async function rootKeyFromSeal(storage: Backend, seal: KeyWrapper): Promise<Uint8Array> {
  let keys: Uint8Array[] | null;
  try {
    keys = await readStoredKeys(storage, seal);
  } catch (cause) {
    throw new CoreError('SEAL_UNAVAILABLE', `fetching stored unseal keys failed: ${message(cause)}`, { cause });
  }
  return exactlyOne(keys);
}

/** Auto seal: recovery shares must match the stored recovery key. */
export async function checkRecoveryKey(storage: Backend, seal: KeyWrapper, combined: Uint8Array, prefix: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await verifyRecoveryKey(storage, seal, combined);
  } catch (cause) {
    throw new CoreError('SEAL_UNAVAILABLE', `${prefix}${message(cause)}`, { cause });
  }
  if (!ok) throw new CoreError('CORE_INVALID_KEY', `${prefix}recovery key does not match submitted values`);
}

/**
 * After an auto unseal, re-wrap the stored keys with the seal's current key when they were
 * wrapped by an older one (Vault's UpgradeKeys: `upgrading stored keys`, `upgrading recovery key`).
 */
export async function upgradeKeys(storage: Backend, seal: SealWrapper, logger: Logger): Promise<void> {
  try {
    // A round trip first, as Vault encrypts a test value, so keyId() names the key in use now.
    await seal.health?.();
    const current = seal.keyId();
    if (!current) return;
    const stored = await readStoredBlob(storage);
    if (stored && stored.keyInfo?.keyId !== current) {
      logger.info('upgrading stored keys');
      const keys = await readStoredKeys(storage, seal);
      if (keys) await writeStoredKeys(storage, seal, keys);
    }
    const recovery = await readRecoveryBlob(storage);
    if (recovery && recovery.keyInfo?.keyId !== current) {
      logger.info('upgrading recovery key');
      const key = await readRecoveryKey(storage, seal);
      await writeRecoveryKey(storage, seal, key);
      key.fill(0);
    }
  } catch (err) {
    logger.warn('post-unseal upgrade seal keys failed', { error: message(err) });
  }
}
