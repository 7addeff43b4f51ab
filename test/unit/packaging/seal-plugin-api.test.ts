/**
 * @tsvault/seal-plugin-api on its own: SealError recognised across copies of the package (brand,
 * code) and by the server's SealError, readSetting's precedence, Go's ParseBool and ParseDuration
 * with Go's error texts, and an AES-GCM byte-compatible with src/crypto/aead.ts both ways.
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  aead,
  isSealError,
  parseGoBool,
  parseGoDuration,
  readSetting,
  SEAL_ERROR_BRAND,
  SEAL_ERROR_CODES,
  SealError,
  sealErrorCode,
} from '@tsvault/seal-plugin-api';
import { aeadOpen, aeadSeal } from '../../../src/crypto/aead.js';
import { ERROR_CODES, SealError as ServerSealError, TsvaultError } from '../../../src/errors.js';

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** What a plugin's own copy of the package makes: another class, the same brand. */
class OtherCopySealError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'SealError';
    Object.defineProperty(this, Symbol.for('@tsvault/seal-plugin-api.SealError'), { value: true });
  }
}

describe('SealError', () => {
  it('keeps its code, message, name and cause', () => {
    const cause = new Error('dial tcp: connection refused');
    const e = new SealError('SEAL_UNAVAILABLE', 'error encrypting data: boom', { cause });
    expect(e).toMatchObject({ code: 'SEAL_UNAVAILABLE', message: 'error encrypting data: boom', name: 'SealError', cause });
    expect(e).toBeInstanceOf(Error);
    expect((e as unknown as Record<symbol, unknown>)[SEAL_ERROR_BRAND]).toBe(true);
  });

  it('is recognised across copies of the package by its brand, and by code', () => {
    const other = new OtherCopySealError('SEAL_DECRYPT', 'cipher: message authentication failed');
    expect(other instanceof SealError).toBe(true);
    expect(other instanceof ServerSealError).toBe(true); // the server's class too
    expect(isSealError(other)).toBe(true);
    expect(sealErrorCode(other)).toBe('SEAL_DECRYPT');
    // An Error with a seal code (no brand) counts; another code, a plain object or a string does not.
    expect(sealErrorCode(Object.assign(new Error('x'), { code: 'SEAL_ENCRYPT' }))).toBe('SEAL_ENCRYPT');
    expect(isSealError(Object.assign(new Error('x'), { code: 'STORAGE_IO' }))).toBe(false);
    expect(isSealError({ code: 'SEAL_DECRYPT', message: 'x' })).toBe(false);
    expect(isSealError('SEAL_DECRYPT')).toBe(false);
    expect(new Error('plain') instanceof SealError).toBe(false);
  });

  it("the server's SealError is still a TsvaultError, branded, and the package's codes are server codes", () => {
    const s = new ServerSealError('SEAL_UNAVAILABLE', 'Error parsing Seal configuration: x');
    expect(s).toBeInstanceOf(TsvaultError);
    expect(s).toBeInstanceOf(ServerSealError);
    expect(isSealError(s)).toBe(true);
    expect(s instanceof SealError).toBe(true);
    expect(s.name).toBe('SealError');
    for (const code of SEAL_ERROR_CODES) expect(ERROR_CODES).toContain(code);
    // Subclasses keep plain instanceof.
    class Sub extends ServerSealError {}
    expect(s instanceof Sub).toBe(false);
  });
});

describe('readSetting', () => {
  it('environment (first set) over config over default; disallow_env_vars = "true" skips the environment', () => {
    const env = { A: '', B: 'from-b', C: 'from-c' };
    expect(readSetting({ key: 'cfg' }, env, 'key', ['A', 'B', 'C'])).toBe('from-b');
    expect(readSetting({ key: 'cfg' }, {}, 'key', ['A'])).toBe('cfg');
    expect(readSetting({}, {}, 'key', ['A'], 'dflt')).toBe('dflt');
    expect(readSetting({ key: 'cfg', disallow_env_vars: 'true' }, env, 'key', ['B'])).toBe('cfg');
  });
});

