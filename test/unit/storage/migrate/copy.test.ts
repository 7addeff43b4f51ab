import { describe, expect, it } from 'vitest';
import { compareBytewise } from '../../../../src/storage/keys.js';
import { copyAll, SKIPPED_KEYS } from '../../../../src/storage/migrate/copy.js';
import type { Backend } from '../../../../src/storage/types.js';
import { bytes, dump, fill, inmem, sampleEntries } from './support.js';

/** A source whose reads take a while, counting how many are under way at once. */
function slowReads(inner: Backend): Backend & { peak: number } {
  let now = 0;
  const out = {
    ...inner,
    peak: 0,
    async get(key: string) {
      now++;
      out.peak = Math.max(out.peak, now);
      await new Promise((r) => setTimeout(r, 1 + (key.length % 3)));
      now--;
      return inner.get(key);
    },
  };
  return out;
}

describe('copyAll', () => {
  it('keeps at most maxParallel copies in flight, and uses them', async () => {
    const from = slowReads(inmem());
    await fill(from, sampleEntries());
    for (const max of [1, 3, 8]) {
      from.peak = 0;
      const to = inmem();
      const r = await copyAll(from, to, { maxParallel: max });
      expect(from.peak).toBe(max);
      expect(r.copied).toBe(sampleEntries().size);
      expect(r.last).toBe([...sampleEntries().keys()].sort(compareBytewise).at(-1));
      expect(await dump(to)).toEqual(sampleEntries());
    }
  });

  it('skips exactly Vault\'s keys: core/migration and core/lock', async () => {
    expect(SKIPPED_KEYS).toEqual(['core/migration', 'core/lock']);
    const from = inmem();
    for (const k of ['core/migration', 'core/lock', 'core/migration/staged/x', 'core/lockbox', 'core/locks/a']) await from.put(k, bytes(k));
    const to = inmem();
    await copyAll(from, to, { maxParallel: 2 });
    expect([...(await dump(to)).keys()].sort()).toEqual(['core/lockbox', 'core/locks/a', 'core/migration/staged/x']);
  });

  it('saves progress as a prefix of the sorted keys, never past a key still in flight', async () => {
    const from = slowReads(inmem());
    const entries = sampleEntries();
    await fill(from, entries);
    const sorted = [...entries.keys()].sort(compareBytewise);
    const saved: string[] = [];
    const done = new Set<string>();
    await copyAll(from, inmem(), {
      maxParallel: 5,
      saveEveryKeys: 1,
      onCopied: (k) => void done.add(k),
      saveProgress: async (p) => {
        saved.push(p.last);
        for (const k of sorted.slice(0, sorted.indexOf(p.last) + 1)) expect(done.has(k)).toBe(true);
      },
    });
    expect(saved.at(-1)).toBe(sorted.at(-1));
    const positions = saved.map((k) => sorted.indexOf(k));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
