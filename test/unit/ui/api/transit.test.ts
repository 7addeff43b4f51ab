import { describe, expect, it } from 'vitest';
import { keyVersions, transit, type TransitKey } from '../../../../ui/src/api/transit.js';
import { ApiError, FakeApi } from './fake-api.js';

const KEY: TransitKey = {
  name: 'orders',
  type: 'aes256-gcm96',
  latest_version: 2,
  min_decryption_version: 1,
  min_encryption_version: 0,
  deletion_allowed: false,
  supports_encryption: true,
  supports_decryption: true,
  supports_signing: false,
  keys: { '2': 1_700_000_100, '1': 1_700_000_000 },
};

describe('UI transit API', () => {
  it('lists the transit mounts the token sees, without slashes, sorted', async () => {
    const api = new FakeApi(() => ({
      data: { secret: { 'secret/': { type: 'kv' }, 'zz/': { type: 'transit' }, 'transit/': { type: 'transit' } }, auth: {} },
    }));
    expect(await transit.mounts(api)).toEqual(['transit', 'zz']);
    expect(api.calls).toEqual([['GET', 'sys/internal/ui/mounts', undefined]]);
  });

  it('lists keys on the mount; Vault\'s empty 404 is no keys, any other error is thrown', async () => {
    const api = new FakeApi(() => ({ data: { keys: ['a', 'b'] } }));
    expect(await transit.listKeys(api, '/team/transit/')).toEqual(['a', 'b']);
    expect(api.calls[0]).toEqual(['LIST', 'team/transit/keys', undefined]);
    expect(await transit.listKeys(new FakeApi(() => Promise.reject(new ApiError(404, []))), 'transit')).toEqual([]);
    const denied = transit.listKeys(new FakeApi(() => Promise.reject(new ApiError(403, ['permission denied']))), 'transit');
    await expect(denied).rejects.toMatchObject({ status: 403, errors: ['permission denied'] });
  });

  it('creates with the chosen type, reads, rotates, on encoded key names', async () => {
    const api = new FakeApi((method) => (method === 'GET' ? { data: KEY } : undefined));
    await transit.createKey(api, 'transit', 'my key', 'ed25519');
    expect(await transit.readKey(api, 'transit', 'my key')).toEqual(KEY);
    await transit.rotate(api, 'transit', 'orders');
    expect(api.calls).toEqual([
      ['POST', 'transit/keys/my%20key', { type: 'ed25519' }],
      ['GET', 'transit/keys/my%20key', undefined],
      ['POST', 'transit/keys/orders/rotate', {}],
    ]);
  });

  it('encrypts the UTF-8 text as base64 and decrypts back to text, or base64 for other bytes', async () => {
    let plaintext = '';
    const api = new FakeApi((_m, path, body) => {
      if (path.startsWith('transit/encrypt/')) {
        plaintext = (body as { plaintext: string }).plaintext;
        return { data: { ciphertext: 'vault:v2:abc', key_version: 2 } };
      }
      return { data: { plaintext } };
    });
    expect(await transit.encrypt(api, 'transit', 'orders', 'grüße')).toEqual({ ciphertext: 'vault:v2:abc', keyVersion: 2 });
    expect(plaintext).toBe(Buffer.from('grüße').toString('base64'));
    expect(await transit.decrypt(api, 'transit', 'orders', '  vault:v2:abc\n')).toEqual({ value: 'grüße', encoding: 'utf-8' });
    expect(api.calls[1]).toEqual(['POST', 'transit/decrypt/orders', { ciphertext: 'vault:v2:abc' }]);
    plaintext = Buffer.from([0xc3, 0x28]).toString('base64');
    expect(await transit.decrypt(api, 'transit', 'orders', 'vault:v1:x')).toEqual({ value: plaintext, encoding: 'base64' });
  });

  it('orders key versions and reads AEAD times and asymmetric entries', () => {
    expect(keyVersions(KEY)).toEqual([
      { version: 1, created: '2023-11-14T22:13:20.000Z' },
      { version: 2, created: '2023-11-14T22:15:00.000Z' },
    ]);
    const ed: TransitKey = { ...KEY, type: 'ed25519', keys: { '1': { creation_time: '2026-01-01T00:00:00Z', public_key: 'cHVi' } } };
    expect(keyVersions(ed)).toEqual([{ version: 1, created: '2026-01-01T00:00:00Z', publicKey: 'cHVi' }]);
    expect(keyVersions({ ...KEY, type: 'hmac', keys: undefined } as unknown as TransitKey)).toEqual([]);
  });
});
