/**
 * Transit encrypts, decrypts and HMACs with one KeyObject per key version (made on first use and
 * kept beside the immutable entry), never one per call; a rotation makes one for the new version;
 * ciphertexts and HMACs made by the code before this change (test/fixtures/crypto, main at 0ed32c2)
 * still decrypt and verify.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { keySpy, keysUsed } from '../../crypto/key-object-spy.js';
import { b64, newTransit } from './support.js';

vi.mock('node:crypto', async (orig) => (await import('../../crypto/key-object-spy.js')).spiedCrypto(orig));

const vectors = JSON.parse(readFileSync(new URL('../../../fixtures/crypto/main-0ed32c2-vectors.json', import.meta.url), 'utf8')) as {
  transit_ct: Record<string, string>;
  transit_hmac: Record<string, string>;
  transit_storage: Record<string, string>;
};
const plain = Buffer.from(Array.from({ length: 128 }, (_, i) => (i * 7) & 0xff));

describe('transit keys as KeyObjects', () => {
  beforeEach(() => keySpy.reset());

  for (const type of ['aes256-gcm96', 'aes128-gcm96', 'chacha20-poly1305']) {
    it(`${type}: one KeyObject per version for every encrypt and decrypt; a rotation makes one more`, async () => {
      const t = await newTransit();
      await t.write('keys/k', { type });
      keySpy.reset();
      const cts: string[] = [];
      for (let i = 0; i < 10; i++) cts.push(String((await t.write('encrypt/k', { plaintext: b64(plain) })).data!.ciphertext));
      for (const ct of cts) expect((await t.write('decrypt/k', { ciphertext: ct })).data!.plaintext).toBe(b64(plain));
      expect(keySpy.made).toBe(1);
      expect(keysUsed()).toMatchObject({ distinct: 1, allKeyObjects: true });
      const [v1] = keysUsed().list;

      await t.write('keys/k/rotate');
      keySpy.reset();
      const ct2 = String((await t.write('encrypt/k', { plaintext: b64('x') })).data!.ciphertext);
      expect(ct2.startsWith('vault:v2:')).toBe(true);
      await t.write('encrypt/k', { plaintext: b64('y') });
      await t.write('decrypt/k', { ciphertext: ct2 });
      expect(keySpy.made).toBe(1);
      expect(keysUsed().distinct).toBe(1);
      expect(keysUsed().list[0]).not.toBe(v1);
      keySpy.reset();
      await t.write('decrypt/k', { ciphertext: cts[0] });
      expect(keysUsed().list).toEqual([v1]);
      expect(keySpy.made).toBe(0);
    });
  }

  it('HMAC: one KeyObject per version (an hmac key and its HMAC key are one)', async () => {
    const t = await newTransit();
    await t.write('keys/aes', { type: 'aes256-gcm96' });
    await t.write('keys/h', { type: 'hmac', key_size: 48 });
    keySpy.reset();
    for (let i = 0; i < 5; i++) {
      const mac = (await t.write('hmac/aes', { input: b64(`in ${i}`) })).data!.hmac;
      expect((await t.write('verify/aes', { input: b64(`in ${i}`), hmac: mac })).data!.valid).toBe(true);
      await t.write('hmac/h/sha2-512', { input: b64(`in ${i}`) });
    }
    expect(keySpy.made).toBe(2);
    expect(keysUsed()).toMatchObject({ distinct: 2, allKeyObjects: true });
  });

  it('derived keys: HKDF reads the version key from one KeyObject; each context still gets its own key', async () => {
    const t = await newTransit();
    await t.write('keys/d', { type: 'aes256-gcm96', derived: true });
    keySpy.reset();
    const cts = [];
    for (let i = 0; i < 5; i++) cts.push(String((await t.write('encrypt/d', { plaintext: b64(plain), context: b64(`ctx ${i}`) })).data!.ciphertext));
    for (let i = 0; i < 5; i++) expect((await t.write('decrypt/d', { ciphertext: cts[i], context: b64(`ctx ${i}`) })).data!.plaintext).toBe(b64(plain));
    expect(keySpy.made).toBe(1);
    expect((await t.fail('update', 'decrypt/d', { ciphertext: cts[0], context: b64('ctx 1') })).message).toBe('cipher: message authentication failed');
  });

  it('decrypts and HMACs as the code before KeyObjects did (fixed vectors)', async () => {
    const t = await newTransit();
    for (const [path, value] of Object.entries(vectors.transit_storage)) await t.storage.put(path, Buffer.from(value, 'base64'));
    for (const name of ['aes', 'cc', 'a128']) {
      expect((await t.write(`decrypt/${name}`, { ciphertext: vectors.transit_ct[name] })).data!.plaintext).toBe(b64(plain));
    }
    const der = await t.write('decrypt/der', { ciphertext: vectors.transit_ct.der, context: b64('ctx') });
    expect(der.data!.plaintext).toBe(b64(plain));
    expect((await t.write('hmac/aes', { input: b64(plain) })).data!.hmac).toBe(vectors.transit_hmac.aes);
    expect((await t.write('hmac/h/sha2-512', { input: b64(plain) })).data!.hmac).toBe(vectors.transit_hmac.h);
  });
});
