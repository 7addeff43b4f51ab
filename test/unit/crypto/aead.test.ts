import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoError } from '../../../src/errors.js';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, aeadOpen, aeadSeal } from '../../../src/crypto/aead.js';

const enc = (s: string) => new TextEncoder().encode(s);
const AUTH_FAILED = 'cipher: message authentication failed';

function openError(fn: () => unknown): CryptoError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CryptoError);
    expect((err as CryptoError).code).toBe('CRYPTO_DECRYPT');
    return err as CryptoError;
  }
  throw new Error('expected CRYPTO_DECRYPT');
}

describe('aead (AES-256-GCM)', () => {
  const key = randomBytes(KEY_BYTES);

  it('round-trips with and without aad, laid out nonce || ciphertext || tag', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }), (pt, aad) => {
        const sealed = aeadSeal(key, pt, aad);
        expect(sealed).toHaveLength(NONCE_BYTES + pt.length + TAG_BYTES);
        expect(Buffer.from(aeadOpen(key, sealed, aad)).equals(Buffer.from(pt))).toBe(true);
      }),
    );
  });

  it('uses a fresh nonce each time', () => {
    const a = aeadSeal(key, enc('same'));
    const b = aeadSeal(key, enc('same'));
    expect(Buffer.from(a.subarray(0, NONCE_BYTES)).equals(Buffer.from(b.subarray(0, NONCE_BYTES)))).toBe(false);
  });

  it('treats an empty aad like no aad, as Go does', () => {
    const sealed = aeadSeal(key, enc('x'), new Uint8Array(0));
    expect(new TextDecoder().decode(aeadOpen(key, sealed))).toBe('x');
  });

  it('fails with Go\'s text on a wrong key', () => {
    const sealed = aeadSeal(key, enc('secret'));
    expect(openError(() => aeadOpen(randomBytes(KEY_BYTES), sealed)).message).toBe(AUTH_FAILED);
  });

  it('fails on a wrong or missing aad', () => {
    const sealed = aeadSeal(key, enc('secret'), enc('core/keyring'));
    expect(openError(() => aeadOpen(key, sealed, enc('core/master'))).message).toBe(AUTH_FAILED);
    expect(openError(() => aeadOpen(key, sealed)).message).toBe(AUTH_FAILED);
  });

  it('fails when any byte is flipped', () => {
    const sealed = aeadSeal(key, enc('attack at dawn'));
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i]! ^= 0x01;
      expect(openError(() => aeadOpen(key, tampered)).message).toBe(AUTH_FAILED);
    }
  });

  it('fails on truncated input, down to nothing', () => {
    const sealed = aeadSeal(key, enc('attack at dawn'));
    for (const len of [0, 1, NONCE_BYTES, NONCE_BYTES + TAG_BYTES - 1, NONCE_BYTES + TAG_BYTES, sealed.length - 1]) {
      expect(openError(() => aeadOpen(key, sealed.subarray(0, len))).message).toBe(AUTH_FAILED);
    }
  });

  it('refuses keys that are not 32 bytes, without echoing them', () => {
    const short = Buffer.from('0123456789abcdef');
    const err = openError(() => aeadSeal(short, enc('x')));
    expect(err.message).toBe('crypto/aes: invalid key size 16');
    expect(openError(() => aeadOpen(short, new Uint8Array(40))).message).toBe('crypto/aes: invalid key size 16');
  });

  it('never puts key or plaintext bytes in its error', () => {
    const sealed = aeadSeal(key, enc('plaintext-marker'));
    sealed[sealed.length - 1]! ^= 0xff;
    const err = openError(() => aeadOpen(key, sealed));
    const text = `${err.message} ${String(err.cause)} ${err.stack ?? ''}`;
    expect(text).not.toContain(key.toString('hex'));
    expect(text).not.toContain('plaintext-marker');
    // OpenSSL's own error is kept as the cause, for debugging
    expect(err.cause).toBeInstanceOf(Error);
  });
});
