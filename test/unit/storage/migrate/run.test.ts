import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../../src/errors.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { CORE_LOCK_KEY } from '../../../../src/storage/ha.js';
import { compareBytewise } from '../../../../src/storage/keys.js';
import { MIGRATION_LOCK_KEY, readLock, readProgress, writeLock } from '../../../../src/storage/migrate/lock.js';
import { migrateStorage, resetMigrationLock } from '../../../../src/storage/migrate/run.js';
import type { Backend } from '../../../../src/storage/types.js';
import { tempRoots } from '../support.js';
import { bytes, dump, failingPuts, fileAt, fill, haBackend, inmem, sampleEntries } from './support.js';

const tempDir = tempRoots();
const base = { maxParallel: 4, logger: nullLogger() };

/** The pairs every behaviour is checked on. */
const PAIRS: [string, () => Promise<[Backend, Backend]>][] = [
  ['inmem → inmem', async () => [inmem(), inmem()]],
  ['file → file', async () => [await fileAt(await tempDir()), await fileAt(await tempDir())]],
];

describe.each(PAIRS)('migrateStorage, %s', (_name, pair) => {
  it('copies every key byte for byte, skipping core/lock and core/migration, and leaves no lock', async () => {
    const [from, to] = await pair();
    const entries = sampleEntries();
    await fill(from, entries);
    await from.put(CORE_LOCK_KEY, bytes('stale lock'));
    const logged: string[] = [];
    const r = await migrateStorage(from, to, { ...base, onCopied: (k) => void logged.push(k) });
    expect(r).toEqual({ copied: entries.size, aborted: false });
    expect(await dump(to)).toEqual(entries);
    expect(await to.get(CORE_LOCK_KEY)).toBeNull();
    expect(await from.get(MIGRATION_LOCK_KEY)).toBeNull();
    expect(await to.get(MIGRATION_LOCK_KEY)).toBeNull();
    expect(new Set(logged)).toEqual(new Set(entries.keys()));
    expect(await from.get(CORE_LOCK_KEY)).toEqual(bytes('stale lock')); // the source is left as it was
  });

  it('-start copies only the keys at or after it', async () => {
    const [from, to] = await pair();
    const entries = sampleEntries();
    await fill(from, entries);
    await migrateStorage(from, to, { ...base, start: 'logical/04' });
    const want = [...entries.keys()].filter((k) => compareBytewise(k, 'logical/04') >= 0).sort(compareBytewise);
    expect([...(await dump(to)).keys()]).toEqual(want);
  });

  it('resumes an interrupted migration after the last key saved, and finishes it', async () => {
    const [from, realTo] = await pair();
    const entries = sampleEntries();
    await fill(from, entries);
    const to = failingPuts(realTo, 20);
    const err = await migrateStorage(from, to, { ...base, saveEveryKeys: 1 }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('error writing entry: disk full');
    // Both records stay: the lock (whose holder, this process's earlier run, is gone) and the progress.
    const lock = await readLock(from);
    const progress = await readProgress(realTo);
    expect(progress?.id).toBe(lock?.id);
    expect(progress!.last).not.toBe('');
    const sorted = [...entries.keys()].sort(compareBytewise);
    const copiedBefore = sorted.indexOf(progress!.last) + 1;
    expect(copiedBefore).toBeGreaterThanOrEqual(20 - base.maxParallel);
    for (const k of sorted.slice(0, copiedBefore)) expect(await realTo.get(k)).toEqual(entries.get(k));

    const again: string[] = [];
    const r = await migrateStorage(from, realTo, { ...base, onCopied: (k) => void again.push(k) });
    expect(r.resumedAfter).toBe(progress!.last);
    expect(again.sort(compareBytewise)).toEqual(sorted.slice(copiedBefore));
    expect(await dump(realTo)).toEqual(entries);
    expect(await from.get(MIGRATION_LOCK_KEY)).toBeNull();
  });

  it('refuses while another migration holds the lock, with Vault\'s text; -reset clears it', async () => {
    const [from, to] = await pair();
    await fill(from, sampleEntries(3));
    // Written by Vault (no holder recorded): always taken as running.
    await from.put(MIGRATION_LOCK_KEY, bytes('{"start":"2024-05-01T10:20:30.123456789Z"}'));
    const err = await migrateStorage(from, to, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('STORAGE_MIGRATION_IN_PROGRESS');
    expect((err as StorageError).message).toBe('storage migration in progress (started: 2024-05-01T10:20:30Z)');
    expect((await dump(to)).size).toBe(0);
    await resetMigrationLock(from);
    expect(await from.get(MIGRATION_LOCK_KEY)).toBeNull();
    await migrateStorage(from, to, base);
    expect(await dump(to)).toEqual(sampleEntries(3));
  });

  it('refuses a lock whose holder is alive (this very process, as if a second run)', async () => {
    const [from, to] = await pair();
    await writeLock(from, { start: new Date().toISOString(), id: 'other', pid: process.ppid, host: (await import('node:os')).hostname() });
    await expect(migrateStorage(from, to, base)).rejects.toThrow(/^storage migration in progress \(started: /);
  });

  it('starts over, ignoring progress of another migration, after -reset', async () => {
    const [from, realTo] = await pair();
    const entries = sampleEntries();
    await fill(from, entries);
    await migrateStorage(from, failingPuts(realTo, 10), { ...base, saveEveryKeys: 1 }).catch(() => undefined);
    await resetMigrationLock(from);
    const again: string[] = [];
    const r = await migrateStorage(from, realTo, { ...base, onCopied: (k) => void again.push(k) });
    expect(r.resumedAfter).toBeUndefined();
    expect(again.length).toBe(entries.size);
    expect(await dump(realTo)).toEqual(entries);
  });

  it('stops on abort with the progress kept, and the next run resumes', async () => {
    const [from, to] = await pair();
    const entries = sampleEntries();
    await fill(from, entries);
    const stop = new AbortController();
    const r = await migrateStorage(from, to, {
      ...base,
      signal: stop.signal,
      onCopied: (_k, n) => void (n === 10 && stop.abort()),
    });
    expect(r.aborted).toBe(true);
    expect(await readLock(from)).not.toBeNull();
    const r2 = await migrateStorage(from, to, base);
    expect(r2.resumedAfter).toBeDefined();
    expect(await dump(to)).toEqual(entries);
  });
});

describe('migrateStorage: a server using the storage', () => {
  it('refuses a source whose core/lock a server holds', async () => {
    const from = haBackend({ held: true, value: 'https://10.0.0.5:8200' });
    await from.put('core/keyring', bytes('k'));
    const to = inmem();
    const err = await migrateStorage(from, to, base).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('STORAGE_IN_USE');
    expect((err as StorageError).message).toBe(
      'the source storage is in use: its active-node lock (core/lock) is held by https://10.0.0.5:8200; stop every server using it before migrating',
    );
    expect(await from.get(MIGRATION_LOCK_KEY)).toBeNull();
    expect((await dump(to)).size).toBe(0);
  });

  it('refuses a destination a server holds, and goes ahead when nobody holds either', async () => {
    const from = haBackend({ held: false, value: '' });
    await from.put('core/keyring', bytes('k'));
    await expect(migrateStorage(from, haBackend({ held: true, value: '' }), base)).rejects.toThrow(
      /^the destination storage is in use: its active-node lock \(core\/lock\) is held; /,
    );
    const to = haBackend({ held: false, value: '' });
    await migrateStorage(from, to, base);
    expect(await to.get('core/keyring')).toEqual(bytes('k'));
  });
});
