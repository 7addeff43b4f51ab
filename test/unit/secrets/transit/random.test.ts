import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64, newTransit } from './support.js';

describe('transit random and hash', () => {
  it('returns 32 base64 bytes by default, or the size and format asked for', async () => {
    const t = await newTransit();
    const def = (await t.write('random')).data!.random_bytes as string;
    expect(Buffer.from(def, 'base64')).toHaveLength(32);
    expect((await t.write('random/16', { format: 'hex' })).data!.random_bytes).toMatch(/^[0-9a-f]{32}$/);
    expect(Buffer.from((await t.write('random', { bytes: 7 })).data!.random_bytes as string, 'base64')).toHaveLength(7);
    expect(Buffer.from((await t.write('random/platform/64')).data!.random_bytes as string, 'base64')).toHaveLength(64);
    expect(Buffer.from((await t.write('random/all', { bytes: 5 })).data!.random_bytes as string, 'base64')).toHaveLength(5);
    const seal = await t.write('random/seal/8');
    expect(seal.warnings).toEqual(['no seal/entropy augmentation available, using platform entropy source']);
    expect(def).not.toBe((await t.write('random')).data!.random_bytes);
  });

  it('answers Vault’s errors', async () => {
    const t = await newTransit();
    expect((await t.fail('update', 'random/0')).message).toBe('"bytes" cannot be less than 1');
    expect((await t.fail('update', 'random/abc')).message).toBe('error parsing url-set byte count: strconv.Atoi: parsing "abc": invalid syntax');
    expect((await t.fail('update', 'random/seal/x')).message).toBe('error parsing url-set byte count: strconv.Atoi: parsing "x": invalid syntax');
    expect((await t.fail('update', 'random', { bytes: 10 * 1024 * 1024 + 1 })).message).toBe('"bytes" must be less than 10485760');
    expect((await t.fail('update', 'random/seal/200000')).message).toBe('bytes cannot be more than 131072 if sourced from seal.  Use drbg mode instead');
    expect((await t.fail('update', 'random/hsm/8')).message).toBe('unsupported entropy source "hsm"; must be "platform" or "seal", or "all"');
    expect((await t.fail('update', 'random', { format: 'raw' })).message).toBe('unsupported encoding format "raw"; must be "hex" or "base64"');
  });

  it('hashes input with the sha2 and sha3 families', async () => {
    const t = await newTransit();
    const sha256 = createHash('sha256').update('abc').digest('hex');
    expect((await t.write('hash', { input: b64('abc') })).data).toEqual({ sum: sha256 });
    const sha3 = createHash('sha3-512').update('abc').digest('base64');
    expect((await t.write('hash/sha3-512', { input: b64('abc'), format: 'base64' })).data).toEqual({ sum: sha3 });
    expect((await t.write('hash', { input: b64('abc'), algorithm: 'sha2-384' })).data!.sum).toBe(createHash('sha384').update('abc').digest('hex'));
    expect((await t.fail('update', 'hash', {})).message).toBe('input missing');
    expect((await t.fail('update', 'hash/md5', { input: b64('abc') })).message).toBe('unsupported algorithm md5');
    expect((await t.fail('update', 'hash', { input: b64('abc'), format: 'raw' })).message).toBe('unsupported encoding format raw; must be "hex" or "base64"');
    expect((await t.fail('update', 'hash', { input: 'a' })).message).toBe('unable to decode input as base64: illegal base64 data at input byte 0');
  });

  it('answers 404 unsupported path for unknown paths', async () => {
    const t = await newTransit();
    const err = await t.fail('update', 'export/encryption-key/k');
    expect([err.status, err.message]).toEqual([404, 'unsupported path']);
  });
});
