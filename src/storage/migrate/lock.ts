/**
 * The migration lock and the progress record. As in Vault, the source holds `core/migration`
 * (`{"start":"<RFC 3339>"}`) while a migration runs, and a Vault or tsvault server refuses to start
 * on a storage that holds it. tsvault adds, in the same JSON, who holds it (id, pid, host) and a
 * heartbeat, so that a later run can tell an interrupted migration from a running one; and it keeps
 * its progress in the destination's `core/migration` (the id and the last key below which every key
 * is copied), so that an interrupted migration resumes where it stopped.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Backend } from '../types.js';

/** Vault's storageMigrationLock. */
export const MIGRATION_LOCK_KEY = 'core/migration';

/** A heartbeat older than this means the holder on another host is gone. */
export const STALE_AFTER_MS = 60_000;

export interface LockRecord {
  /** When the migration started (Vault's only field). */
  start: string;
  id?: string;
  pid?: number;
  host?: string;
  heartbeat?: string;
}

export interface ProgressRecord {
  start: string;
  id: string;
  /** Every key up to and including this one is copied; "" when none is yet. */
  last: string;
  copied: number;
}

const encode = (value: object): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

async function readJson(backend: Backend, key: string): Promise<Record<string, unknown> | null> {
  const raw = await backend.get(key);
  if (raw === null) return null;
  const parsed: unknown = JSON.parse(new TextDecoder().decode(raw));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${MIGRATION_LOCK_KEY} does not hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

export async function readLock(backend: Backend): Promise<LockRecord | null> {
  const json = await readJson(backend, MIGRATION_LOCK_KEY);
  if (json === null) return null;
  const lock: LockRecord = { start: typeof json['start'] === 'string' ? json['start'] : '' };
  if (typeof json['id'] === 'string') lock.id = json['id'];
  if (typeof json['pid'] === 'number') lock.pid = json['pid'];
  if (typeof json['host'] === 'string') lock.host = json['host'];
  if (typeof json['heartbeat'] === 'string') lock.heartbeat = json['heartbeat'];
  return lock;
}

export function newLock(now = new Date()): LockRecord {
  return { start: now.toISOString(), id: randomUUID(), pid: process.pid, host: hostname(), heartbeat: now.toISOString() };
}

/** The same migration, now held by this process. */
export function takeOver(lock: LockRecord & { id: string }, now = new Date()): LockRecord {
  return { start: lock.start, id: lock.id, pid: process.pid, host: hostname(), heartbeat: now.toISOString() };
}

export function writeLock(backend: Backend, lock: LockRecord): Promise<void> {
  return backend.put(MIGRATION_LOCK_KEY, encode(lock));
}

export function clearLock(backend: Backend): Promise<void> {
  return backend.delete(MIGRATION_LOCK_KEY);
}

/**
 * Whether the lock's holder may still be running: a lock without a holder (written by Vault) always
 * may; on this host the holder's pid is asked; elsewhere the heartbeat must be recent.
 */
export function holderMayBeAlive(lock: LockRecord, now = Date.now()): boolean {
  if (lock.id === undefined || lock.pid === undefined || lock.host === undefined) return true;
  if (lock.host === hostname()) {
    if (lock.pid === process.pid) return false;
    try {
      process.kill(lock.pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  const beat = Date.parse(lock.heartbeat ?? '');
  return Number.isNaN(beat) || now - beat < STALE_AFTER_MS;
}

/** Go's time.RFC3339 layout (seconds, no fraction), in UTC. */
export function rfc3339(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function readProgress(backend: Backend): Promise<ProgressRecord | null> {
  const json = await readJson(backend, MIGRATION_LOCK_KEY);
  if (json === null || typeof json['id'] !== 'string' || typeof json['last'] !== 'string') return null;
  return {
    start: typeof json['start'] === 'string' ? json['start'] : '',
    id: json['id'],
    last: json['last'],
    copied: typeof json['copied'] === 'number' ? json['copied'] : 0,
  };
}

export function writeProgress(backend: Backend, progress: ProgressRecord): Promise<void> {
  return backend.put(MIGRATION_LOCK_KEY, encode(progress));
}

export function clearProgress(backend: Backend): Promise<void> {
  return backend.delete(MIGRATION_LOCK_KEY);
}
