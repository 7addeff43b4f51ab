/**
 * KV v2 names a secret's version folder by HMAC-SHA256(salt, path) with the salt's KeyObject made
 * once when the mount loads it, shared by every request's V2Store; the folder names are the ones
 * the code before this change wrote (fixed vector from main at 0ed32c2).
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import { loadOrCreateSalt, V2Store } from '../../../../src/secrets/kv/v2/store.js';
import type { VersionRecord } from '../../../../src/secrets/kv/v2/model.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';
import { keySpy, keysUsed } from '../../crypto/key-object-spy.js';

vi.mock('node:crypto', async (orig) => (await import('../../crypto/key-object-spy.js')).spiedCrypto(orig));

const vectors = JSON.parse(readFileSync(new URL('../../../fixtures/crypto/main-0ed32c2-vectors.json', import.meta.url), 'utf8')) as { kv: string[] };
const SALT = Buffer.alloc(32, 0x22);
const record = { data: { a: 1 }, metadata: { created_time: 'x', deletion_time: '', destroyed: false, custom_metadata: null } } as unknown as VersionRecord;

async function view(): Promise<{ backend: ReturnType<typeof createInmemBackend>; view: PrefixView }> {
  const backend = createInmemBackend();
  const v = new PrefixView(backend, 'logical/kv/');
  await v.put('.kv-v2/salt', Buffer.from(SALT.toString('hex')));
  return { backend, view: v };
}

describe('KV v2 salt as a KeyObject', () => {
  beforeEach(() => keySpy.reset());

  it('makes the KeyObject once when the salt loads; every store and call reuses it', async () => {
    const { view: v } = await view();
    const salt = await loadOrCreateSalt(v);
    expect(keySpy.made).toBe(1);
    expect(salt).toMatchObject({ type: 'secret', symmetricKeySize: 32 });
    keySpy.reset();
    for (let i = 0; i < 5; i++) {
      const store = new V2Store(v, salt);
      await store.putVersion(`k${i}`, 1, record);
      expect(await store.version(`k${i}`, 1)).toEqual(record);
    }
    expect(keySpy.made).toBe(0);
    expect(keysUsed()).toMatchObject({ distinct: 1, allKeyObjects: true });
  });

  it('puts a version where the code before KeyObjects put it (fixed vector)', async () => {
    const { backend, view: v } = await view();
    await new V2Store(v, await loadOrCreateSalt(v)).putVersion('foo/bar', 3, record);
    const folder = vectors.kv.find((k) => k.includes('/versions/'))!;
    expect(await backend.get(folder)).not.toBeNull();
  });

  it('a new salt is stored as before and its KeyObject names the same folders after a reload', async () => {
    const backend = createInmemBackend();
    const v = new PrefixView(backend, 'logical/kv/');
    const first = new V2Store(v, await loadOrCreateSalt(v));
    await first.putVersion('p', 1, record);
    expect((await backend.get('logical/kv/.kv-v2/salt'))!.length).toBe(64);
    expect(await new V2Store(v, await loadOrCreateSalt(v)).version('p', 1)).toEqual(record);
  });

  it('the store shows no salt in util.inspect or JSON', async () => {
    const { view: v } = await view();
    const store = new V2Store(v, await loadOrCreateSalt(v));
    const shown = `${inspect(store, { showHidden: true, depth: 10 })} ${JSON.stringify(store)}`;
    expect(shown).not.toContain(SALT.toString('hex'));
    expect(shown).not.toContain(SALT.toString('base64'));
  });
});
