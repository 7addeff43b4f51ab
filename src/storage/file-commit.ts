/**
 * Group commit for the file backend (`group_commit = "true"`): a put or delete is acknowledged once
 * its record is in the write-ahead log (file-wal.ts) and fdatasynced with the others of its batch.
 * Acknowledged records are kept in memory (the overlay, which reads and lists consult first) until a
 * checkpoint has written them into the per-key files (file-io.ts: one fsync per file, and one per
 * directory however many of its keys changed); the log files they came from are then removed. A
 * checkpoint starts when the log has grown past CHECKPOINT_BYTES or the overlay holds
 * CHECKPOINT_KEYS keys (writes wait for it past OVERLAY_LIMIT), a second after a write otherwise,
 * and at close, so that a quiet or cleanly closed storage directory is Vault's layout alone. At
 * open, a log left by a crash is replayed into the per-key files before the backend serves anything
 * (replayWal).
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/types.js';
import { errorCode, fsyncDir } from './file-io.js';
import { readWal, walFiles, WalWriter, type WalRecord } from './file-wal.js';
import { Overlay, type OverlayEntry } from './file-overlay.js';

const CHECKPOINT_BYTES = 8 * 1024 * 1024;
const CHECKPOINT_KEYS = 20_000;
/** Past this many keys in the overlay, new writes wait for the running checkpoint (memory stays bounded). */
const OVERLAY_LIMIT = 4 * CHECKPOINT_KEYS;
const CHECKPOINT_DELAY_MS = 1000;
/** Per-key files written at once by a checkpoint: few, so that libuv's pool keeps threads for the log. */
const CHECKPOINT_WORKERS = 2;

/**
 * The per-key operations of the file backend, each file written durably (file-io.ts) but the
 * directory that gained or lost its entry not fsynced: each returns that directory, for
 * applyAll to fsync once however many keys it holds.
 */
export interface KeyFiles {
  write(key: string, value: Uint8Array): Promise<string>;
  remove(key: string): Promise<string>;
}

export interface GroupCommitOptions {
  /** Seam for tests and telemetry: each log fdatasync, with the records it covered. */
  onWalSync?: (records: number, ms: number) => void;
}

/** Runs `each` over items, CHECKPOINT_WORKERS at a time. */
async function inTurn<T>(items: T[], each: (item: T) => Promise<void>): Promise<void> {
  const worker = async (): Promise<void> => {
    for (let item = items.pop(); item !== undefined; item = items.pop()) await each(item);
  };
  await Promise.all(Array.from({ length: CHECKPOINT_WORKERS }, worker));
}

/** Writes each key's last state into its file, then fsyncs each directory touched: all durable on return. */
async function applyAll(files: KeyFiles, latest: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
  const dirs = new Set<string>();
  await inTurn([...latest], async ([key, value]) => void dirs.add(await (value === null ? files.remove(key) : files.write(key, value))));
  await inTurn([...dirs], async (dir) => {
    // A directory a delete pruned meanwhile is gone, its removal fsynced in its parent.
    await fsyncDir(dir).catch((err: unknown) => {
      if (errorCode(err) !== 'ENOENT') throw err;
    });
  });
}

async function removeLogs(root: string, upTo: number): Promise<void> {
  const old = (await walFiles(root)).filter((f) => f.seq <= upTo);
  for (const f of old) await unlink(join(root, f.name));
  if (old.length > 0) await fsyncDir(root);
}

/**
 * Replays the log files a crash left in root (`logs`, oldest first, as the sweep found them) into the per-key files, then removes them. Returns
 * the number to give the next log file.
 */
export async function replayWal(root: string, logs: readonly { name: string; seq: number }[], files: KeyFiles, logger: Logger): Promise<number> {
  if (logs.length === 0) return 1;
  const { records, torn } = await readWal(root, logs);
  const latest = new Map<string, Uint8Array | null>();
  for (const r of records) latest.set(r.key, r.value);
  await applyAll(files, latest);
  const last = logs[logs.length - 1]!.seq;
  await removeLogs(root, last);
  logger.warn('replayed the write-ahead log left by an unclean stop', { path: root, records: records.length, keys: latest.size, ...(torn > 0 ? { tornBytes: torn } : {}) });
  return last + 1;
}