describe('Go parsing', () => {
  it('parseGoBool is strconv.ParseBool, errors as SEAL_INVALID_CONFIG with Go text', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseGoBool(t)).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(parseGoBool(f)).toBe(false);
    expect(caught(() => parseGoBool('yes'))).toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: 'strconv.ParseBool: parsing "yes": invalid syntax',
    });
  });

  it('parseGoDuration is time.ParseDuration in milliseconds, with Go error texts', () => {
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('2h45m')).toBe(9_900_000);
    expect(parseGoDuration('-1m')).toBe(-60_000);
    expect(parseGoDuration('+10s')).toBe(10_000);
    expect(parseGoDuration('1us')).toBeCloseTo(0.001);
    expect(parseGoDuration('1µs')).toBeCloseTo(0.001);
    expect(parseGoDuration('.5s')).toBe(500);
    const err = (s: string) => caught(() => parseGoDuration(s));
    expect(err('')).toMatchObject({ code: 'SEAL_INVALID_CONFIG', message: 'time: invalid duration ""' });
    expect(err('x')).toMatchObject({ message: 'time: invalid duration "x"' });
    expect(err('.s')).toMatchObject({ message: 'time: invalid duration ".s"' });
    expect(err('10')).toMatchObject({ message: 'time: missing unit in duration "10"' });
    expect(err('7d')).toMatchObject({ message: 'time: unknown unit "d" in duration "7d"' });
  });
});

describe('aead', () => {
  it("is byte-compatible with the server's AES-GCM, both ways, with and without aad", () => {
    const key = randomBytes(32);
    const pt = randomBytes(100);
    const aad = Buffer.from('aad');
    expect(Buffer.from(aeadOpen(key, aead.seal(key, pt)))).toEqual(pt);
    expect(Buffer.from(aead.open(key, aeadSeal(key, pt)))).toEqual(pt);
    expect(Buffer.from(aeadOpen(key, aead.seal(key, pt, aad), aad))).toEqual(pt);
    expect(Buffer.from(aead.open(key, aeadSeal(key, pt, aad), aad))).toEqual(pt);
    expect(aead.seal(key, pt)).toHaveLength(12 + 100 + 16);
  });

  it('fails as SEAL_DECRYPT with Go\'s text; a bad key size names only the size', () => {
    const key = randomBytes(32);
    const sealed = aead.seal(key, Buffer.from('x'), Buffer.from('a'));
    for (const f of [() => aead.open(key, sealed, Buffer.from('b')), () => aead.open(key, sealed), () => aead.open(key, sealed.subarray(0, 10))]) {
      expect(caught(f)).toMatchObject({ code: 'SEAL_DECRYPT', message: 'cipher: message authentication failed' });
    }
    expect(caught(() => aead.seal(randomBytes(16), Buffer.from('x')))).toMatchObject({
      code: 'SEAL_ENCRYPT',
      message: 'crypto/aes: invalid key size 16',
    });
  });

  it('takes a KeyObject made once (createSecretKey) as well as raw bytes, byte-compatible both ways', () => {
    const raw = randomBytes(32);
    const key = createSecretKey(raw);
    const pt = randomBytes(100);
    const aad = Buffer.from('aad');
    expect(Buffer.from(aead.open(raw, aead.seal(key, pt, aad), aad))).toEqual(pt);
    expect(Buffer.from(aead.open(key, aead.seal(raw, pt, aad), aad))).toEqual(pt);
    expect(Buffer.from(aeadOpen(raw, aead.seal(key, pt)))).toEqual(pt);
    expect(caught(() => aead.open(createSecretKey(randomBytes(32)), aead.seal(key, pt)))).toMatchObject({ code: 'SEAL_DECRYPT' });
    expect(caught(() => aead.seal(createSecretKey(randomBytes(24)), pt))).toMatchObject({
      code: 'SEAL_ENCRYPT',
      message: 'crypto/aes: invalid key size 24',
    });
    expect(caught(() => aead.open(createSecretKey(randomBytes(24)), aead.seal(key, pt)))).toMatchObject({
      code: 'SEAL_DECRYPT',
      message: 'crypto/aes: invalid key size 24',
    });
  });
});
