import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/log/types.js';
import { createFileBackend } from '../../../src/storage/file.js';
import { SWEPT_MARK } from '../../../src/storage/file-sweep.js';
import { backendContract } from './backend-contract.js';
import { rejection, tempRoots } from './support.js';
import { recordingLogger } from '../../support/recording-logger.js';

const tempRoot = tempRoots();

const enc = (s: string) => new TextEncoder().encode(s);

async function openAt(path: string, logger: Logger = recordingLogger()) {
  return createFileBackend({ path }, logger);
}

backendContract('file', async () => openAt(join(await tempRoot(), 'data')));

describe('file backend: Vault\'s on-disk layout', () => {
  it('stores a/b/c as a/b/_c holding {"Value":"<base64>"}\\n, byte for byte', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await b.put('a/b/c', enc('hello'));
    await b.put('core/keyring', Uint8Array.of(0, 0xff, 0xfe, 0x3e));
    await b.put('empty', new Uint8Array(0));
    expect(await readFile(join(root, 'a/b/_c'), 'utf8')).toBe('{"Value":"aGVsbG8="}\n');
    expect(await readFile(join(root, 'core/_keyring'), 'utf8')).toBe('{"Value":"AP/+Pg=="}\n');
    expect(await readFile(join(root, '_empty'), 'utf8')).toBe('{"Value":""}\n');
    expect((await readdir(root)).sort()).toEqual(['_empty', 'a', 'core']);
  });

  it('reads files written by Vault, including a nil value', async () => {
    const root = await tempRoot();
    await mkdir(join(root, 'core'), { recursive: true });
    await writeFile(join(root, 'core/_seal-config'), '{"Value":"eyJ0eXBlIjoic2hhbWlyIn0="}\n');
    await writeFile(join(root, 'core/_nil'), '{"Value":null}\n');
    const b = await openAt(root);
    expect(new TextDecoder().decode((await b.get('core/seal-config'))!)).toBe('{"type":"shamir"}');
    expect(await b.get('core/nil')).toEqual(new Uint8Array(0));
    expect(await b.list('core/')).toEqual(['nil', 'seal-config']);
    await b.close?.();
  });

  it('creates directories 0700 and files 0600 whatever the umask', async () => {
    for (const mask of [0o000, 0o022, 0o077]) {
      const old = process.umask(mask);
      try {
        const root = join(await tempRoot(), 'new', 'data');
        const b = await openAt(root);
        await b.put('x/y/z', enc('v'));
        expect((await stat(root)).mode & 0o777).toBe(0o700);
        expect((await stat(join(root, 'x'))).mode & 0o777).toBe(0o700);
        expect((await stat(join(root, 'x/y'))).mode & 0o777).toBe(0o700);
        expect((await stat(join(root, 'x/y/_z'))).mode & 0o777).toBe(0o600);
      } finally {
        process.umask(old);
      }
    }
  });

  it('warns when an existing storage directory is open to others, and leaves its mode alone', async () => {
    const root = await tempRoot();
    await chmod(root, 0o755);
    const logger = recordingLogger();
    await openAt(root, logger);
    expect(logger.lines.some((l) => l.level === 'warn' && /accessible/.test(l.msg))).toBe(true);
    expect((await stat(root)).mode & 0o777).toBe(0o755);
  });

  it('removes now-empty parent directories on delete, up to but not including the root', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await b.put('a/b/c/d', enc('1'));
    await b.put('a/keep', enc('2'));
    await b.delete('a/b/c/d');
    expect(await readdir(root)).toEqual(['a']);
    expect(await readdir(join(root, 'a'))).toEqual(['_keep']);
    await b.delete('a/keep');
    expect(await readdir(root)).toEqual([]);
    await b.put('solo', enc('x'));
    await b.delete('solo');
    expect((await stat(root)).isDirectory()).toBe(true);
  });

  it('persists across re-opening', async () => {
    const root = await tempRoot();
    const first = await openAt(root);
    await first.put('core/master', enc('m'));
    await first.close!();
    const second = await openAt(root);
    expect(new TextDecoder().decode((await second.get('core/master'))!)).toBe('m');
  });
});

