import { describe, expect, it } from 'vitest';
import { CachedBackend } from '../../../src/storage/cache.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import type { Backend } from '../../../src/storage/types.js';

function counting(inner: Backend): Backend & { gets: number } {
  const b = {
    type: inner.type,
    gets: 0,
    get: async (k: string) => {
      b.gets++;
      return inner.get(k);
    },
    put: (k: string, v: Uint8Array) => inner.put(k, v),
    delete: (k: string) => inner.delete(k),
    list: (p: string) => inner.list(p),
  };
  return b;
}

const text = (v: Uint8Array | null): string | null => (v === null ? null : Buffer.from(v).toString());

describe('CachedBackend', () => {
  it('serves repeated reads from memory and writes through', async () => {
    const inner = counting(createInmemBackend());
    const cache = new CachedBackend(inner);
    await cache.put('a', Buffer.from('1'));
    expect(text(await cache.get('a'))).toBe('1');
    expect(text(await cache.get('a'))).toBe('1');
    expect(inner.gets).toBe(0);
    await cache.delete('a');
    expect(await cache.get('a')).toBeNull();
    expect(inner.gets).toBe(0);
    expect(await inner.get('a')).toBeNull();
  });

  it('never keeps a value older than the last write when a read races a write', async () => {
    const store = createInmemBackend();
    await store.put('k', Buffer.from('old'));
    let release!: () => void;
    const slow: Backend = {
      ...store,
      type: 'slow',
      get: async (k) => {
        const v = await store.get(k);
        await new Promise<void>((r) => (release = r));
        return v;
      },
      put: (k, v) => store.put(k, v),
      delete: (k) => store.delete(k),
      list: (p) => store.list(p),
    };
    const cache = new CachedBackend(slow);
    const reading = cache.get('k');
    await new Promise((r) => setImmediate(r));
    await cache.put('k', Buffer.from('new'));
    release();
    expect(text(await reading)).toBe('old');
    expect(text(await cache.get('k'))).toBe('new');
  });

  it('evicts the least recently used entry beyond its size, and hands out copies', async () => {
    const inner = counting(createInmemBackend());
    const cache = new CachedBackend(inner, 2);
    for (const k of ['a', 'b', 'c']) await cache.put(k, Buffer.from(k));
    await cache.get('a');
    expect(inner.gets).toBe(1);
    const v = (await cache.get('c'))!;
    v[0] = 0;
    expect(text(await cache.get('c'))).toBe('c');
  });
});
