/**
 * localkey: a template seal plugin. It wraps with AES-256-GCM under a 32-byte key kept in a file
 * (hex or base64), named by `key_file` in the seal block or LOCALKEY_SEAL_KEY_FILE in the
 * environment (go-kms-wrapping's precedence: the environment wins unless disallow_env_vars).
 * The key id is `key_id` (default: the first 16 hex digits of the key's SHA-256), so pointing
 * key_file at a new key and keeping the old one as `previous_key_file` is a rotation: new blobs use
 * the new key, old blobs still open. Not a KMS: the key lies on the same disk as the data, so this
 * is for tests and as a starting point for a real plugin.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readSetting, SealError, type SealContext, type SealedBlob, type SealPlugin, type SealWrapper } from '@tsvault/seal-plugin-api';

/** The blob's mechanism number for this seal (go-kms-wrapping blobs carry one). */
export const MECHANISM_LOCAL_AES_GCM = 1;

interface Key {
  id: string;
  bytes: Uint8Array;
}

async function readKey(path: string, explicitId: string): Promise<Key> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (err) {
    // Configuration: create() fails and the server stops with this message.
    throw new SealError('SEAL_INVALID_CONFIG', `error reading key_file ${path}: ${(err as Error).message}`, { cause: err });
  }
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new SealError('SEAL_INVALID_CONFIG', `key_file ${path} must hold 32 bytes (64 hex digits or base64)`);
  const id = explicitId || createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return { id, bytes: new Uint8Array(bytes) };
}

export class LocalKeyWrapper implements SealWrapper {
  readonly type = 'localkey';
  readonly #current: Key;
  readonly #keys: Map<string, Key>;
  readonly #aead: SealContext['aead'];

  constructor(current: Key, previous: Key[], aead: SealContext['aead']) {
    this.#current = current;
    this.#keys = new Map([...previous, current].map((k) => [k.id, k]));
    this.#aead = aead;
  }

  keyId(): string {
    return this.#current.id;
  }

  async encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob> {
    const sealed = this.#aead.seal(this.#current.bytes, plaintext, aad);
    return {
      ciphertext: Buffer.from(sealed).toString('base64'),
      keyInfo: { mechanism: MECHANISM_LOCAL_AES_GCM, keyId: this.#current.id },
    };
  }

  async decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array> {
    const id = blob.keyInfo?.keyId ?? '';
    const key = this.#keys.get(id);
    if (!key) throw new SealError('SEAL_DECRYPT', `no key with id ${JSON.stringify(id)}`);
    try {
      return this.#aead.open(key.bytes, Buffer.from(blob.ciphertext, 'base64'), aad);
    } catch (err) {
      // Whatever the aead threw, the contract's code for "the seal said no" is SEAL_DECRYPT.
      throw new SealError('SEAL_DECRYPT', `error decrypting data: ${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    for (const k of this.#keys.values()) k.bytes.fill(0);
  }
}

const plugin: SealPlugin = {
  apiVersion: 1,
  type: 'localkey',
  sensitiveKeys: [],
  async create(config, ctx) {
    const keyFile = readSetting(config, ctx.env, 'key_file', ['LOCALKEY_SEAL_KEY_FILE']);
    if (keyFile === '') throw new SealError('SEAL_INVALID_CONFIG', 'key_file is required');
    const current = await readKey(keyFile, config.key_id ?? '');
    const previousFile = config.previous_key_file ?? '';
    const previous = previousFile === '' ? [] : [await readKey(previousFile, config.previous_key_id ?? '')];
    ctx.logger.debug('localkey seal configured', { key_file: keyFile, key_id: current.id });
    return new LocalKeyWrapper(current, previous, ctx.aead);
  },
};

export default plugin;
