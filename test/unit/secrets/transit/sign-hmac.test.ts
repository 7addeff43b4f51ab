import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64, newTransit } from './support.js';

function tamper(sig: string): string {
  const [prefix, body] = [sig.slice(0, sig.lastIndexOf(':') + 1), sig.slice(sig.lastIndexOf(':') + 1)];
  const raw = Buffer.from(body, body.includes('-') || body.includes('_') ? 'base64url' : 'base64');
  raw[raw.length - 5] = raw[raw.length - 5]! ^ 0x40;
  return prefix + raw.toString('base64');
}

describe('transit hmac', () => {
  it('verifies its own HMACs, and rejects others', async () => {
    const t = await newTransit();
    await t.write('keys/h');
    const mac = (await t.write('hmac/h', { input: b64('data') })).data!.hmac as string;
    expect(mac).toMatch(/^vault:v1:[A-Za-z0-9+/]{43}=$/);
    expect((await t.write('verify/h', { input: b64('data'), hmac: mac })).data).toEqual({ valid: true });
    expect((await t.write('verify/h', { input: b64('other'), hmac: mac })).data).toEqual({ valid: false });
    expect((await t.write('verify/h/sha2-512', { input: b64('data'), hmac: mac })).data).toEqual({ valid: false });
    const mac384 = (await t.write('hmac/h', { input: b64('data'), algorithm: 'sha2-384' })).data!.hmac;
    expect((await t.write('verify/h', { input: b64('data'), hmac: mac384, hash_algorithm: 'sha2-384' })).data).toEqual({ valid: true });
  });

  it('uses hmac keys, per version, and Vault’s texts', async () => {
    const t = await newTransit();
    await t.write('keys/hk', { type: 'hmac', key_size: 32 });
    const v1 = (await t.write('hmac/hk', { input: b64('x') })).data!.hmac as string;
    await t.write('keys/hk/rotate');
    const v2 = (await t.write('hmac/hk', { input: b64('x') })).data!.hmac as string;
    expect(v2.startsWith('vault:v2:')).toBe(true);
    expect((await t.write('hmac/hk', { input: b64('x'), key_version: 1 })).data!.hmac).toBe(v1);
    expect((await t.write('verify/hk', { input: b64('x'), hmac: v1 })).data).toEqual({ valid: true });
    await t.write('keys/hk/config', { min_decryption_version: 2 });
    expect((await t.fail('update', 'verify/hk', { input: b64('x'), hmac: v1 })).message).toBe(
      'cannot verify HMAC: version is too old (disallowed by policy)',
    );
    expect((await t.fail('update', 'verify/hk', { input: b64('x'), hmac: 'v2:abc' })).message).toBe('invalid HMAC to verify: no prefix');
    expect((await t.fail('update', 'verify/hk', { input: b64('x'), hmac: 'vault:v9:AAAA' })).message).toBe('invalid HMAC: version is too new');
    expect((await t.fail('update', 'hmac/hk', { input: b64('x'), key_version: 5 })).message).toBe('key version does not exist; latest key version is 2');
    expect((await t.fail('update', 'hmac/hk', {})).message).toBe('missing input for HMAC');
    expect((await t.fail('update', 'hmac/hk/md5', { input: b64('x') })).message).toBe("unsupported algorithm '\\x00'");
    expect((await t.fail('update', 'hmac/none', { input: b64('x') })).message).toBe('encryption key not found');
    expect((await t.fail('update', 'verify/hk', { input: b64('x') })).message).toBe("missing one of 'signature', 'hmac' or 'cmac' arguments to verify");
  });

  it('runs batches', async () => {
    const t = await newTransit();
    await t.write('keys/hb');
    const gen = await t.write('hmac/hb', { batch_input: [{ input: b64('a'), reference: 'one' }, {}, { input: '!' }] });
    const results = gen.data!.batch_results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ valid: false, reference: 'one' });
    expect(results[1]).toEqual({ valid: false, error: 'missing input for HMAC', reference: '' });
    expect(results[2]).toEqual({ valid: false, error: 'unable to decode input as base64: illegal base64 data at input byte 0', reference: '' });
    const ver = await t.write('verify/hb', {
      batch_input: [
        { input: b64('a'), hmac: results[0]!.hmac, reference: 'ok' },
        { input: b64('b'), hmac: results[0]!.hmac },
      ],
    });
    expect(ver.data!.batch_results).toEqual([
      { valid: true, reference: 'ok' },
      { valid: false, reference: '' },
    ]);
    const mixed = await t.fail('update', 'verify/hb', { batch_input: [{ input: b64('a'), hmac: 'x' }, { input: b64('a') }] });
    expect(mixed.message).toBe("some elements of batch_input are missing 'hmac'");
  });
});

