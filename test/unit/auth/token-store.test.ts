import { describe, expect, it, vi } from 'vitest';
import { REVOCATION_PENDING } from '../../../src/auth/token-entry.js';
import { TokenStore, type NewTokenSpec, type TokenStoreOptions } from '../../../src/auth/token-store.js';
import { PrefixView } from '../../../src/logical/storage-view.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import type { Backend } from '../../../src/storage/types.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function setup(opts: TokenStoreOptions = {}) {
  const backend = createInmemBackend();
  const clock = { now: T0 };
  const store = new TokenStore(new PrefixView(backend, ''), { clock: () => clock.now, ...opts });
  return { backend, clock, store };
}

function spec(parent: string, over: Partial<NewTokenSpec> = {}): NewTokenSpec {
  return {
    parent,
    policies: ['default'],
    path: 'auth/token/create',
    displayName: 'token',
    meta: null,
    numUses: 0,
    ttl: 3600,
    explicitMaxTtl: 0,
    period: 0,
    renewable: true,
    entityId: '',
    ...over,
  };
}

/** Every key and value in the backend, walked through list(). */
async function dump(backend: Backend, prefix = ''): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const k of await backend.list(prefix)) {
    if (k.endsWith('/')) out.push(...(await dump(backend, prefix + k)));
    else out.push([prefix + k, Buffer.from((await backend.get(prefix + k))!)]);
  }
  return out;
}

