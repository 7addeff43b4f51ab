import { CoreError } from '../errors.js';
import type { SealedBlob, SealWrapper } from './plugin-api.js';
import type { Backend } from '../storage/types.js';

/** What wraps a key: a plugin's wrapper, or the Shamir seal's KEK. */
export type KeyWrapper = Pick<SealWrapper, 'encrypt' | 'decrypt'>;

export const STORED_KEYS_PATH = 'core/hsm/barrier-unseal-keys';

/**
 * The root key, stored outside the barrier wrapped by the seal (Vault's SetStoredKeys): the
 * plaintext is a JSON array of base64 keys, the stored value the seal's blob as JSON.
 */
export async function writeStoredKeys(storage: Backend, wrapper: KeyWrapper, keys: Uint8Array[]): Promise<void> {
  const plain = Buffer.from(JSON.stringify(keys.map((k) => Buffer.from(k).toString('base64'))));
  const blob = await wrapper.encrypt(plain, Buffer.from(STORED_KEYS_PATH));
  plain.fill(0);
  await storage.put(STORED_KEYS_PATH, Buffer.from(JSON.stringify(blob)));
}

export async function readStoredBlob(storage: Backend): Promise<SealedBlob | null> {
  const raw = await storage.get(STORED_KEYS_PATH);
  if (!raw) return null;
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8')) as SealedBlob;
  } catch (cause) {
    throw new CoreError('BARRIER_CORRUPT', 'failed to decode stored keys', { cause });
  }
}

/** Null when nothing is stored; throws when the seal cannot decrypt what is. */
export async function readStoredKeys(storage: Backend, wrapper: KeyWrapper): Promise<Uint8Array[] | null> {
  const blob = await readStoredBlob(storage);
  if (!blob) return null;
  const plain = await wrapper.decrypt(blob, Buffer.from(STORED_KEYS_PATH));
  const list = JSON.parse(Buffer.from(plain).toString('utf8')) as string[];
  plain.fill(0);
  return list.map((k) => Buffer.from(k, 'base64'));
}
