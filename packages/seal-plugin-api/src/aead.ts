/**
 * AES-256-GCM on node:crypto for seals that wrap locally, laid out as Vault lays out its GCM values
 * (and byte for byte as tsvault's own): nonce(12) || ciphertext || tag(16). An aad, when given and
 * not empty, is authenticated, not encrypted. Failures never echo key material or plaintext.
 *
 * The key is 32 raw bytes or a secret KeyObject (node:crypto createSecretKey): a plugin that seals
 * often makes the KeyObject once and passes it, as given raw bytes every call builds its own.
 */
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { SealError } from './errors.js';

export const AEAD_KEY_BYTES = 32;
export const AEAD_NONCE_BYTES = 12;
export const AEAD_TAG_BYTES = 16;

/** Go's crypto/cipher text for any GCM open failure. */
const AUTH_FAILED = 'cipher: message authentication failed';

/** 32 raw bytes, or a secret KeyObject of 32 bytes made once. */
export type AeadKey = Uint8Array | KeyObject;

function checkKey(key: AeadKey, code: 'SEAL_ENCRYPT' | 'SEAL_DECRYPT'): void {
  const size = key instanceof Uint8Array ? key.length : key.type === 'secret' ? (key.symmetricKeySize ?? 0) : 0;
  // Go's aes.KeySizeError text; only the length is reported, never the key.
  if (size !== AEAD_KEY_BYTES) throw new SealError(code, `crypto/aes: invalid key size ${size}`);
}

/** Encrypts under a fresh random nonce. A key that is not 32 bytes: SEAL_ENCRYPT. */
export function aeadSeal(key: AeadKey, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
  checkKey(key, 'SEAL_ENCRYPT');
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
  if (aad !== undefined && aad.length > 0) cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const last = cipher.final();
  const tag = cipher.getAuthTag();
  const out = new Uint8Array(AEAD_NONCE_BYTES + body.length + last.length + AEAD_TAG_BYTES);
  out.set(nonce, 0);
  out.set(body, AEAD_NONCE_BYTES);
  out.set(last, AEAD_NONCE_BYTES + body.length);
  out.set(tag, AEAD_NONCE_BYTES + body.length + last.length);
  return out;
}

/** Reverses aeadSeal; any failure (wrong key, wrong aad, tampering, truncation) is SEAL_DECRYPT. */
export function aeadOpen(key: AeadKey, sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
  checkKey(key, 'SEAL_DECRYPT');
  if (sealed.length < AEAD_NONCE_BYTES + AEAD_TAG_BYTES) throw new SealError('SEAL_DECRYPT', AUTH_FAILED);
  const nonce = sealed.subarray(0, AEAD_NONCE_BYTES);
  const body = sealed.subarray(AEAD_NONCE_BYTES, sealed.length - AEAD_TAG_BYTES);
  const tag = sealed.subarray(sealed.length - AEAD_TAG_BYTES);
  let head: Buffer | undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
    decipher.setAuthTag(tag);
    if (aad !== undefined && aad.length > 0) decipher.setAAD(aad);
    head = decipher.update(body);
    const last = decipher.final(); // throws when the tag does not verify
    const out = new Uint8Array(head.length + last.length);
    out.set(head, 0);
    out.set(last, head.length);
    return out;
  } catch (err) {
    throw new SealError('SEAL_DECRYPT', AUTH_FAILED, { cause: err });
  } finally {
    head?.fill(0); // the intermediate (possibly unauthenticated) plaintext is not left behind
  }
}

/** AES-256-GCM for plugins that wrap locally (shamir; the local half of envelope encryption). */
export const aead = { seal: aeadSeal, open: aeadOpen };
