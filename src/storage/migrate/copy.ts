/**
 * Copies every key of one backend to another in sorted order, with up to `maxParallel` copies in
 * flight, skipping the keys Vault skips (the migration lock and the active node's lock). Progress
 * is the last key below which every key is copied (keys finish out of order when copies run in
 * parallel, so it trails the newest copy); it is handed to `saveProgress` now and then, at most one
 * save at a time, and once more when the copy stops, whether it finished, failed or was aborted.
 */
import { CORE_LOCK_KEY } from '../ha.js';
import type { Backend } from '../types.js';
import { MIGRATION_LOCK_KEY } from './lock.js';
import { walkKeys } from './walk.js';

/** Keys never copied: Vault's storageMigrationLock and CoreLockPath. */
export const SKIPPED_KEYS: readonly string[] = [MIGRATION_LOCK_KEY, CORE_LOCK_KEY];

export interface Progress {
  /** Every key up to and including this one is copied ("" when none is yet). */
  last: string;
  /** Keys copied by this run. */
  copied: number;
}

export interface CopyOptions {
  maxParallel: number;
  /** Copy keys at or after this one (-start). */
  atOrAfter?: string;
  /** Copy keys after this one (a resumed migration). */
  after?: string;
  /** Stops the copy: no new key starts; the copies in flight finish. */
  signal?: AbortSignal;
  /** Called after each key is written (the CLI logs `copied key` here). */
  onCopied?: (key: string, copiedSoFar: number) => void | Promise<void>;
  /** Saves progress (e.g. to the destination); failures end the copy. */
  saveProgress?: (progress: Progress) => Promise<void>;
  /** Save after this many keys, or this many ms, since the last save (defaults 16 and 250). */
  saveEveryKeys?: number;
  saveEveryMs?: number;
}

export interface CopyResult extends Progress {
  aborted: boolean;
}

/** Vault's texts for a failed read or write of an entry. */
function wrap(what: string, err: unknown): Error {
  return new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export async function copyAll(from: Backend, to: Backend, opts: CopyOptions): Promise<CopyResult> {
  const max = Math.max(1, Math.floor(opts.maxParallel));
  const everyKeys = opts.saveEveryKeys ?? 16;
  const everyMs = opts.saveEveryMs ?? 250;
  const queue: { key: string; done: boolean }[] = [];
  const progress: Progress = { last: opts.after ?? '', copied: 0 };
  let failure: unknown;
  let saving: Promise<void> | undefined;
  let savedAt = { copied: 0, time: Date.now() };
  let wake: (() => void) | undefined;
  const running = new Set<Promise<void>>();

  const save = (force: boolean): Promise<void> | undefined => {
    if (!opts.saveProgress || saving) return saving;
    const due = progress.copied - savedAt.copied >= everyKeys || Date.now() - savedAt.time >= everyMs;
    if (!force && !due) return undefined;
    const snapshot = { ...progress };
    savedAt = { copied: snapshot.copied, time: Date.now() };
    saving = opts.saveProgress(snapshot).then(
      () => {
        saving = undefined;
      },
      (err: unknown) => {
        saving = undefined;
        failure ??= err;
      },
    );
    return saving;
  };

  const copyOne = async (key: string): Promise<boolean> => {
    let value: Uint8Array | null;
    try {
      value = await from.get(key);
    } catch (err) {
      throw wrap('error reading entry', err);
    }
    if (value === null) return false; // deleted since it was listed
    try {
      await to.put(key, value);
    } catch (err) {
      throw wrap('error writing entry', err);
    }
    return true;
  };

  const start = (key: string): void => {
    const entry = { key, done: false };
    queue.push(entry);
    const task = copyOne(key)
      .then(async (copied) => {
        entry.done = true;
        let advanced = 0;
        while (queue[0]?.done) {
          progress.last = queue.shift()!.key;
          advanced++;
        }
        if (copied) {
          progress.copied += 1;
          await opts.onCopied?.(key, progress.copied);
        }
        if (advanced > 0) save(false);
      })
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => {
        running.delete(task);
        wake?.();
      });
    running.add(task);
  };

  const from_: { atOrAfter?: string; after?: string } = {};
  if (opts.atOrAfter !== undefined) from_.atOrAfter = opts.atOrAfter;
  if (opts.after !== undefined) from_.after = opts.after;
  const stopped = (): boolean => failure !== undefined || opts.signal?.aborted === true;
  try {
    for await (const key of walkKeys(from, from_)) {
      if (stopped()) break;
      if (SKIPPED_KEYS.includes(key)) continue;
      while (running.size >= max && !stopped()) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (stopped()) break;
      start(key);
    }
  } catch (err) {
    failure ??= err;
  }
  while (running.size > 0) await Promise.race(running);
  await saving;
  await save(true);
  if (failure !== undefined) throw failure;
  return { ...progress, aborted: opts.signal?.aborted === true };
}
