/**
 * One `vault operator migrate` run over two open backends: refuse when a server or another
 * migration uses the source, take the migration lock in the source, resume from the progress the
 * destination holds (or from -start), copy, and on success drop the progress and the lock. A run
 * that fails or is stopped keeps both, so the next run picks up where this one stopped.
 */
import { StorageError } from '../../errors.js';
import type { Logger } from '../../log/types.js';
import { CORE_LOCK_KEY, isHABackend } from '../ha.js';
import type { Backend } from '../types.js';
import { copyAll, type CopyOptions } from './copy.js';
import {
  clearLock,
  clearProgress,
  holderMayBeAlive,
  type LockRecord,
  newLock,
  readLock,
  readProgress,
  rfc3339,
  takeOver,
  writeLock,
  writeProgress,
} from './lock.js';

export interface MigrateOptions {
  maxParallel: number;
  /** -start: copy keys at or after this one (the saved progress is then not used). */
  start?: string;
  signal?: AbortSignal;
  logger: Logger;
  onCopied?: CopyOptions['onCopied'];
  saveEveryKeys?: number;
  saveEveryMs?: number;
  /** How often the source lock's heartbeat is refreshed (default 15 s). */
  heartbeatMs?: number;
}

export interface MigrateResult {
  copied: number;
  aborted: boolean;
  /** The key a resumed run started after. */
  resumedAfter?: string;
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function step<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw new StorageError('STORAGE_IO', `${what}: ${reason(err)}`, { cause: err });
  }
}

/** Refuses a storage a server uses: its mark (file storage) or its active-node lock (HA backends). */
export async function checkNotInUse(backend: Backend, role: 'source' | 'destination'): Promise<void> {
  const claim = await step(`error checking whether a server uses the ${role} storage`, async () => (await backend.serverClaim?.()) ?? null);
  if (claim) {
    throw new StorageError(
      'STORAGE_IN_USE',
      `the ${role} storage is in use by a server (pid ${claim.pid} on ${claim.host}, since ${claim.since}); stop it before migrating`,
    );
  }
  if (!isHABackend(backend) || !backend.haEnabled) return;
  const holder = await step(`error checking the ${role} storage's lock`, () => backend.holder(CORE_LOCK_KEY));
  if (!holder.held) return;
  const by = holder.value === '' ? '' : ` by ${holder.value}`;
  throw new StorageError(
    'STORAGE_IN_USE',
    `the ${role} storage is in use: its active-node lock (${CORE_LOCK_KEY}) is held${by}; stop every server using it before migrating`,
  );
}

/**
 * `-reset`: removes the source's migration lock (Vault's SetStorageMigration(from, false)) and,
 * beyond Vault, the progress the destination holds, so that a server may start on either and the
 * next migration starts from the first key.
 */
export async function resetMigrationLock(from: Backend, to?: Backend): Promise<void> {
  await step('error resetting migration lock', () => clearLock(from));
  if (to !== undefined) await step('error resetting migration lock', () => clearProgress(to));
}

/** Takes the source's lock, or takes over one whose holder is gone; refuses a live one. */
async function acquire(from: Backend, logger: Logger): Promise<LockRecord & { id: string }> {
  const existing = await step('error checking migration status', () => readLock(from));
  let mine: LockRecord;
  if (existing === null) {
    mine = newLock();
  } else if (holderMayBeAlive(existing) || existing.id === undefined) {
    throw new StorageError('STORAGE_MIGRATION_IN_PROGRESS', `storage migration in progress (started: ${rfc3339(existing.start)})`);
  } else {
    logger.warn('taking over an interrupted migration', {
      started: rfc3339(existing.start),
      pid: existing.pid,
      host: existing.host,
    });
    mine = takeOver({ ...existing, id: existing.id });
  }
  await step('error setting migration lock', () => writeLock(from, mine));
  return mine as LockRecord & { id: string };
}

export async function migrateStorage(from: Backend, to: Backend, opts: MigrateOptions): Promise<MigrateResult> {
  await checkNotInUse(from, 'source');
  await checkNotInUse(to, 'destination');
  const lock = await acquire(from, opts.logger);

  let after: string | undefined;
  let prior = 0;
  if (opts.start === undefined) {
    const saved = await step('error reading migration progress', () => readProgress(to));
    if (saved !== null && saved.id === lock.id && saved.last !== '') {
      after = saved.last;
      prior = saved.copied;
      opts.logger.info('resuming migration', { after: saved.last, copied: saved.copied });
    }
  }
  const record = (last: string, copied: number) => ({ start: lock.start, id: lock.id, last, copied: prior + copied });
  await step('error writing migration progress', () => writeProgress(to, record(after ?? '', 0)));

  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating
      .then(() => writeLock(from, { ...lock, heartbeat: new Date().toISOString() }))
      .catch((err: unknown) => opts.logger.warn('could not refresh the migration lock', { error: reason(err) }));
  }, opts.heartbeatMs ?? 15_000);
  timer.unref();

  const copyOpts: CopyOptions = {
    maxParallel: opts.maxParallel,
    saveProgress: (p) => writeProgress(to, record(p.last, p.copied)),
  };
  if (opts.start !== undefined) copyOpts.atOrAfter = opts.start;
  if (after !== undefined) copyOpts.after = after;
  if (opts.signal !== undefined) copyOpts.signal = opts.signal;
  if (opts.onCopied !== undefined) copyOpts.onCopied = opts.onCopied;
  if (opts.saveEveryKeys !== undefined) copyOpts.saveEveryKeys = opts.saveEveryKeys;
  if (opts.saveEveryMs !== undefined) copyOpts.saveEveryMs = opts.saveEveryMs;
  let result;
  try {
    result = await copyAll(from, to, copyOpts);
  } finally {
    clearInterval(timer);
    await beating;
  }
  if (!result.aborted) {
    await step('error clearing migration progress', () => clearProgress(to));
    await step('error clearing migration lock', () => clearLock(from));
  }
  const out: MigrateResult = { copied: result.copied, aborted: result.aborted };
  if (after !== undefined) out.resumedAfter = after;
  return out;
}
