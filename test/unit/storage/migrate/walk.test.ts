import { describe, expect, it } from 'vitest';
import { compareBytewise } from '../../../../src/storage/keys.js';
import { walkKeys } from '../../../../src/storage/migrate/walk.js';
import type { Backend } from '../../../../src/storage/types.js';
import { fill, inmem, sampleEntries } from './support.js';

async function collect(b: Backend, from?: { atOrAfter?: string; after?: string }): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of walkKeys(b, from)) keys.push(k);
  return keys;
}

describe('walkKeys', () => {
  it('yields every key once, in Go string order (UTF-8 bytes), depth first', async () => {
    const b = inmem();
    const entries = sampleEntries();
    await fill(b, entries);
    const keys = await collect(b);
    expect(keys).toEqual([...entries.keys()].sort(compareBytewise));
    expect(keys.indexOf('a-b')).toBeLessThan(keys.indexOf('a/b'));
    expect(keys.indexOf('a/b')).toBeLessThan(keys.indexOf('a0'));
  });

  it('starts at or after a key, or strictly after one, without listing folders wholly before it', async () => {
    const b = inmem();
    const entries = sampleEntries();
    await fill(b, entries);
    const all = [...entries.keys()].sort(compareBytewise);
    const listed: string[] = [];
    const spy: Backend = { ...b, list: (p) => (listed.push(p), b.list(p)) };
    expect(await collect(spy, { atOrAfter: 'logical/03' })).toEqual(all.filter((k) => k >= 'logical/03'));
    expect(listed).not.toContain('core/');
    expect(listed).not.toContain('logical/02/');
    expect(await collect(b, { after: 'logical/03/item-003' })).toEqual(all.filter((k) => compareBytewise(k, 'logical/03/item-003') > 0));
    expect(await collect(b, { atOrAfter: 'zzz' })).toEqual([]);
  });

  it('wraps a failed list in Vault\'s text', async () => {
    const b: Backend = { ...inmem(), list: async () => Promise.reject(new Error('boom')) };
    await expect(collect(b)).rejects.toThrow('failed to scan for children: boom');
  });
});
