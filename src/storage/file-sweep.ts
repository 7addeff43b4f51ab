/**
 * Removing the temp files a crash left in a file storage, at a cost that does not grow with the data.
 *
 * Since temp files are created in the storage directory itself (file-io.ts), the sweep at open is
 * one listing of that directory: whatever a crash left is there. Data directories written by
 * earlier versions may still hold temp files next to values, anywhere in the tree; those are never
 * taken for keys (list() shows only "_" files), so they are removed by a walk of the whole tree
 * that runs in the background after the backend has opened (start-up does not wait for it), once:
 * when it has finished, the mark file `.tsvault-swept` records that the tree holds no old-layout
 * temp file, and later opens skip the walk. A storage directory with no sub-directory (new) needs
 * no walk; one created by this version is walked once, cheaply, at its second open.
 *
 * The walk can run next to live writes: they never create temp files outside the storage directory,
 * so every temp file it finds in a sub-directory is an orphan. Directories removed under it (a delete
 * pruning empty folders) are skipped.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/types.js';
import { errorCode, fsyncDir, isTempName, writeFileAtomic } from './file-io.js';
import { walSeq } from './file-wal.js';

/** Present when no temp file of the old layout (next to values) is left anywhere under the root. */
export const SWEPT_MARK = '.tsvault-swept';

export interface RootSweep {
  /** Temp files removed from the storage directory. */
  removed: number;
  /** Whether the tree still has to be walked for old-layout temp files. */
  walkNeeded: boolean;
  /** The write-ahead log files found (file-wal.ts), oldest first: the same listing serves to find them. */
  logs: { name: string; seq: number }[];
}

/** Removes the temp files in the storage directory itself: one readdir, whatever the data size. */
export async function sweepRoot(root: string): Promise<RootSweep> {
  const entries = await readdir(root, { withFileTypes: true });
  let removed = 0;
  let hasDirs = false;
  let marked = false;
  const logs: { name: string; seq: number }[] = [];
  for (const entry of entries) {
    const seq = entry.isFile() ? walSeq(entry.name) : undefined;
    if (seq !== undefined) logs.push({ name: entry.name, seq });
    else if (entry.isDirectory()) hasDirs = true;
    else if (entry.name === SWEPT_MARK) marked = true;
    else if (entry.isFile() && isTempName(entry.name)) {
      await unlink(join(root, entry.name));
      removed++;
    }
  }
  if (removed > 0) await fsyncDir(root);
  // With no sub-directory there is nothing to walk (and no mark is needed yet).
  return { removed, walkNeeded: !marked && hasDirs, logs: logs.sort((a, b) => a.seq - b.seq) };
}

async function markSwept(root: string): Promise<void> {
  await writeFileAtomic(root, root, join(root, SWEPT_MARK), 'temp files live in this directory only\n');
}

const gone = (err: unknown): boolean => {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/**
 * Walks every sub-directory of root removing old-layout temp files, then writes the mark. Stops
 * early (without the mark) when `stopped()` turns true. Returns how many files it removed.
 */
export async function sweepOldLayout(root: string, stopped: () => boolean): Promise<number> {
  let removed = 0;
  const pending: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory()) pending.push(join(root, entry.name));
  }
  while (pending.length > 0) {
    if (stopped()) return removed;
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (gone(err)) continue;
      throw err;
    }
    let removedHere = false;
    for (const entry of entries) {
      if (entry.isDirectory()) pending.push(join(dir, entry.name));
      else if (entry.isFile() && isTempName(entry.name)) {
        try {
          await unlink(join(dir, entry.name));
          removed++;
          removedHere = true;
        } catch (err) {
          if (!gone(err)) throw err;
        }
      }
    }
    if (removedHere) await fsyncDir(dir).catch((err: unknown) => {
      if (!gone(err)) throw err;
    });
  }
  if (stopped()) return removed;
  await markSwept(root);
  return removed;
}

/**
 * sweepOldLayout on a later turn of the event loop (the backend's caller goes on at once), with its
 * outcome logged. Never rejects: a failed walk is not fatal (such files are never taken for keys)
 * and is tried again at the next open.
 */
export function sweepOldLayoutInBackground(root: string, logger: Logger, stopped: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    const started = performance.now();
    try {
      const removed = await sweepOldLayout(root, stopped);
      if (removed > 0) logger.warn('removed temp files left by an interrupted write', { path: root, count: removed });
      if (!stopped()) logger.debug('swept the storage tree for old-layout temp files', { path: root, ms: Math.round(performance.now() - started) });
    } catch (err) {
      logger.warn('could not sweep the storage tree for temp files', { path: root, error: errorCode(err) ?? String(err) });
    }
  });
}
