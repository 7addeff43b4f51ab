import { describe, expect, it } from 'vitest';
import { formatGoDuration, formatTimestamp, parseTimestamp, systemClock } from '../../../../src/secrets/kv/clock.js';
import { KeyedLock } from '../../../../src/secrets/kv/keyed-lock.js';
import { mergePatch } from '../../../../src/secrets/kv/merge-patch.js';
import { listPrefix, lookupKey, pathProblem } from '../../../../src/secrets/kv/paths.js';
import { addVersion, deletionTimeFor, newKeyMetadata } from '../../../../src/secrets/kv/v2/model.js';

describe('kv helpers', () => {
  it('prints timestamps as Go RFC3339Nano and reads them back', () => {
    const base = BigInt(Date.UTC(2018, 2, 22, 2, 24, 6)) * 1_000_000n;
    expect(formatTimestamp(base + 945_319_214n)).toBe('2018-03-22T02:24:06.945319214Z');
    expect(formatTimestamp(base + 945_000_000n)).toBe('2018-03-22T02:24:06.945Z');
    expect(formatTimestamp(base)).toBe('2018-03-22T02:24:06Z');
    for (const ns of [base, base + 1n, base + 945_319_214n]) expect(parseTimestamp(formatTimestamp(ns))).toBe(ns);
    expect(() => parseTimestamp('yesterday')).toThrow();
  });

  it('keeps the system clock within a few milliseconds of Date.now()', () => {
    const clock = systemClock();
    const a = clock();
    const wall = BigInt(Date.now()) * 1_000_000n;
    expect(a > wall - 5_000_000n && a < wall + 5_000_000n).toBe(true);
    expect(clock() >= a).toBe(true);
  });

  it("prints durations as Go's time.Duration", () => {
    expect([0, 45, 60, 90, 3600, 5400, 2_764_800, -1].map(formatGoDuration)).toEqual([
      '0s',
      '45s',
      '1m0s',
      '1m30s',
      '1h0m0s',
      '1h30m0s',
      '768h0m0s',
      '-1s',
    ]);
  });

  it('applies RFC 7386 merge patches', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: 1 }, 'x')).toBe('x');
    expect(mergePatch('x', { a: { b: null } })).toEqual({ a: {} });
  });

  it('judges paths', () => {
    expect(pathProblem('a/b')).toBeUndefined();
    expect(pathProblem('')).toBe('missing path');
    expect(pathProblem('a/../b')).toBe('path cannot contain parent references');
    expect(pathProblem('a/./b')).toContain('"." segments');
    expect(pathProblem('/a')).toContain('empty segment');
    expect(pathProblem('a\0b')).toContain('NUL');
    expect(pathProblem('é'.repeat(128))).toContain('254 bytes');
    expect(lookupKey('a/')).toBeUndefined();
    expect(() => lookupKey('..')).toThrow('path cannot contain parent references');
    expect([listPrefix(''), listPrefix('a'), listPrefix('a/b/')]).toEqual(['', 'a/', 'a/b/']);
    expect(() => listPrefix('a//')).toThrow();
  });

  it('slides the max_versions window like Vault, the larger setting winning', () => {
    const meta = newKeyMetadata('k');
    meta.max_versions = 2;
    const dropped = [1, 2, 3, 4].map(() => addVersion(meta, 't', '', 3).versionToDelete);
    // max(2, 3) = 3 versions kept.
    expect(dropped).toEqual([0, 0, 0, 1]);
    expect(Object.keys(meta.versions)).toEqual(['2', '3', '4']);
    expect(meta.oldest_version).toBe(2);
    const def = newKeyMetadata('d');
    for (let i = 0; i < 11; i++) addVersion(def, 't', '', 0);
    expect(Object.keys(def.versions)).toHaveLength(10);
  });

  it('picks the smaller non-zero delete_version_after', () => {
    const meta = newKeyMetadata('k');
    const cfg = (dva: number) => ({ max_versions: 0, cas_required: false, delete_version_after: dva });
    expect(deletionTimeFor(0n, cfg(0), meta)).toBeUndefined();
    expect(deletionTimeFor(0n, cfg(60), meta)).toBe(60_000_000_000n);
    meta.delete_version_after = 30;
    expect(deletionTimeFor(0n, cfg(60), meta)).toBe(30_000_000_000n);
    expect(deletionTimeFor(0n, cfg(0), meta)).toBe(30_000_000_000n);
    expect(deletionTimeFor(0n, cfg(-1), meta)).toBeUndefined();
  });

  it('runs work on one key in order and on different keys at once', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    const first = lock.run('a', async () => {
      await blocked;
      order.push('a1');
    });
    const second = lock.run('a', async () => {
      order.push('a2');
    });
    await lock.run('b', async () => {
      order.push('b');
    });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['b', 'a1', 'a2']);
    await expect(lock.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('a', async () => 'still usable')).toBe('still usable');
  });
});