describe('file backend: temp files and damage', () => {
  it('never lists or reads temp files, and removes stale ones when opened', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await b.put('d/k', enc('real'));
    const stale = join(root, 'd', '.tsvault-tmp-0123456789abcdef');
    await writeFile(stale, '{"Value":"cGFy');
    expect(await b.list('d/')).toEqual(['k']);
    expect(new TextDecoder().decode((await b.get('d/k'))!)).toBe('real');
    const logger = recordingLogger();
    const reopened = await openAt(root, logger);
    // Temp files of the old layout (next to values) are removed by a walk after the open (file-sweep.test.ts).
    await vi.waitFor(() => expect(existsSync(join(root, SWEPT_MARK))).toBe(true), { timeout: 10_000 });
    await reopened.close!();
    expect(await readdir(join(root, 'd'))).toEqual(['_k']);
    expect(logger.lines.some((l) => l.level === 'warn' && l.fields?.['count'] === 1)).toBe(true);
  });

  it('leaves no temp file behind after writes', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await Promise.all(Array.from({ length: 30 }, (_, i) => b.put(`t/k${i % 5}`, enc(String(i)))));
    expect((await readdir(join(root, 't'))).sort()).toEqual(['_k0', '_k1', '_k2', '_k3', '_k4']);
  });

  it('does not take a key named like a temp file for one', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await b.put('x.temp', enc('vault would clash here'));
    await b.put('.tsvault-tmp-0123456789abcdef', enc('still a key'));
    await openAt(root); // the stale-temp sweep must not touch keys
    expect(await b.list('')).toEqual(['.tsvault-tmp-0123456789abcdef', 'x.temp']);
    expect(new TextDecoder().decode((await b.get('.tsvault-tmp-0123456789abcdef'))!)).toBe('still a key');
  });

  it('ignores files without the "_" prefix and follows symlinked folders', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await b.put('real/k', enc('1'));
    await writeFile(join(root, 'README'), 'not a key');
    await symlink(join(root, 'real'), join(root, 'linked'));
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    expect(await b.list('')).toEqual(['linked/', 'real/']);
  });

  it('reports a corrupt value as STORAGE_IO naming the key, not the content', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    await mkdir(join(root, 'core'));
    for (const content of ['{"Value":"c2VjcmV0LWJ5dGVz', 'secret-bytes', '{"Value":"not base64!"}', '{"Nope":"c2Vj"}', '[]']) {
      await writeFile(join(root, 'core/_keyring'), content);
      const err = await rejection(b.get('core/keyring'), 'STORAGE_IO');
      expect(err.message).toContain('"core/keyring"');
      expect(err.message).not.toContain('secret');
      expect(err.message).not.toContain('c2Vj');
    }
  });

  it('treats an empty file as absent, as Vault does', async () => {
    const root = await tempRoot();
    const logger = recordingLogger();
    const b = await openAt(root, logger);
    await writeFile(join(root, '_zero'), '');
    expect(await b.get('zero')).toBeNull();
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('survives puts racing deletes that prune the same directories', async () => {
    const root = await tempRoot();
    const b = await openAt(root);
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    // Start the put at varying points during the delete, so that some land between the delete's
    // rmdir of r/s and the put's mkdir/open of it.
    for (let round = 0; round < 60; round++) {
      await b.put('r/s/old', enc('x'));
      const deleting = b.delete('r/s/old');
      for (let i = 0; i < round % 12; i++) await tick();
      await Promise.all([deleting, b.put('r/s/new', enc(String(round)))]);
      expect(new TextDecoder().decode((await b.get('r/s/new'))!)).toBe(String(round));
      await b.delete('r/s/new');
    }
    expect(await readdir(root)).toEqual([]);
  });
});

describe('file backend: configuration', () => {
  it('requires path, with Vault\'s text', async () => {
    const err = await rejection(createFileBackend({}, recordingLogger()), 'CONFIG_INVALID');
    expect(err.message).toBe("'path' must be set");
    await rejection(createFileBackend({ path: '' }, recordingLogger()), 'CONFIG_INVALID');
  });

  it('refuses a path that is a file', async () => {
    const root = await tempRoot();
    await writeFile(join(root, 'file'), 'x');
    await rejection(openAt(join(root, 'file')), 'STORAGE_IO');
  });

  it('refuses work after close', async () => {
    const b = await openAt(await tempRoot());
    await b.close!();
    await rejection(b.get('k'), 'STORAGE_IO');
    await rejection(b.put('k', enc('v')), 'STORAGE_IO');
  });

  it('reports its type', async () => {
    expect((await openAt(await tempRoot())).type).toBe('file');
  });
});
