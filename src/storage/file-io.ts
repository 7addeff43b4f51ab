/**
 * Durable file-system primitives for the file backend: directories created 0700 with their entries
 * fsynced, files replaced atomically (temp file → fsync → rename → fsync the directory). Vault's
 * file backend does no fsync; this does. The clean-up of temp files a crash left behind is in
 * file-sweep.ts.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Temp files start with "." so they can never be taken for a value: every leaf file name starts
 * with "_". (Vault's `<file>.temp` can collide with the key `<name>.temp`.) The name has a fixed
 * length, so a long leaf name cannot push it past NAME_MAX. They are all created in the storage
 * directory itself (not next to their target), so that finding the ones a crash left behind is one
 * directory listing whatever the amount of data.
 */
const TEMP_PREFIX = '.tsvault-tmp-';
const TEMP_NAME = /^\.tsvault-tmp-[0-9a-f]{16}$/;

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

/** fsyncs a directory so that entries created, renamed or removed in it survive a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // A few file systems refuse fsync on directories; there is nothing more to be done there.
    if (errorCode(err) !== 'EINVAL' && errorCode(err) !== 'ENOTSUP') throw err;
  } finally {
    await handle.close();
  }
}

/**
 * mkdir -p with mode 0700 on every directory it creates (set explicitly, whatever the umask), then
 * fsyncs the parent of each so the new entries are durable.
 */
export async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  const created = [first];
  const rest = relative(first, dir);
  if (rest !== '') {
    let at = first;
    for (const part of rest.split(sep)) {
      at = join(at, part);
      created.push(at);
    }
  }
  for (const d of created) await chmod(d, DIR_MODE);
  for (const d of created) await fsyncDir(dirname(d));
}

/**
 * Replaces `target` (in the existing directory `dir`) with `content`, atomically and durably: the
 * temp file is created in `tempDir` (the storage directory: the same file system, so the rename is
 * atomic), written and fsynced, renamed onto `target`, and then `dir`, the directory that gained
 * the entry, is fsynced. `tempDir` is not fsynced: a crash can at worst leave the temp file's old
 * name behind there (a second link to the value, or a half-written orphan), which the sweep at the
 * next open removes without touching the value. With `syncDir` false the caller fsyncs `dir` itself
 * (a checkpoint does it once per directory, file-commit.ts) before it relies on the rename.
 */
export async function writeFileAtomic(
  tempDir: string,
  dir: string,
  target: string,
  content: string,
  onFsync?: (ms: number) => void,
  syncDir = true,
): Promise<void> {
  const temp = join(tempDir, TEMP_PREFIX + randomBytes(8).toString('hex'));
  const handle = await open(temp, 'wx', FILE_MODE);
  let renamed = false;
  try {
    try {
      await handle.chmod(FILE_MODE);
      await handle.writeFile(content, 'utf8');
      const synced = performance.now();
      await handle.sync();
      onFsync?.(performance.now() - synced);
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    renamed = true;
    if (syncDir) await fsyncDir(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Removes the now-empty directories holding a deleted key, deepest first, up to but not including
 * root, stopping at the first one that is not empty (as Vault's cleanupLogicalPath does).
 */
export async function pruneEmptyDirs(root: string, segments: readonly string[]): Promise<void> {
  for (let i = segments.length - 1; i > 0; i--) {
    const dir = join(root, ...segments.slice(0, i));
    try {
      await rmdir(dir);
      // Make the removal durable too, so that an emptied directory does not come back after a crash.
      await fsyncDir(dirname(dir));
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT') continue;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return;
      throw err;
    }
  }
}
