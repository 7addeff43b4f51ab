/**
 * Vault's physical.HABackend: a storage that can hold the active node's lock. Only one node holds
 * a lock at a time; the holder renews it and loses it when a renewal fails or the row is taken.
 * PostgreSQL implements it (src/storage/postgresql/); `file` and `inmem` do not.
 */

/** The key of the active node's lock (Vault's coreLockPath). */
export const CORE_LOCK_KEY = 'core/lock';

export interface HALock {
  /** A unique id of this lock object (Vault's identity column): the holder is told apart by it. */
  readonly identity: string;
  /**
   * Blocks until the lock is held, retrying every retry interval (PostgreSQL: 1 s), or until stop
   * aborts (then resolves null). Once held, resolves with a signal that aborts when the lock is
   * lost: a renewal found the row taken, or no renewal succeeded before heldUntil().
   */
  lock(stop: AbortSignal): Promise<AbortSignal | null>;
  /** Releases the lock if this object holds it; stops renewing. Never throws for a lock not held. */
  unlock(): Promise<void>;
  /** performance.now() in ms before which the lock is certainly still ours; 0 when not held. */
  heldUntil(): number;
}

/** Who holds a lock now (expired holders do not count). */
export interface LockHolder {
  held: boolean;
  /** The holder's lock value (its advertisement); "" when not held. */
  value: string;
}

/** A cluster member's record, for sys/ha-status (kept beside the lock, each with its own TTL). */
export interface NodeRecord {
  id: string;
  value: string;
  /** When the record was last written (the database's clock). */
  updatedAt: Date;
}

export interface HABackend {
  readonly haEnabled: boolean;
  /** A lock on key whose value, while held, is value. */
  lockWith(key: string, value: string): HALock;
  /** Who holds key now. */
  holder(key: string): Promise<LockHolder>;
  /** Writes or refreshes this node's record, valid for ttlSeconds. */
  recordNode(id: string, value: string, ttlSeconds: number): Promise<void>;
  /** Records still valid, sorted by id. */
  nodes(): Promise<NodeRecord[]>;
  /**
   * Fences the writes of this backend's storage with the lock (when the same database holds both):
   * from now on a put or delete succeeds only while `lock` holds its row; undefined lifts the fence.
   */
  fenceWrites?(lock: HALock | undefined): void;
}

export function isHABackend(value: unknown): value is HABackend {
  return typeof value === 'object' && value !== null && typeof (value as HABackend).lockWith === 'function';
}
