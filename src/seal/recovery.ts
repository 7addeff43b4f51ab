import { timingSafeEqual } from 'node:crypto';
import { CoreError } from '../errors.js';
import type { SealedBlob } from './plugin-api.js';
import type { KeyWrapper } from './stored-keys.js';
import type { Backend } from '../storage/types.js';

export const RECOVERY_KEY_PATH = 'core/recovery-key';

/** The recovery key (auto seals only), stored outside the barrier wrapped by the seal. */
export async function writeRecoveryKey(storage: Backend, seal: KeyWrapper, key: Uint8Array): Promise<void> {
  const blob = await seal.encrypt(key, Buffer.from(RECOVERY_KEY_PATH));
  await storage.put(RECOVERY_KEY_PATH, Buffer.from(JSON.stringify(blob)));
}

export async function readRecoveryBlob(storage: Backend): Promise<SealedBlob | null> {
  const raw = await storage.get(RECOVERY_KEY_PATH);
  return raw ? (JSON.parse(Buffer.from(raw).toString('utf8')) as SealedBlob) : null;
}

export async function readRecoveryKey(storage: Backend, seal: KeyWrapper): Promise<Uint8Array> {
  const blob = await readRecoveryBlob(storage);
  if (!blob) throw new CoreError('BARRIER_CORRUPT', 'recovery key not found');
  return seal.decrypt(blob, Buffer.from(RECOVERY_KEY_PATH));
}

/** Vault's VerifyRecoveryKey: decrypt the stored key through the seal, compare in constant time. */
export async function verifyRecoveryKey(storage: Backend, seal: KeyWrapper, candidate: Uint8Array): Promise<boolean> {
  const stored = Buffer.from(await readRecoveryKey(storage, seal));
  const given = Buffer.from(candidate);
  try {
    return stored.length === given.length && timingSafeEqual(stored, given);
  } finally {
    stored.fill(0);
  }
}
