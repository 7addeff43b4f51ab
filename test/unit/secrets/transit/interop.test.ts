/**
 * Byte-format checks against values built by hand with node:crypto from known keys, stored the
 * way Vault stores a transit key (policy/<name> JSON, big integers as bare numbers).
 */
import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, generateKeyPairSync, hkdfSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64, newTransit, unb64, type Transit } from './support.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const HMAC_KEY = Buffer.alloc(32, 7);
const NONCE = Buffer.from('0a0b0c0d0e0f101112131415', 'hex');

/** A policy JSON as Vault writes it for a one-version key. */
function vaultPolicy(name: string, type: number, entry: string, extra = ''): string {
  return (
    `{"name":"${name}","keys":{"1":${entry}},"derived":false,"kdf":0,"convergent_encryption":false,"exportable":false,` +
    '"min_decryption_version":1,"min_encryption_version":0,"latest_version":1,"archive_version":1,"archive_min_version":0,' +
    `"min_available_version":0,"deletion_allowed":false,"convergent_version":0,"type":${type},"backup_info":null,` +
    '"restore_info":null,"allow_plaintext_backup":false,"version_template":"","storage_prefix":"","auto_rotate_period":0,' +
    `"Imported":false,"AllowImportedKeyRotation":false${extra}}`
  ).replace('"derived":false,"kdf":0', extra.includes('"derived"') ? '"kdf":1' : '"derived":false,"kdf":0');
}

function symmetricEntry(key: Buffer): string {
  return `{"key":"${key.toString('base64')}","hmac_key":"${HMAC_KEY.toString('base64')}","time":"2024-01-01T00:00:00.123456789Z","creation_time":1704067200}`;
}

async function put(t: Transit, name: string, json: string): Promise<void> {
  await t.storage.put(`policy/${name}`, Buffer.from(json));
}

function seal(alg: 'aes-256-gcm' | 'chacha20-poly1305', key: Buffer, plaintext: string): string {
  const cipher = alg === 'aes-256-gcm' ? createCipheriv(alg, key, NONCE, { authTagLength: 16 }) : createCipheriv(alg, key, NONCE, { authTagLength: 16 });
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `vault:v1:${Buffer.concat([NONCE, body]).toString('base64')}`;
}

