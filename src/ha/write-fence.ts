/**
 * The active node's own fence: once armed with the lock it holds, a write goes to storage only
 * while the lock is certainly still held (its heldUntil(), which the lock sets short of the TTL), so
 * a node cut off from the lock stops writing before another node can take over. PostgreSQL adds a
 * fence of its own in the same statement as the write (HABackend.fenceWrites).
 */
import { errorMessage, StorageError } from '../errors.js';
import type { HALock } from '../storage/ha.js';
import type { Backend } from '../storage/types.js';

export class WriteFence implements Backend {
  readonly type: string;
  readonly #inner: Backend;
  #lock: HALock | undefined;

  constructor(inner: Backend) {
    this.#inner = inner;
    this.type = inner.type;
  }

  /** From now on writes need `lock` held (until armed again with the next lock). */
  arm(lock: HALock): void {
    this.#lock = lock;
  }

  #check(): void {
    if (this.#lock && this.#lock.heldUntil() <= performance.now()) throw new StorageError('STORAGE_NOT_ACTIVE', errorMessage('STORAGE_NOT_ACTIVE')!);
  }

  get(key: string): Promise<Uint8Array | null> {
    return this.#inner.get(key);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.#check();
    await this.#inner.put(key, value);
  }

  async delete(key: string): Promise<void> {
    this.#check();
    await this.#inner.delete(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.#inner.list(prefix);
  }

  async close(): Promise<void> {
    await this.#inner.close?.();
  }
}