describe('TokenStore', () => {
  it('creates a root token that never expires and looks it up', async () => {
    const { store, clock } = setup();
    const { token, entry } = await store.createRoot();
    expect(token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    expect(entry).toMatchObject({ policies: ['root'], path: 'auth/token/root', display_name: 'root', ttl: 0, orphan: true, lease: null });
    clock.now += 10 * 365 * 86400_000;
    expect((await store.lookup(token))?.accessor).toBe(entry.accessor);
    expect(await store.lookup('hvs.AAAAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    expect(await store.lookup('')).toBeNull();
  });

  it('keeps a chosen root token id (dev mode) and finds it again after reset()', async () => {
    const { store } = setup();
    await store.createRoot('devroot');
    store.reset();
    expect((await store.lookup('devroot'))?.policies).toEqual(['root']);
  });

  it('never stores a token in plaintext, only its salted hash', async () => {
    const { store, backend } = setup();
    const root = await store.createRoot();
    const child = await store.create(spec(root.entry.hash, { meta: { user: 'x' } }));
    const entries = await dump(backend);
    expect(entries.map(([k]) => k)).toEqual(
      expect.arrayContaining([
        'sys/token/salt',
        `sys/token/id/${child.entry.hash}`,
        `sys/token/accessor/${child.entry.accessor}`,
        `sys/token/parent/${root.entry.hash}/${child.entry.hash}`,
      ]),
    );
    for (const token of [root.token, child.token]) {
      const secret = token.slice(4);
      for (const [key, value] of entries) {
        expect(key.includes(secret)).toBe(false);
        expect(value.includes(Buffer.from(secret))).toBe(false);
      }
    }
  });

  it('finds a token by accessor and lists accessors', async () => {
    const { store } = setup();
    const root = await store.createRoot();
    const child = await store.create(spec(root.entry.hash));
    expect(await store.accessorHash(child.entry.accessor)).toBe(child.entry.hash);
    expect(await store.accessorHash('nope')).toBeNull();
    expect(await store.accessorHash('../id/x')).toBeNull();
    expect((await store.listAccessors()).sort()).toEqual([root.entry.accessor, child.entry.accessor].sort());
  });

  it('refuses an expired token at once, before the reaper runs', async () => {
    const { store, clock } = setup();
    const root = await store.createRoot();
    const { token } = await store.create(spec(root.entry.hash, { ttl: 60 }));
    clock.now += 60_000;
    expect(await store.lookup(token)).not.toBeNull();
    clock.now += 1;
    expect(await store.lookup(token)).toBeNull();
    expect(await store.lookup(token, { tainted: true })).toBeNull();
  });

  it('refuses a child whose parent has expired, even though its own TTL runs on', async () => {
    const { store, clock } = setup();
    const root = await store.createRoot();
    const parent = await store.create(spec(root.entry.hash, { ttl: 60 }));
    const child = await store.create(spec(parent.entry.hash, { ttl: 3600 }));
    clock.now += 61_000;
    expect(await store.lookup(child.token)).toBeNull();
  });

  it('reaps expired tokens with their trees and indexes', async () => {
    const { store, clock, backend } = setup();
    const root = await store.createRoot();
    const short = await store.create(spec(root.entry.hash, { ttl: 60 }));
    const grandchild = await store.create(spec(short.entry.hash, { ttl: 3600 }));
    const long = await store.create(spec(root.entry.hash, { ttl: 3600 }));
    clock.now += 120_000;
    expect(await store.reap()).toBe(1);
    const keys = (await dump(backend)).map(([k]) => k);
    for (const e of [short.entry, grandchild.entry]) {
      expect(keys.some((k) => k.includes(e.hash) || k.includes(e.accessor))).toBe(false);
    }
    expect(await store.lookup(long.token)).not.toBeNull();
    expect(await store.lookup(root.token)).not.toBeNull();
  });

  it('runs the reaper on a timer until stopped', async () => {
    const { store, clock, backend } = setup();
    const root = await store.createRoot();
    const t = await store.create(spec(root.entry.hash, { ttl: 1 }));
    clock.now += 5_000;
    store.startReaper(5);
    try {
      await vi.waitFor(async () => expect(await backend.get(`sys/token/id/${t.entry.hash}`)).toBeNull(), { timeout: 2000 });
    } finally {
      store.stopReaper();
    }
  });

  it('revokes a whole tree, children first, however deep', async () => {
    const { store } = setup();
    const root = await store.createRoot();
    const top = await store.create(spec(root.entry.hash));
    const tokens = [top];
    let parent = top;
    for (let i = 0; i < 300; i++) {
      parent = await store.create(spec(parent.entry.hash));
      tokens.push(parent);
    }
    const sibling = await store.create(spec(top.entry.hash));
    const orphan = await store.create(spec('', { policies: ['default'] }));
    await store.revokeTree(top.entry.hash);
    for (const t of [...tokens, sibling]) expect(await store.lookup(t.token)).toBeNull();
    expect(await store.lookup(orphan.token)).not.toBeNull();
    expect(await store.lookup(root.token)).not.toBeNull();
  });

  it('revoke-orphan leaves the children alive as orphans', async () => {
    const { store } = setup();
    const root = await store.createRoot();
    const parent = await store.create(spec(root.entry.hash));
    const child = await store.create(spec(parent.entry.hash));
    const grandchild = await store.create(spec(child.entry.hash));
    await store.revokeOrphan(parent.entry.hash);
    expect(await store.lookup(parent.token)).toBeNull();
    const c = await store.lookup(child.token);
    expect(c).toMatchObject({ parent: '', orphan: true });
    expect(await store.lookup(grandchild.token)).not.toBeNull();
    // The orphan's own tree still goes with it.
    await store.revokeTree(child.entry.hash);
    expect(await store.lookup(grandchild.token)).toBeNull();
  });

  it('spends uses and revokes the token after its last one', async () => {
    const { store, backend } = setup();
    const root = await store.createRoot();
    const { token, entry } = await store.create(spec(root.entry.hash, { numUses: 2 }));
    const first = await store.use(entry);
    expect(first?.num_uses).toBe(1);
    await store.finishUse(first!);
    const last = await store.use(first!);
    expect(last?.num_uses).toBe(REVOCATION_PENDING);
    // During its last request the token no longer authenticates anything else...
    expect(await store.lookup(token)).toBeNull();
    expect(await store.use(entry)).toBeNull();
    // ...but Vault's lookup endpoint still shows it.
    expect((await store.lookup(token, { tainted: true }))?.num_uses).toBe(REVOCATION_PENDING);
    await store.finishUse(last!);
    expect(await backend.get(`sys/token/id/${entry.hash}`)).toBeNull();
    expect(await store.use(await store.lookupHash(root.entry.hash).then((e) => e!))).not.toBeNull();
  });

  it('grants exactly num_uses uses to concurrent requests', async () => {
    const { store } = setup();
    const root = await store.createRoot();
    const { entry } = await store.create(spec(root.entry.hash, { numUses: 3 }));
    const results = await Promise.all(Array.from({ length: 8 }, () => store.use(entry)));
    expect(results.filter((r) => r !== null)).toHaveLength(3);
  });

  it('renews a periodic token to its period, past the max TTL', async () => {
    const { store, clock } = setup({ defaultTtl: 3600, maxTtl: 7200 });
    const root = await store.createRoot();
    const { token, entry } = await store.create(spec(root.entry.hash, { ttl: 600, period: 600 }));
    for (let i = 0; i < 20; i++) {
      clock.now += 500_000;
      const r = await store.renew(entry, 99999);
      expect(r.ttl).toBe(600);
      expect(r.entry.lease?.expire_time).toBe(clock.now + 600_000);
    }
    expect(await store.lookup(token)).not.toBeNull();
  });

  it('caps a renewal at the explicit max TTL and the mount max', async () => {
    const { store, clock } = setup({ maxTtl: 7200 });
    const root = await store.createRoot();
    const capped = await store.create(spec(root.entry.hash, { ttl: 1800, explicitMaxTtl: 3600 }));
    clock.now += 1500_000;
    const r = await store.renew(capped.entry, 3600);
    expect(r.ttl).toBe(2100);
    expect(r.warnings).toEqual(['TTL of "1h0m0s" exceeded the effective max_ttl of "35m0s"; TTL value is capped accordingly']);
    const plain = await store.create(spec(root.entry.hash, { ttl: 1800 }));
    clock.now += 1500_000;
    expect(await store.lookup(capped.token)).not.toBeNull();
    expect((await store.renew(plain.entry, 3600)).ttl).toBe(3600);
    clock.now += 3500_000;
    expect((await store.renew(plain.entry, 3600)).ttl).toBe(7200 - 5000);
  });

  it('renews to the last TTL without increment, and refuses non-renewable leases', async () => {
    const { store, clock } = setup();
    const root = await store.createRoot();
    const t = await store.create(spec(root.entry.hash, { ttl: 900 }));
    clock.now += 100_000;
    expect((await store.renew(t.entry, 0)).ttl).toBe(900);
    const fixed = await store.create(spec(root.entry.hash, { renewable: false }));
    await expect(store.renew(fixed.entry, 0)).rejects.toThrow('lease is not renewable');
    await expect(store.renew(root.entry, 0)).rejects.toThrow('invalid lease ID');
    const forever = await store.create(spec(root.entry.hash, { policies: ['root'], ttl: 0, renewable: false }));
    await expect(store.renew(forever.entry, 0)).rejects.toThrow('lease is not renewable');
  });

  it('refuses custom ids Vault refuses, and duplicates', async () => {
    const { store } = setup();
    const root = await store.createRoot();
    await expect(store.create(spec(root.entry.hash, { id: 'hvs.x' }))).rejects.toThrow("custom token ID cannot have the 'hvs.' prefix");
    await expect(store.create(spec(root.entry.hash, { id: 's.x' }))).rejects.toThrow("custom token ID cannot have the 's.' prefix");
    await expect(store.create(spec(root.entry.hash, { id: 'a.b' }))).rejects.toThrow("custom token ID cannot have a '.' in the value");
    const mine = await store.create(spec(root.entry.hash, { id: 'my-token' }));
    expect(mine.token).toBe('my-token');
    await expect(store.create(spec(root.entry.hash, { id: 'my-token' }))).rejects.toThrow('cannot create a token with a duplicate ID');
  });

  it('refuses a child of an unknown parent', async () => {
    const { store } = setup();
    await expect(store.create(spec('0'.repeat(64)))).rejects.toThrow('parent token not found');
  });
});
