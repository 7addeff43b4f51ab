/**
 * AES-256-GCM on node:crypto, laid out as Vault lays out its GCM values:
 * nonce(12) || ciphertext || tag(16). Failures never echo key material or plaintext.
 *
 * Keys on a hot path are KeyObjects made once (aeadKey) when the key is loaded: given raw bytes,
 * every createCipheriv/createDecipheriv builds a KeyObject of its own, which costs more than the
 * cipher itself on Node 22+.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { CryptoError } from '../errors.js';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** Go's crypto/cipher text for any GCM open failure. */
const AUTH_FAILED = 'cipher: message authentication failed';

/** A 32-byte key as raw bytes, or as a secret KeyObject made once by aeadKey. */
export type AeadKey = Uint8Array | KeyObject;

function keySize(key: AeadKey): number {
  if (key instanceof Uint8Array) return key.length;
  return key.type === 'secret' ? (key.symmetricKeySize ?? 0) : 0;
}

function checkKey(key: AeadKey): void {
  const size = keySize(key);
  if (size !== KEY_BYTES) {
    // Go's aes.KeySizeError text; only the length is reported, never the key.
    throw new CryptoError('CRYPTO_DECRYPT', `crypto/aes: invalid key size ${size}`);
  }
}

/**
 * The KeyObject for a raw 32-byte key, to make once and reuse. It holds its own copy of the bytes
 * (zeroing `raw` afterwards does not change it); util.inspect and JSON.stringify of it show no key.
 */
export function aeadKey(raw: Uint8Array): KeyObject {
  checkKey(raw);
  return createSecretKey(raw);
}

/** Encrypts plaintext under a fresh random nonce; aad (if any) is authenticated, not encrypted. */
export function aeadSeal(key: AeadKey, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  if (aad !== undefined && aad.length > 0) cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const last = cipher.final();
  const tag = cipher.getAuthTag();
  const out = new Uint8Array(NONCE_BYTES + body.length + last.length + TAG_BYTES);
  out.set(nonce, 0);
  out.set(body, NONCE_BYTES);
  out.set(last, NONCE_BYTES + body.length);
  out.set(tag, NONCE_BYTES + body.length + last.length);
  return out;
}

/** Reverses aeadSeal; any failure (wrong key, wrong aad, tampering, truncation) is one CryptoError. */
export function aeadOpen(key: AeadKey, sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
  checkKey(key);
  if (sealed.length < NONCE_BYTES + TAG_BYTES) {
    throw new CryptoError('CRYPTO_DECRYPT', AUTH_FAILED);
  }
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  let head: Buffer | undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (aad !== undefined && aad.length > 0) decipher.setAAD(aad);
    head = decipher.update(body);
    const last = decipher.final(); // throws when the tag does not verify
    const out = new Uint8Array(head.length + last.length);
    out.set(head, 0);
    out.set(last, head.length);
    return out;
  } catch (err) {
    // OpenSSL's message carries no key material; it is kept as the cause for debugging.
    throw new CryptoError('CRYPTO_DECRYPT', AUTH_FAILED, { cause: err });
  } finally {
    head?.fill(0); // the intermediate (possibly unauthenticated) plaintext is not left behind
  }
}