describe('transit interop with hand-built values', () => {
  it('decrypts AES-256-GCM nonce||ciphertext||tag built with node:crypto, and the reverse', async () => {
    const t = await newTransit();
    await put(t, 'aes', vaultPolicy('aes', 0, symmetricEntry(KEY)));
    const dec = await t.write('decrypt/aes', { ciphertext: seal('aes-256-gcm', KEY, 'interop plaintext') });
    expect(unb64(dec.data!.plaintext)).toBe('interop plaintext');
    expect((await t.call('read', 'keys/aes'))!.data!.keys).toEqual({ '1': 1704067200 });

    const ct = (await t.write('encrypt/aes', { plaintext: b64('back again') })).data!.ciphertext as string;
    const raw = Buffer.from(ct.slice('vault:v1:'.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString()).toBe('back again');
  });

  it('decrypts ChaCha20-Poly1305 built with node:crypto', async () => {
    const t = await newTransit();
    await put(t, 'cha', vaultPolicy('cha', 5, symmetricEntry(KEY)));
    const dec = await t.write('decrypt/cha', { ciphertext: seal('chacha20-poly1305', KEY, 'chacha') });
    expect(unb64(dec.data!.plaintext)).toBe('chacha');
    const raw = Buffer.from(seal('chacha20-poly1305', KEY, 'chacha').slice('vault:v1:'.length), 'base64');
    raw[14] = raw[14]! ^ 1;
    const tampered = `vault:v1:${raw.toString('base64')}`;
    expect((await t.fail('update', 'decrypt/cha', { ciphertext: tampered })).message).toBe('chacha20poly1305: message authentication failed');
  });

  it('derives per-context keys with HKDF-SHA256 (no salt, info = context)', async () => {
    const t = await newTransit();
    await put(t, 'der', vaultPolicy('der', 0, symmetricEntry(KEY), ',"derived":true'));
    const context = Buffer.from('user-42');
    const derived = Buffer.from(hkdfSync('sha256', KEY, Buffer.alloc(0), context, 32));
    const dec = await t.write('decrypt/der', { ciphertext: seal('aes-256-gcm', derived, 'derived!'), context: b64(context) });
    expect(unb64(dec.data!.plaintext)).toBe('derived!');
  });

  it('computes HMACs with the version’s hmac_key', async () => {
    const t = await newTransit();
    await put(t, 'mac', vaultPolicy('mac', 0, symmetricEntry(KEY)));
    const expected = createHmac('sha256', HMAC_KEY).update('message').digest('base64');
    expect((await t.write('hmac/mac', { input: b64('message') })).data).toEqual({ hmac: `vault:v1:${expected}` });
    const sha512 = createHmac('sha512', HMAC_KEY).update('message').digest('base64');
    expect((await t.write('hmac/mac/sha2-512', { input: b64('message') })).data).toEqual({ hmac: `vault:v1:${sha512}` });
  });

  it('reads ECDSA keys stored with bare big integers, and signs what node verifies (and vice versa)', async () => {
    const t = await newTransit();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const big = (s: string | undefined) => BigInt(`0x${Buffer.from(s!, 'base64url').toString('hex')}`).toString();
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const entry =
      `{"key":null,"hmac_key":"${HMAC_KEY.toString('base64')}","time":"2024-01-01T00:00:00Z",` +
      `"ec_x":${big(jwk.x)},"ec_y":${big(jwk.y)},"ec_d":${big(jwk.d)},"public_key":${JSON.stringify(pem)},"creation_time":1704067200}`;
    await put(t, 'ec', vaultPolicy('ec', 1, entry));
    const read = (await t.call('read', 'keys/ec'))!.data!.keys as Record<string, Record<string, unknown>>;
    expect(read['1']).toMatchObject({ name: 'P-256', public_key: pem, creation_time: '2024-01-01T00:00:00Z' });

    const sig = (await t.write('sign/ec', { input: b64('signed') })).data!.signature as string;
    expect(verify('sha256', Buffer.from('signed'), publicKey, Buffer.from(sig.slice('vault:v1:'.length), 'base64'))).toBe(true);
    const handMade = sign('sha384', Buffer.from('by hand'), privateKey).toString('base64');
    const ok = await t.write('verify/ec/sha2-384', { input: b64('by hand'), signature: `vault:v1:${handMade}` });
    expect(ok.data).toEqual({ valid: true });
    // The policy is written back with the integers still bare.
    await t.write('keys/ec/config', { deletion_allowed: true });
    const stored = Buffer.from((await t.storage.get('policy/ec'))!).toString();
    expect(stored).toContain(`"ec_d":${big(jwk.d)}`);
  });

  it('verifies Ed25519 signatures made with the seed of the stored 64-byte key', async () => {
    const t = await newTransit();
    const seed = Buffer.alloc(32, 9);
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const pub = Buffer.from(priv.export({ format: 'jwk' }).x!, 'base64url');
    const entry = `{"key":"${Buffer.concat([seed, pub]).toString('base64')}","hmac_key":"${HMAC_KEY.toString('base64')}","time":"2024-01-01T00:00:00Z","public_key":"${pub.toString('base64')}","creation_time":1704067200}`;
    await put(t, 'ed', vaultPolicy('ed', 2, entry));
    const sig = sign(null, Buffer.from('hello'), priv).toString('base64');
    expect((await t.write('verify/ed', { input: b64('hello'), signature: `vault:v1:${sig}` })).data).toEqual({ valid: true });
    // Ed25519 is deterministic: the engine's signature equals the hand-made one.
    expect((await t.write('sign/ed', { input: b64('hello') })).data).toEqual({ signature: `vault:v1:${sig}`, key_version: 1 });
  });
});
