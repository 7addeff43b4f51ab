/**
 * The temp-file sweep of the file backend costs one directory listing at open, whatever the amount
 * of data: node:fs/promises is wrapped (for src/storage too) so that every readdir is recorded,
 * with whether the backend had already been handed to the caller. Data directories of the old
 * layout (temp files next to values) are cleaned by a walk that runs after the open, once. The test
 * itself reads directories with readdirSync, which is not recorded.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileBackend, encodeEntry } from '../../../src/storage/file.js';
import { SWEPT_MARK } from '../../../src/storage/file-sweep.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { tempRoots } from './support.js';

const seen = vi.hoisted(() => ({ opened: false, readdirs: [] as { path: string; afterOpen: boolean }[], renamed: [] as string[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const mocked = {
    ...real,
    readdir: ((path: import('node:fs').PathLike, ...rest: unknown[]) => {
      seen.readdirs.push({ path: String(path), afterOpen: seen.opened });
      return (real.readdir as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof real.readdir,
    rename: async (from: import('node:fs').PathLike, to: import('node:fs').PathLike) => {
      seen.renamed.push(String(from));
      return real.rename(from, to);
    },
  };
  return { ...mocked, default: mocked };
});

const tempRoot = tempRoots();
const TEMP = '.tsvault-tmp-0123456789abcdef';

/** A data directory as today's main writes it: `folders` × `perFolder` values, deep paths. */
async function populate(root: string, folders: number, perFolder: number): Promise<string[]> {
  const dirs: string[] = [];
  for (let f = 0; f < folders; f++) {
    const dir = join(root, 'logical', `m${f % 4}`, `f${f}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (let k = 0; k < perFolder; k++) await writeFile(join(dir, `_k${k}`), encodeEntry(new TextEncoder().encode(`${f}-${k}`)), { mode: 0o600 });
    dirs.push(dir);
  }
  return dirs;
}

async function open(root: string, logger = recordingLogger()) {
  seen.readdirs.length = 0;
  seen.opened = false;
  const backend = await createFileBackend({ path: root }, logger);
  seen.opened = true;
  return backend;
}

describe('file backend: temp-file sweep', () => {
  it('opens after reading only the storage directory, however many folders it holds', async () => {
    const root = await tempRoot();
    await populate(root, 60, 3);
    const backend = await open(root);
    const beforeOpen = seen.readdirs.filter((r) => !r.afterOpen).map((r) => r.path);
    expect(beforeOpen).toEqual([root]);
    await backend.close!();
  });

  it('removes a temp file a crash left in the storage directory before it answers', async () => {
    const root = await tempRoot();
    await populate(root, 2, 1);
    await writeFile(join(root, SWEPT_MARK), '');
    await writeFile(join(root, TEMP), '{"Value":"cGFy');
    const logger = recordingLogger();
    const backend = await open(root, logger);
    expect((readdirSync(root)).sort()).toEqual([SWEPT_MARK, 'logical']);
    expect(logger.lines).toContainEqual({ level: 'warn', msg: 'removed temp files left by an interrupted write', fields: { path: root, count: 1 } });
    await backend.close!();
    // Marked: no walk of the tree, neither at open nor after it.
    expect(seen.readdirs.map((r) => r.path)).toEqual([root]);
  });

  it('cleans a data directory of the old layout (temp files next to values) after the open, then marks it', async () => {
    const root = await tempRoot();
    const dirs = await populate(root, 20, 2);
    for (const dir of [dirs[0]!, dirs[7]!, dirs[19]!]) await writeFile(join(dir, TEMP), 'half');
    await writeFile(join(root, 'logical', TEMP), 'half');
    const logger = recordingLogger();
    const backend = await open(root, logger);
    expect(seen.readdirs.filter((r) => !r.afterOpen).map((r) => r.path)).toEqual([root]);
    // The mark is written, then the walk's warning logged: wait for both.
    await vi.waitFor(
      () => {
        expect(existsSync(join(root, SWEPT_MARK))).toBe(true);
        expect(logger.lines).toContainEqual({ level: 'warn', msg: 'removed temp files left by an interrupted write', fields: { path: root, count: 4 } });
      },
      { timeout: 10_000 },
    );
    for (const dir of dirs) expect((readdirSync(dir)).sort()).toEqual(['_k0', '_k1']);
    expect((readdirSync(join(root, 'logical'))).sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(new TextDecoder().decode((await backend.get('logical/m3/f19/k1'))!)).toBe('19-1');
    await backend.close!();

    // The next open reads the storage directory only.
    const again = await open(root);
    await again.close!();
    expect(seen.readdirs.map((r) => r.path)).toEqual([root]);
  });

  it('creates the temp file of every write in the storage directory, not next to the value', async () => {
    const root = join(await tempRoot(), 'data');
    const backend = await open(root);
    expect(readdirSync(root)).toEqual([]); // new: nothing to walk, nothing to mark
    seen.renamed.length = 0;
    await backend.put('a/b/c', new TextEncoder().encode('v'));
    await backend.close!();
    expect(seen.renamed).toHaveLength(1);
    expect(dirname(seen.renamed[0]!)).toBe(root);
    expect(basename(seen.renamed[0]!)).toMatch(/^\.tsvault-tmp-[0-9a-f]{16}$/);
    expect(readdirSync(root)).toEqual(['a']);
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['_c']);
  });

  it('stops the walk when the backend is closed, and tries again at the next open', async () => {
    const root = await tempRoot();
    const dirs = await populate(root, 30, 1);
    await writeFile(join(dirs[0]!, TEMP), 'half');
    const backend = await open(root);
    await backend.close!(); // before the walk has started: it must not run, nor mark
    expect(existsSync(join(root, SWEPT_MARK))).toBe(false);
    const again = await open(root);
    await vi.waitFor(() => expect(existsSync(join(root, SWEPT_MARK))).toBe(true), { timeout: 10_000 });
    expect(readdirSync(dirs[0]!)).toEqual(['_k0']);
    await again.close!();
  });
});
