/**
 * The token store hashes tokens with HMAC-SHA256 under the salt's KeyObject, made once when the salt
 * loads (and again after a reset, which still zeroes the raw salt); hashes are the ones the code
 * before this change made (fixed vector from main at 0ed32c2).
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenStore } from '../../../src/auth/token-store.js';
import { PrefixView } from '../../../src/logical/storage-view.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { keySpy, keysUsed } from '../crypto/key-object-spy.js';

vi.mock('node:crypto', async (orig) => (await import('../crypto/key-object-spy.js')).spiedCrypto(orig));

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/crypto/main-0ed32c2-vectors.json', import.meta.url), 'utf8')) as { token: string };
const SALT = Buffer.alloc(32, 0x33);

async function store(): Promise<TokenStore> {
  const backend = createInmemBackend();
  await backend.put('sys/token/salt', Buffer.from(SALT));
  return new TokenStore(new PrefixView(backend, ''));
}

describe('token store salt as a KeyObject', () => {
  beforeEach(() => keySpy.reset());

  it('hashes as the code before KeyObjects did (fixed vector)', async () => {
    expect(await (await store()).hash('hvs.CAESIJ-example-token')).toBe(vectors.token);
  });

  it('makes one KeyObject for every hash; a reset (seal) makes the next hash load a new one', async () => {
    const s = await store();
    const hashes = await Promise.all(Array.from({ length: 10 }, (_, i) => s.hash(`hvs.token-${i}`)));
    expect(new Set(hashes).size).toBe(10);
    expect(keySpy.made).toBe(1);
    expect(keysUsed()).toMatchObject({ distinct: 1, allKeyObjects: true });
    const [before] = keysUsed().list;
    s.reset();
    keySpy.reset();
    expect(await s.hash('hvs.token-0')).toBe(hashes[0]);
    expect(keySpy.made).toBe(1);
    expect(keysUsed().list[0]).not.toBe(before);
  });

  it('shows no salt in util.inspect or JSON of the store', async () => {
    const s = await store();
    await s.hash('hvs.x');
    const shown = `${inspect(s, { showHidden: true, depth: 10 })} ${JSON.stringify(s)}`;
    expect(shown).not.toContain(SALT.toString('hex'));
    expect(shown).not.toContain(SALT.toString('base64'));
  });
});
