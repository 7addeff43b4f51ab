import { aeadOpen, aeadSeal } from '../crypto/aead.js';
import type { SealedBlob } from './plugin-api.js';
import type { KeyWrapper } from './stored-keys.js';

/**
 * AES-256-GCM under the Shamir key-encryption key, in the blob layout the shamir plugin always
 * wrote (`{ciphertext: base64(nonce || ciphertext || tag)}`, no key id), so stored keys stay readable.
 */
export function kekWrapper(kek: Uint8Array): KeyWrapper {
  return {
    async encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob> {
      return { ciphertext: Buffer.from(aeadSeal(kek, plaintext, aad)).toString('base64') };
    },
    async decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array> {
      return aeadOpen(kek, Buffer.from(blob.ciphertext, 'base64'), aad);
    },
  };
}
