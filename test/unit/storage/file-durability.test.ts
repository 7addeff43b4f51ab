/**
 * Durability of the file backend, observed at the file-system calls: every acknowledged put is
 * write(temp) → fsync(temp) → rename(temp, file) → fsync(dir) before its promise resolves, every
 * directory it creates has its entry fsynced in the parent, and every acknowledged delete is
 * unlink(file) → fsync(dir). node:fs/promises is wrapped (for src/storage too) so that each call is
 * logged when it completes, with the path the file handle was opened on; "ack" is logged when the
 * backend's promise resolves, so an fsync left running in the background lands after it and fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nullLogger } from '../../../src/log/logger.js';
import { createFileBackend } from '../../../src/storage/file.js';
import type { Backend } from '../../../src/storage/types.js';
import type { FsEvent } from '../../support/fs-call-log.js';

type Op = 'open' | 'write' | 'sync' | 'close' | 'rename' | 'unlink' | 'mkdir' | 'rmdir' | 'ack';
interface Event {
  op: Op;
  path: string;
  /** rename: the source. */
  from?: string;
}

const fsLog = vi.hoisted(() => ({ events: [] as FsEvent[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const { loggedFsPromises } = await import('../../support/fs-call-log.js');
  return loggedFsPromises(await importOriginal<typeof import('node:fs/promises')>(), fsLog.events);
});

const logger = nullLogger();
const enc = (s: string) => new TextEncoder().encode(s);

let root = '';
let backend: Backend;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tsvault-fsync-'));
  backend = await createFileBackend({ path: root }, logger);
});
afterEach(async () => {
  await backend.close?.();
  await rm(root, { recursive: true, force: true });
});

/** Runs one backend operation and returns the calls it made, ending with "ack" when its promise resolved. */
async function traced(op: () => Promise<void>): Promise<Event[]> {
  fsLog.events.length = 0;
  await op();
  fsLog.events.push({ op: 'ack', path: '' });
  return fsLog.events.slice() as Event[];
}

const show = (events: readonly Event[]) => events.map((e) => `${e.op} ${e.from ? `${e.from} -> ` : ''}${e.path}`.replace(root, '<root>')).join('\n');

/** Index of the only event matching; fails (with the whole trace) unless there is exactly one. */
function only(events: readonly Event[], what: string, match: (e: Event) => boolean): number {
  const found = events.flatMap((e, i) => (match(e) ? [i] : []));
  expect(found, `exactly one ${what} in:\n${show(events)}`).toHaveLength(1);
  return found[0]!;
}

/** Index of an fsync of `path` strictly between `after` and `before`; fails with the trace if there is none. */
function syncBetween(events: readonly Event[], path: string, after: number, before: number): number {
  const i = events.findIndex((e, j) => j > after && j < before && e.op === 'sync' && e.path === path);
  expect(i, `fsync of ${path.replace(root, '<root>')} after #${after} and before #${before} in:\n${show(events)}`).toBeGreaterThan(-1);
  return i;
}

/** The put's rename is preceded by write + fsync of the temp file and followed by an fsync of the directory, all before ack. */
function expectDurablePut(events: readonly Event[], dir: string, file: string): void {
  const ack = events.length - 1;
  const renamed = only(events, `rename onto ${file}`, (e) => e.op === 'rename' && e.path === file);
  const temp = events[renamed]!.from!;
  // Temp files are created in the storage directory (the same file system), wherever the value goes.
  expect(dirname(temp)).toBe(root);
  let wrote = renamed - 1;
  while (wrote >= 0 && !(events[wrote]!.op === 'write' && events[wrote]!.path === temp)) wrote--;
  expect(wrote, `a write of the temp file before the rename in:\n${show(events)}`).toBeGreaterThan(-1);
  syncBetween(events, temp, wrote, renamed);
  syncBetween(events, dir, renamed, ack);
}

describe('file backend: what an acknowledged write has made durable', () => {
  it('put into new directories: each new entry is fsynced in its parent, then write, fsync(file), rename, fsync(dir), then ack', async () => {
    const dir = join(root, 'a', 'b');
    const events = await traced(() => backend.put('a/b/c', enc('v1')));
    expectDurablePut(events, dir, join(dir, '_c'));
    // a/ and a/b/ are new: the entry for each is made durable in its parent before the key is written.
    const made = only(events, 'mkdir', (e) => e.op === 'mkdir');
    const firstWrite = events.findIndex((e) => e.op === 'write');
    syncBetween(events, root, made, firstWrite);
    syncBetween(events, join(root, 'a'), made, firstWrite);
  });

  it('put over an existing key: write, fsync(file), rename, fsync(dir), then ack', async () => {
    await backend.put('a/b/c', enc('v1'));
    const dir = join(root, 'a', 'b');
    const events = await traced(() => backend.put('a/b/c', enc('v2')));
    expectDurablePut(events, dir, join(dir, '_c'));
    expect(new TextDecoder().decode((await backend.get('a/b/c'))!)).toBe('v2');
  });

  it('put at the top level fsyncs the storage directory itself', async () => {
    const events = await traced(() => backend.put('top', enc('v')));
    expectDurablePut(events, root, join(root, '_top'));
  });

  it('concurrent puts to one key: each is durable before its own ack', async () => {
    const acks: number[] = [];
    fsLog.events.length = 0;
    await Promise.all(
      ['v1', 'v2', 'v3'].map((v) => backend.put('k/x', enc(v)).then(() => acks.push(fsLog.events.push({ op: 'ack', path: v }) - 1))),
    );
    const events = fsLog.events.slice() as Event[];
    const file = join(root, 'k', '_x');
    const renames = events.flatMap((e, i) => (e.op === 'rename' && e.path === file ? [i] : []));
    expect(renames).toHaveLength(3);
    renames.forEach((r, n) => syncBetween(events, join(root, 'k'), r, acks[n]!));
  });

  it('delete: unlink(file), then fsync(dir), then ack (before the emptied directories are pruned or not)', async () => {
    await backend.put('a/b/c', enc('v'));
    await backend.put('a/b/d', enc('v'));
    const dir = join(root, 'a', 'b');
    const events = await traced(() => backend.delete('a/b/c'));
    const unlinked = only(events, 'unlink of a/b/_c', (e) => e.op === 'unlink' && e.path === join(dir, '_c'));
    syncBetween(events, dir, unlinked, events.length - 1);
    expect(await backend.get('a/b/c')).toBeNull();

    // The last key in a/b: its directories go too, the unlink still fsynced before the ack.
    const last = await traced(() => backend.delete('a/b/d'));
    const gone = only(last, 'unlink of a/b/_d', (e) => e.op === 'unlink' && e.path === join(dir, '_d'));
    syncBetween(last, dir, gone, last.length - 1);
    // Each emptied directory that is removed has its removal fsynced in its parent before the ack.
    for (const [removed, parent] of [[dir, join(root, 'a')], [join(root, 'a'), root]] as const) {
      const at = only(last, `rmdir of ${removed}`, (e) => e.op === 'rmdir' && e.path === removed);
      syncBetween(last, parent, at, last.length - 1);
    }
    expect(await backend.list('')).toEqual([]);
  });

  it('a delete of a missing key changes nothing and needs no fsync', async () => {
    const events = await traced(() => backend.delete('nope/x'));
    expect(events.filter((e) => e.op === 'unlink' || e.op === 'rename')).toEqual([]);
  });
});
