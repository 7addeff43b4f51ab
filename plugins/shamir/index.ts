/**
 * The shamir seal: wraps with the key-encryption key that the operators' unseal shares combine to.
 * The seal host (src/seal/shamir-seal.ts) holds that key and wraps with it itself, in this same
 * blob layout; it loads this plugin for `seal "shamir"` blocks and migrations but never hands it
 * the key. setKey is this wrapper's own method, not part of the plugin contract: without it every
 * call fails.
 */
import { aead, type SealedBlob, type SealPlugin, type SealWrapper } from '@tsvault/seal-plugin-api';

class ShamirWrapper implements SealWrapper {
  readonly type = 'shamir';
  #kek: Uint8Array | undefined;

  keyId(): string {
    return '';
  }

  setKey(kek: Uint8Array): void {
    this.#kek = Uint8Array.from(kek);
  }

  #key(): Uint8Array {
    if (!this.#kek) throw new Error('shamir seal has no key: unseal shares are needed');
    return this.#kek;
  }

  async encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob> {
    const sealed = aead.seal(this.#key(), plaintext, aad);
    return { ciphertext: Buffer.from(sealed).toString('base64') };
  }

  async decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array> {
    return aead.open(this.#key(), Buffer.from(blob.ciphertext, 'base64'), aad);
  }

  async close(): Promise<void> {
    this.#kek?.fill(0);
    this.#kek = undefined;
  }
}

const plugin: SealPlugin = {
  apiVersion: 1,
  type: 'shamir',
  sensitiveKeys: [],
  async create() {
    return new ShamirWrapper();
  },
};

export default plugin;
