/**
 * The file backend's edges beyond file.test.ts: what it reports when the file system says no, which
 * directory entries are keys, and what it logs. We run as root in CI, so failures come from the file
 * system's shape (symlink loops, files where folders belong), not from permissions.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileBackend } from '../../../src/storage/file.js';
import { SWEPT_MARK } from '../../../src/storage/file-sweep.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { rejection, tempRoots } from './support.js';

const tempRoot = tempRoots();
const ioError = (p: Promise<unknown>) => rejection(p, 'STORAGE_IO');

const enc = (s: string) => new TextEncoder().encode(s);

describe('file backend: errors name the operation, the key and the errno', () => {
  it('reads a path through a file, or a folder where the value file belongs, as absent', async () => {
    const root = await tempRoot();
    const b = await createFileBackend({ path: root }, recordingLogger());
    await writeFile(join(root, 'plain'), 'x');
    await mkdir(join(root, '_isdir'));
    expect(await b.get('plain/k')).toBeNull();
    expect(await b.list('plain/')).toEqual([]);
    expect(await b.get('isdir')).toBeNull();
  });

  it('fails other reads, lists, writes and deletes with STORAGE_IO and the cause', async () => {
    const root = await tempRoot();
    const b = await createFileBackend({ path: root }, recordingLogger());
    await symlink(join(root, '_loop'), join(root, '_loop'));
    await symlink(join(root, 'loopd'), join(root, 'loopd'));
    await writeFile(join(root, 'plain'), 'x');
    await mkdir(join(root, '_isdir'));
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));

    const read = await ioError(b.get('loop'));
    expect(read.message).toBe('failed to read "loop": ELOOP');
    expect((read.cause as NodeJS.ErrnoException).code).toBe('ELOOP');
    expect((await ioError(b.list('loopd/'))).message).toBe('failed to list "loopd/": ELOOP');
    expect((await ioError(b.put('plain/k', enc('v')))).message).toBe('failed to write "plain/k": EEXIST');
    expect((await ioError(b.delete('isdir'))).message).toBe('failed to delete "isdir": EISDIR');
    // a folder that keeps vanishing (a dangling link): the put gives up instead of retrying forever
    expect((await ioError(b.put('dangling/k', enc('v')))).message).toBe('failed to write "dangling/k": ENOENT');
    // deleting what is not there is fine
    await b.delete('never/was');
  });

  it('refuses a storage path it cannot open or create, or that is not a folder', async () => {
    const root = await tempRoot();
    await symlink(join(root, 'loopd'), join(root, 'loopd'));
    await writeFile(join(root, 'plain'), 'x');
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    const open = (path: string) => ioError(createFileBackend({ path }, recordingLogger()));
    expect((await open(join(root, 'loopd'))).message).toBe(`failed to open storage directory "${join(root, 'loopd')}": ELOOP`);
    expect((await open(join(root, 'plain/x'))).message).toBe(`failed to open storage directory "${join(root, 'plain/x')}": ENOTDIR`);
    expect((await open(join(root, 'dangling/x'))).message).toBe(`failed to create storage directory "${join(root, 'dangling/x')}": ENOTDIR`);
    expect((await open(join(root, 'plain'))).message).toBe(`storage path ${join(root, 'plain')} is not a directory`);
  });

  it('refuses every operation after close, and close waits for writes in flight', async () => {
    const root = await tempRoot();
    const b = await createFileBackend({ path: root }, recordingLogger());
    const pending = b.put('deep/er/key', enc('value'));
    await b.close!();
    expect(await readFile(join(root, 'deep/er/_key'), 'utf8')).toBe('{"Value":"dmFsdWU="}\n');
    await pending;
    for (const use of [() => b.get('k'), () => b.put('k', enc('v')), () => b.delete('k'), () => b.list('')]) {
      expect((await ioError(use())).message).toBe('the file backend is closed');
    }
  });
});

describe('file backend: value files', () => {
  it('refuses JSON that is not a {"Value": base64} object, and unpadded base64 as Go does', async () => {
    const root = await tempRoot();
    const b = await createFileBackend({ path: root }, recordingLogger());
    for (const content of ['42', 'null', '"str"', '{"Value":1234}', '{"Value":true}', '{"Value":"YWJ"}', '{"Value":"YWJjZ"}']) {
      await writeFile(join(root, '_k'), content);
      expect((await ioError(b.get('k'))).message).toBe('corrupt entry for key "k": not a {"Value":"<base64>"} record');
    }
    await writeFile(join(root, '_k'), '{"Value":"YWI="}');
    expect(new TextDecoder().decode((await b.get('k'))!)).toBe('ab');
  });

  it('warns about an empty value file, naming the key', async () => {
    const root = await tempRoot();
    const logger = recordingLogger();
    const b = await createFileBackend({ path: root }, logger);
    await writeFile(join(root, '_zero'), '');
    expect(await b.get('zero')).toBeNull();
    expect(logger.lines.at(-1)).toEqual({ level: 'warn', msg: 'ignoring empty value file', fields: { key: 'zero' } });
  });

  it('lists symlinked value files as keys, but not dangling links or a bare "_"', async () => {
    const root = await tempRoot();
    const b = await createFileBackend({ path: root }, recordingLogger());
    await b.put('k', enc('v'));
    await symlink(join(root, '_k'), join(root, '_alias'));
    await symlink(join(root, '_nowhere'), join(root, '_ghost'));
    await writeFile(join(root, '_'), '{"Value":""}');
    expect(await b.list('')).toEqual(['alias', 'k']);
    expect(new TextDecoder().decode((await b.get('alias'))!)).toBe('v');
  });
});

describe('file backend: what it logs when opening', () => {
  it('creates a missing storage folder 0700 and says so at debug', async () => {
    const root = join(await tempRoot(), 'new');
    const logger = recordingLogger();
    await createFileBackend({ path: root }, logger);
    expect(((await stat(root)).mode & 0o777).toString(8)).toBe('700');
    expect(logger.lines).toContainEqual({ level: 'debug', msg: 'created storage directory', fields: { path: root, mode: '700' } });
    expect(logger.lines.at(-1)).toEqual({ level: 'debug', msg: 'file backend ready', fields: { path: root } });
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('warns with the mode only when an existing folder is open to group or others', async () => {
    const closed = await tempRoot();
    const quiet = recordingLogger();
    await createFileBackend({ path: closed }, quiet);
    expect(quiet.lines.filter((l) => l.level !== 'debug')).toEqual([]);

    const open = join(await tempRoot(), 'open');
    await mkdir(open, { mode: 0o755 });
    await chmod(open, 0o750);
    const loud = recordingLogger();
    await createFileBackend({ path: open }, loud);
    expect(loud.lines).toContainEqual({ level: 'warn', msg: 'storage directory is accessible to group or others', fields: { path: open, mode: '750' } });
  });

  it('counts the stale temp files it removed', async () => {
    const root = await tempRoot();
    await mkdir(join(root, 'a'));
    await writeFile(join(root, 'a', '.tsvault-tmp-0123456789abcdef'), 'half');
    await writeFile(join(root, '.tsvault-tmp-fedcba9876543210'), 'half');
    const logger = recordingLogger();
    const backend = await createFileBackend({ path: root }, logger);
    // The one in the storage directory before the open resolves; the one next to values by the walk after it.
    expect(logger.lines).toContainEqual({ level: 'warn', msg: 'removed temp files left by an interrupted write', fields: { path: root, count: 1 } });
    await vi.waitFor(() => expect(existsSync(join(root, SWEPT_MARK))).toBe(true), { timeout: 10_000 });
    await backend.close!();
    expect(logger.lines.filter((l) => l.msg === 'removed temp files left by an interrupted write')).toHaveLength(2);
  });
});
