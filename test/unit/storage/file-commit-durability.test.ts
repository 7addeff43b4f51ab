/**
 * Group commit, observed at the file-system calls (node:fs/promises wrapped, as in
 * file-durability.test.ts): a put is answered only after its record's write and fdatasync of the
 * log, the per-key file is not touched before that; a checkpoint removes a log file only after every
 * file it covered was fsynced, renamed into place and its directory fsynced.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nullLogger } from '../../../src/log/logger.js';
import { createFileBackend } from '../../../src/storage/file.js';
import type { Backend } from '../../../src/storage/types.js';
import type { FsEvent as Event } from '../../support/fs-call-log.js';

const fsLog = vi.hoisted(() => ({ events: [] as Event[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const { loggedFsPromises } = await import('../../support/fs-call-log.js');
  return loggedFsPromises(await importOriginal<typeof import('node:fs/promises')>(), fsLog.events);
});

const logger = nullLogger();
const enc = (s: string) => new TextEncoder().encode(s);

let root = '';
let backend: Backend;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tsvault-group-'));
  backend = await createFileBackend({ path: root, group_commit: 'true' }, logger);
});
afterEach(async () => {
  await backend.close?.().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

const isLog = (path: string) => basename(path).startsWith('.tsvault-wal-');
const show = (events: readonly Event[]) => events.map((e) => `${e.op} ${e.from ? `${e.from} -> ` : ''}${e.path}`.replaceAll(root, '<root>')).join('\n');

describe('group commit: what an acknowledged write has made durable', () => {
  it('a put is answered after the write and fdatasync of its log record, before its file is touched', async () => {
    fsLog.events.length = 0;
    await backend.put('a/b/c', enc('v'));
    const events = fsLog.events.slice();
    const wrote = events.findIndex((e) => e.op === 'write' && isLog(e.path));
    const synced = events.findIndex((e, i) => i > wrote && e.op === 'sync' && isLog(e.path));
    expect(wrote, show(events)).toBeGreaterThan(-1);
    expect(synced, show(events)).toBeGreaterThan(wrote);
    expect(events.filter((e) => e.op === 'rename'), show(events)).toEqual([]);
  });

  it('a checkpoint removes the log only after each file and each directory it covered is fsynced', async () => {
    await Promise.all([backend.put('a/b/c', enc('1')), backend.put('a/b/d', enc('2'))]);
    await backend.close!(); // a first checkpoint: a/b/_d is on disk now
    backend = await createFileBackend({ path: root, group_commit: 'true' }, logger);
    await Promise.all([backend.put('a/b/c', enc('1b')), backend.put('top', enc('3')), backend.delete('a/b/d')]);
    fsLog.events.length = 0;
    await backend.close!();
    const events = fsLog.events.slice();
    const removedLog = events.findIndex((e) => e.op === 'unlink' && isLog(e.path));
    expect(removedLog, show(events)).toBeGreaterThan(-1);
    for (const [file, dir] of [
      [join(root, 'a/b/_c'), join(root, 'a/b')],
      [join(root, '_top'), root],
    ] as const) {
      const renamed = events.findIndex((e) => e.op === 'rename' && e.path === file);
      expect(renamed, `${file}:\n${show(events)}`).toBeGreaterThan(-1);
      const temp = events[renamed]!.from!;
      expect(events.findIndex((e) => e.op === 'sync' && e.path === temp), show(events)).toBeLessThan(renamed);
      expect(events.findIndex((e) => e.op === 'sync' && e.path === temp), show(events)).toBeGreaterThan(-1);
      const dirSynced = events.findIndex((e, i) => i > renamed && e.op === 'sync' && e.path === dir);
      expect(dirSynced, `fsync of ${dir} after the rename:\n${show(events)}`).toBeGreaterThan(renamed);
      expect(dirSynced, `fsync of ${dir} before the log goes:\n${show(events)}`).toBeLessThan(removedLog);
    }
    const unlinked = events.findIndex((e) => e.op === 'unlink' && e.path === join(root, 'a/b/_d'));
    const dirAfter = events.findIndex((e, i) => i > unlinked && e.op === 'sync' && e.path === join(root, 'a/b'));
    expect(unlinked, show(events)).toBeGreaterThan(-1);
    expect(dirAfter, show(events)).toBeGreaterThan(unlinked);
    expect(dirAfter, show(events)).toBeLessThan(removedLog);
  });
});
