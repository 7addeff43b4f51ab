import { describe, expect, it } from 'vitest';
import { newTransit } from './support.js';

const COMMON = [
  'name',
  'type',
  'derived',
  'deletion_allowed',
  'min_available_version',
  'min_decryption_version',
  'min_encryption_version',
  'latest_version',
  'exportable',
  'allow_plaintext_backup',
  'supports_encryption',
  'supports_decryption',
  'supports_signing',
  'supports_derivation',
  'auto_rotate_period',
  'imported_key',
];

describe('transit keys', () => {
  it.each([
    ['aes256-gcm96', true, false, true],
    ['aes128-gcm96', true, false, true],
    ['chacha20-poly1305', true, false, true],
    ['ed25519', false, true, true],
    ['ecdsa-p256', false, true, false],
    ['ecdsa-p384', false, true, false],
  ])('creates and reads %s with Vault’s fields', async (type, encryption, signing, derivation) => {
    const t = await newTransit();
    const created = await t.write('keys/k1', { type });
    const read = await t.call('read', 'keys/k1');
    expect(read!.data).toEqual(created.data);
    const data = read!.data!;
    for (const field of COMMON) expect(data).toHaveProperty(field);
    expect(data).toMatchObject({
      name: 'k1',
      type,
      derived: false,
      deletion_allowed: false,
      exportable: false,
      allow_plaintext_backup: false,
      latest_version: 1,
      min_decryption_version: 1,
      min_encryption_version: 0,
      min_available_version: 0,
      supports_encryption: encryption,
      supports_decryption: encryption,
      supports_signing: signing,
      supports_derivation: derivation,
      auto_rotate_period: 0,
      imported_key: false,
    });
    const keys = data.keys as Record<string, unknown>;
    expect(Object.keys(keys)).toEqual(['1']);
    if (encryption) {
      expect(typeof keys['1']).toBe('number');
      expect(Math.abs((keys['1'] as number) - Date.now() / 1000)).toBeLessThan(5);
    } else {
      const v1 = keys['1'] as Record<string, unknown>;
      expect(Object.keys(v1).sort()).toEqual(['certificate_chain', 'creation_time', 'hybrid_public_key', 'name', 'public_key']);
      expect(v1.creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      if (type === 'ed25519') {
        expect(v1.name).toBe('ed25519');
        expect(Buffer.from(v1.public_key as string, 'base64')).toHaveLength(32);
      } else {
        expect(v1.name).toBe(type === 'ecdsa-p256' ? 'P-256' : 'P-384');
        expect(v1.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      }
    }
  });

  it('creates hmac keys of key_size bytes (and requires the size, as Vault does)', async () => {
    const t = await newTransit();
    const resp = await t.write('keys/h', { type: 'hmac', key_size: 64 });
    expect(resp.data).toMatchObject({ type: 'hmac', key_size: 64, supports_signing: false, supports_encryption: false });
    expect(resp.data).not.toHaveProperty('keys');
    const missing = await t.fail('update', 'keys/h2', { type: 'hmac' });
    expect([missing.status, missing.message]).toEqual([500, 'invalid key size for HMAC key, must be between 32 and 512 bytes']);
    const bad = await t.fail('update', 'keys/h3', { type: 'hmac', key_size: 8 });
    expect([bad.status, bad.message]).toEqual([400, 'invalid key_size 8']);
    const notHmac = await t.fail('update', 'keys/h4', { key_size: 32 });
    expect(notHmac.message).toBe('key_size is not valid for algorithm aes256-gcm96');
  });

  it('answers Vault’s errors for bad create requests', async () => {
    const t = await newTransit();
    expect((await t.fail('update', 'keys/x', { type: 'des' })).message).toBe('unknown key type des');
    expect((await t.fail('update', 'keys/x', { convergent_encryption: true })).message).toBe(
      'convergent encryption requires derivation to be enabled',
    );
    expect((await t.fail('update', 'keys/x', { auto_rotate_period: '30m' })).message).toBe(
      'auto rotate period must be 0 to disable or at least an hour',
    );
    const derivedEc = await t.fail('update', 'keys/x', { type: 'ecdsa-p256', derived: true });
    expect([derivedEc.status, derivedEc.message]).toEqual([500, 'key derivation and convergent encryption not supported for keys of type ecdsa-p256']);
    const exportable = await t.fail('update', 'keys/x', { exportable: true });
    expect(exportable.status).toBe(400);
    expect(exportable.message).toMatch(/exportable .* not supported/);
    expect((await t.fail('update', 'keys/x', { allow_plaintext_backup: true })).status).toBe(400);
    expect((await t.fail('update', 'keys/x', { type: 'rsa-2048' })).message).toBe('key type rsa-2048 is not supported by this server');
    expect(await t.call('read', 'keys/x')).toBeNull();
  });

  it('lists keys, and answers nothing for an empty mount', async () => {
    const t = await newTransit();
    expect(await t.call('list', 'keys/')).toBeNull();
    await t.write('keys/b');
    await t.write('keys/a.key-1');
    expect((await t.call('list', 'keys/'))!.data).toEqual({ keys: ['a.key-1', 'b'] });
  });

  it('deletes only when deletion_allowed is set', async () => {
    const t = await newTransit();
    await t.write('keys/d');
    const refused = await t.fail('delete', 'keys/d');
    expect([refused.status, refused.message]).toEqual([400, 'error deleting policy d: deletion is not allowed for this key']);
    await t.write('keys/d/config', { deletion_allowed: true });
    expect(await t.call('delete', 'keys/d')).toEqual({ noContent: true });
    expect(await t.call('read', 'keys/d')).toBeNull();
    expect(await t.storage.list('')).toEqual([]);
    expect((await t.fail('delete', 'keys/d')).message).toBe('error deleting policy d: could not delete key; not found');
  });

  it('rotates, and configures versions with Vault’s checks', async () => {
    const t = await newTransit();
    await t.write('keys/r');
    const rotated = await t.write('keys/r/rotate');
    expect(rotated.data).toMatchObject({ latest_version: 2 });
    await t.write('keys/r/rotate');
    expect(Object.keys((await t.call('read', 'keys/r'))!.data!.keys as object)).toEqual(['1', '2', '3']);

    const tooHigh = await t.fail('update', 'keys/r/config', { min_decryption_version: 4 });
    expect(tooHigh.message).toBe('cannot set min decryption version of 4, latest key version is 3');
    expect((await t.fail('update', 'keys/r/config', { min_encryption_version: -1 })).message).toBe('min encryption version cannot be negative');
    const mixed = await t.fail('update', 'keys/r/config', { min_decryption_version: 3, min_encryption_version: 2 });
    expect(mixed.message).toBe(
      'cannot set min encryption/decryption values; min encryption version of 2 must be greater than or equal to min decryption version of 3',
    );

    const cfg = await t.write('keys/r/config', { min_decryption_version: 2, min_encryption_version: 3, auto_rotate_period: '24h' });
    expect(cfg.data).toMatchObject({ min_decryption_version: 2, min_encryption_version: 3, auto_rotate_period: 86400 });
    expect(Object.keys(cfg.data!.keys as object)).toEqual(['2', '3']);
    const zero = await t.write('keys/r/config', { min_decryption_version: 0, min_encryption_version: 0 });
    expect(zero.warnings).toEqual(['since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1']);
    expect(Object.keys(zero.data!.keys as object)).toEqual(['1', '2', '3']);

    expect((await t.fail('update', 'keys/none/rotate')).message).toBe('key not found');
    expect((await t.fail('update', 'keys/none/config', {})).message).toBe('no existing key named none could be found');
  });

  it('keeps Vault’s storage layout: policy/<name> and archive/<name>', async () => {
    const t = await newTransit();
    await t.write('keys/s', { derived: true });
    await t.write('keys/s/rotate');
    expect(await t.storage.list('')).toEqual(['archive/', 'policy/']);
    const policy = JSON.parse(Buffer.from((await t.storage.get('policy/s'))!).toString()) as Record<string, unknown>;
    expect(policy).toMatchObject({ name: 's', type: 0, derived: true, kdf: 1, latest_version: 2, archive_version: 2, min_decryption_version: 1 });
    const archive = JSON.parse(Buffer.from((await t.storage.get('archive/s'))!).toString()) as { keys: unknown[] };
    expect(archive.keys).toHaveLength(3);
    expect((await t.call('read', 'keys/s'))!.data).toMatchObject({ kdf: 'hkdf_sha256', convergent_encryption: false });
  });

  it('serves config/keys disable_upsert', async () => {
    const t = await newTransit();
    expect((await t.call('read', 'config/keys'))!.data).toEqual({ disable_upsert: false });
    expect((await t.write('config/keys', { disable_upsert: true })).data).toEqual({ disable_upsert: true });
    expect((await t.call('read', 'config/keys'))!.data).toEqual({ disable_upsert: true });
  });

  it('auto-rotates keys whose period has passed', async () => {
    const { autoRotateKeys } = await import('../../../../src/secrets/transit/auto-rotate.js');
    const { PolicyStore } = await import('../../../../src/secrets/transit/policy-store.js');
    const { nullLogger } = await import('../../../../src/log/logger.js');
    const t = await newTransit();
    await t.write('keys/auto', { auto_rotate_period: '1h' });
    await t.write('keys/manual');
    const store = new PolicyStore();
    expect(await autoRotateKeys(store, t.storage, nullLogger(), new Date(Date.now() + 30 * 60_000))).toEqual([]);
    expect(await autoRotateKeys(store, t.storage, nullLogger(), new Date(Date.now() + 2 * 3600_000))).toEqual(['auto']);
    expect(JSON.parse(Buffer.from((await t.storage.get('policy/auto'))!).toString()).latest_version).toBe(2);
  });
});