describe('transit sign/verify', () => {
  it.each(['ed25519', 'ecdsa-p256', 'ecdsa-p521'])('signs and verifies with %s; a tampered signature or input is invalid', async (type) => {
    const t = await newTransit();
    await t.write('keys/s', { type });
    const signed = await t.write('sign/s', { input: b64('payload') });
    expect(signed.data!.key_version).toBe(1);
    const sig = signed.data!.signature as string;
    expect(sig).toMatch(/^vault:v1:[A-Za-z0-9+/]+=*$/);
    expect((await t.write('verify/s', { input: b64('payload'), signature: sig })).data).toEqual({ valid: true });
    expect((await t.write('verify/s', { input: b64('payloaD'), signature: sig })).data).toEqual({ valid: false });
    const tampered = await t.call('update', 'verify/s', { input: b64('payload'), signature: tamper(sig) }).catch((err: Error) => err);
    if (tampered instanceof Error) expect(tampered.message).toBe('supplied signature is invalid');
    else expect(tampered!.data).toEqual({ valid: false });
  });

  it('makes ECDSA signatures that node verifies with the published key, in asn1 and jws form', async () => {
    const t = await newTransit();
    await t.write('keys/ec', { type: 'ecdsa-p256' });
    const pem = ((await t.call('read', 'keys/ec'))!.data!.keys as Record<string, { public_key: string }>)['1']!.public_key;
    const pub = createPublicKey(pem);
    const der = (await t.write('sign/ec/sha2-512', { input: b64('m') })).data!.signature as string;
    expect(nodeVerify('sha512', Buffer.from('m'), pub, Buffer.from(der.slice(9), 'base64'))).toBe(true);
    const jws = (await t.write('sign/ec', { input: b64('m'), marshaling_algorithm: 'jws' })).data!.signature as string;
    const raw = Buffer.from(jws.slice(9), 'base64url');
    expect(raw).toHaveLength(64);
    expect(jws).not.toMatch(/[+/=]/);
    expect(nodeVerify('sha256', Buffer.from('m'), { key: pub, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    expect((await t.write('verify/ec', { input: b64('m'), signature: jws, marshaling_algorithm: 'jws' })).data).toEqual({ valid: true });
    expect((await t.fail('update', 'verify/ec', { input: b64('m'), signature: jws })).message).toBe('invalid base64 signature value');
    expect((await t.fail('update', 'verify/ec', { input: b64('m'), signature: `vault:v1:${b64('junk')}` })).message).toBe('supplied signature is invalid');
  });

  it('derives Ed25519 keys per context and returns the derived public key', async () => {
    const t = await newTransit();
    await t.write('keys/de', { type: 'ed25519', derived: true });
    const read = (await t.call('read', 'keys/de'))!.data!.keys as Record<string, { public_key: string }>;
    expect(read['1']!.public_key).toBe('');
    const signed = await t.write('sign/de', { input: b64('x'), context: b64('tenant-a') });
    const pubKey = signed.data!.public_key as string;
    expect(Buffer.from(pubKey, 'base64')).toHaveLength(32);
    const withContext = (await t.call('read', 'keys/de', { context: b64('tenant-a') }))!.data!.keys as Record<string, { public_key: string }>;
    expect(withContext['1']!.public_key).toBe(pubKey);
    const sig = signed.data!.signature;
    expect((await t.write('verify/de', { input: b64('x'), signature: sig, context: b64('tenant-a') })).data).toEqual({ valid: true });
    expect((await t.write('verify/de', { input: b64('x'), signature: sig, context: b64('tenant-b') })).data).toEqual({ valid: false });
    const noContext = await t.fail('update', 'sign/de', { input: b64('x') });
    expect(noContext.status).toBe(500);
    expect(noContext.message).toMatch(/^error deriving key: missing 'context' for key derivation/);
  });

  it('answers Vault’s errors, and keeps old versions valid until min_decryption_version', async () => {
    const t = await newTransit();
    await t.write('keys/e', { type: 'ed25519' });
    const v1 = (await t.write('sign/e', { input: b64('x') })).data!.signature;
    await t.write('keys/e/rotate');
    expect((await t.write('sign/e', { input: b64('x') })).data!.key_version).toBe(2);
    expect((await t.write('verify/e', { input: b64('x'), signature: v1 })).data).toEqual({ valid: true });
    await t.write('keys/e/config', { min_decryption_version: 2 });
    expect((await t.fail('update', 'verify/e', { input: b64('x'), signature: v1 })).message).toBe(
      'ciphertext or signature version is disallowed by policy (too old)',
    );
    const tooNew = await t.fail('update', 'sign/e', { input: b64('x'), key_version: 3 });
    expect([tooNew.status, tooNew.message]).toEqual([500, 'requested version for signing is higher than the latest key version']);
    expect((await t.fail('update', 'sign/e', { input: b64('x'), hash_algorithm: 'sha2-512' })).message).toBe(
      'error generating Ed25519 options: hash algorithm of SHA2 512 is not supported feature',
    );
    expect((await t.fail('update', 'sign/e', { input: b64('x'), hash_algorithm: 'md5' })).message).toBe('invalid hash algorithm "md5"');
    expect((await t.fail('update', 'sign/e', { input: b64('x'), marshaling_algorithm: 'pem' })).message).toBe('invalid marshaling type "pem"');
    expect((await t.fail('update', 'sign/e', { input: '@' })).message).toBe('unable to decode input: illegal base64 data at input byte 0');
    expect((await t.fail('update', 'sign/nope', { input: b64('x') })).message).toBe('signing key not found');
    expect((await t.fail('update', 'verify/nope', { input: b64('x'), signature: 'vault:v1:' })).message).toBe(
      'signature verification key not found',
    );
    await t.write('keys/aes');
    expect((await t.fail('update', 'sign/aes', { input: b64('x') })).message).toBe('key type aes256-gcm96 does not support signing');
    expect((await t.fail('update', 'verify/e', { input: b64('x'), signature: 'sig' })).message).toBe('invalid signature: no prefix');
    await t.write('keys/ec', { type: 'ecdsa-p256' });
    expect((await t.fail('update', 'sign/ec', { input: b64('x'), prehashed: true })).status).toBe(400);
  });

  it('signs and verifies batches', async () => {
    const t = await newTransit();
    await t.write('keys/sb', { type: 'ecdsa-p256' });
    const signed = await t.write('sign/sb', { batch_input: [{ input: b64('a'), reference: 'A' }, { input: '#' }] });
    const results = signed.data!.batch_results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ key_version: 1, reference: 'A' });
    expect(results[1]).toEqual({ key_version: 0, error: 'unable to decode input: illegal base64 data at input byte 0', reference: '' });
    const verified = await t.write('verify/sb', {
      batch_input: [
        { input: b64('a'), signature: results[0]!.signature, reference: 'A' },
        { input: b64('b'), signature: results[0]!.signature },
        { input: b64('a'), signature: 'nope' },
      ],
    });
    expect(verified.data!.batch_results).toEqual([
      { valid: true, reference: 'A' },
      { valid: false, reference: '' },
      { valid: false, error: 'invalid signature: no prefix', reference: '' },
    ]);
  });
});