export interface GroupCommit {
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** The acknowledged state of a key not yet in its file: a value, null (deleted), or undefined (ask the file). */
  lookup(key: string): Uint8Array | null | undefined;
  /**
   * The children of prefix the overlay holds records under (a leaf: whether it is a put; a folder:
   * whether a key under it is a put; file-overlay.ts), taken before
   * the files are listed: a record leaves the overlay only once its file is written, so the two
   * together miss nothing.
   */
  under(prefix: string): [string, boolean][];
  /** Merges `under` into a listing of prefix read from the files; `list` lists a deeper prefix the same way. */
  merge(prefix: string, under: readonly [string, boolean][], fromFiles: readonly string[], list: (prefix: string) => Promise<string[]>): Promise<string[]>;
  /** Writes every acknowledged record into the per-key files now and removes the sealed logs. */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

export function createGroupCommit(root: string, files: KeyFiles, next: number, logger: Logger, opts: GroupCommitOptions = {}): GroupCommit {
  /** Acknowledged records not yet checkpointed: the entry object identifies the record. */
  const overlay = new Overlay();
  const wal = new WalWriter(root, next, opts.onWalSync ? { onSync: opts.onWalSync } : {});
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failed = false;

  async function runCheckpoint(): Promise<void> {
    let snapshot = new Map<string, OverlayEntry>();
    const sealed = await wal.rotate(() => (snapshot = overlay.snapshot()));
    const latest = new Map<string, Uint8Array | null>();
    for (const [key, entry] of snapshot) latest.set(key, entry.value);
    await applyAll(files, latest);
    await removeLogs(root, sealed);
    for (const [key, entry] of snapshot) overlay.removeIf(key, entry);
  }

  function checkpoint(): Promise<void> {
    if (running) return running.then(() => (overlay.size > 0 ? checkpoint() : undefined));
    running = runCheckpoint()
      .then(() => {
        if (failed) logger.info('checkpoint of the write-ahead log succeeded again', { path: root });
        failed = false;
      })
      .finally(() => (running = null));
    return running;
  }

  function background(): void {
    // A failed checkpoint loses nothing (the log stays and is replayed at the next open); it is tried again later.
    void checkpoint().catch((err: unknown) => {
      if (!failed) logger.warn('checkpoint of the write-ahead log failed; will retry', { path: root, error: String((err as Error)?.message ?? err) });
      failed = true;
      schedule();
    });
  }

  function schedule(): void {
    if (wal.bytesSinceRotation >= CHECKPOINT_BYTES || overlay.size >= CHECKPOINT_KEYS) {
      if (!running) background();
      return;
    }
    if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        if (overlay.size > 0) background();
      }, CHECKPOINT_DELAY_MS).unref();
    }
  }

  async function log(record: WalRecord): Promise<void> {
    while (overlay.size >= OVERLAY_LIMIT && running) await running.catch(() => undefined);
    const entry = { value: record.value };
    await wal.append(record, () => overlay.set(record.key, entry));
    schedule();
  }

  return {
    put: (key, value) => log({ key, value: new Uint8Array(value) }),
    delete: (key) => log({ key, value: null }),

    lookup(key) {
      const entry = overlay.get(key);
      if (entry === undefined) return undefined;
      return entry.value === null ? null : new Uint8Array(entry.value);
    },

    under: (prefix) => overlay.under(prefix),

    async merge(prefix, under, fromFiles, list) {
      if (under.length === 0) return [...fromFiles];
      const names = new Set(fromFiles);
      const written = new Set<string>();
      const check = new Set<string>();
      for (const [name, isPut] of under) {
        if (isPut) {
          names.add(name);
          written.add(name);
        } else if (!name.endsWith('/')) names.delete(name);
        else check.add(name);
      }
      // A folder whose keys the overlay deletes is listed only if a key is left in it.
      for (const folder of check) {
        if (!written.has(folder) && names.has(folder) && (await list(prefix + folder)).length === 0) names.delete(folder);
      }
      return [...names];
    },

    checkpoint,

    async close() {
      clearTimeout(timer);
      timer = undefined;
      await wal.close();
      while (running) await running.catch(() => undefined);
      if (overlay.size > 0) await checkpoint();
      await wal.close();
      await removeLogs(root, Number.MAX_SAFE_INTEGER);
    },
  };
}
