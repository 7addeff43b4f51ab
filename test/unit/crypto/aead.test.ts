import { createSecretKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoError } from '../../../src/errors.js';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, aeadKey, aeadOpen, aeadSeal } from '../../../src/crypto/aead.js';

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

describe('aead with a KeyObject made once (aeadKey)', () => {
  const raw = Buffer.from(Array.from({ length: KEY_BYTES }, (_, i) => i));
  const plain = Buffer.from(Array.from({ length: 128 }, (_, i) => (i * 7) & 0xff));
  const aad = enc('secret/a');

  it('makes a secret KeyObject of the key, which keeps its bytes when the raw key is zeroed', () => {
    const copy = Buffer.from(raw);
    const key = aeadKey(copy);
    expect(key).toMatchObject({ type: 'secret', symmetricKeySize: KEY_BYTES });
    copy.fill(0);
    expect(Buffer.from(aeadOpen(raw, aeadSeal(key, plain, aad), aad)).equals(plain)).toBe(true);
  });

  it('is byte-compatible with the raw key both ways', () => {
    const key = aeadKey(raw);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }), (pt, ad) => {
        expect(Buffer.from(aeadOpen(raw, aeadSeal(key, pt, ad), ad)).equals(Buffer.from(pt))).toBe(true);
        expect(Buffer.from(aeadOpen(key, aeadSeal(raw, pt, ad), ad)).equals(Buffer.from(pt))).toBe(true);
      }),
    );
  });

  it('opens a value sealed by the code before KeyObjects (fixed vector), and fails it under another key', () => {
    const vectors = JSON.parse(readFileSync(new URL('../../fixtures/crypto/main-0ed32c2-vectors.json', import.meta.url), 'utf8')) as { aead: string };
    const sealed = Buffer.from(vectors.aead, 'base64');
    expect(Buffer.from(aeadOpen(aeadKey(raw), sealed, aad)).equals(plain)).toBe(true);
    expect(Buffer.from(aeadOpen(raw, sealed, aad)).equals(plain)).toBe(true);
    expect(openError(() => aeadOpen(aeadKey(randomBytes(KEY_BYTES)), sealed, aad)).message).toBe(AUTH_FAILED);
  });

  it('refuses KeyObjects that are not 32 bytes, and raw keys of another size, by length only', () => {
    const short = createSecretKey(Buffer.from('0123456789abcdef'));
    expect(openError(() => aeadSeal(short, enc('x'))).message).toBe('crypto/aes: invalid key size 16');
    expect(openError(() => aeadOpen(short, new Uint8Array(40))).message).toBe('crypto/aes: invalid key size 16');
    expect(openError(() => aeadKey(Buffer.alloc(31))).message).toBe('crypto/aes: invalid key size 31');
  });
});
