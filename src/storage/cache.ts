import type { Backend } from './types.js';

/** A copy of the bytes as a plain Uint8Array (whatever view the backend or the caller handed over). */
const copy = (value: Uint8Array): Uint8Array => new Uint8Array(value);

/** Vault's default physical cache size (entries). */
export const DEFAULT_CACHE_SIZE = 131_072;

/**
 * Vault's physical read cache: an LRU of stored values (barrier ciphertext, never plaintext) in
 * front of a backend, written through on put and delete. A read that raced a write does not fill
 * the cache, so it can never hold a value older than the last acknowledged write.
 */
export class CachedBackend implements Backend {
  readonly type: string;
  readonly #inner: Backend;
  readonly #max: number;
  readonly #entries = new Map<string, Uint8Array | null>();
  #writes = 0;
  #enabled = true;
  readonly #onLookup: ((hit: boolean) => void) | undefined;

  /** `onLookup` hears every read: whether the cache answered it (telemetry's hit ratio). */
  constructor(inner: Backend, maxEntries = DEFAULT_CACHE_SIZE, onLookup?: (hit: boolean) => void) {
    this.type = inner.type;
    this.#inner = inner;
    this.#max = maxEntries;
    this.#onLookup = onLookup;
  }

  /**
   * Switch the cache on or off; either way it is emptied. An HA standby runs with it off (another
   * node writes the storage), and a node taking over turns it on empty (Vault's physical cache).
   */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    this.#writes++;
    this.#entries.clear();
  }

  #remember(key: string, value: Uint8Array | null): void {
    if (!this.#enabled) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  async get(key: string): Promise<Uint8Array | null> {
    // One lookup: a stored absence is null, a key never read is undefined. Copies are memcpy
    // (copy), never the element-by-element Uint8Array.from.
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#onLookup?.(true);
      this.#remember(key, hit);
      return hit === null ? null : copy(hit);
    }
    this.#onLookup?.(false);
    const generation = this.#writes;
    const value = await this.#inner.get(key);
    if (generation === this.#writes) this.#remember(key, value === null ? null : copy(value));
    return value;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.#writes++;
    this.#entries.delete(key);
    try {
      await this.#inner.put(key, value);
    } finally {
      this.#writes++;
    }
    this.#remember(key, copy(value));
  }

  async delete(key: string): Promise<void> {
    this.#writes++;
    this.#entries.delete(key);
    try {
      await this.#inner.delete(key);
    } finally {
      this.#writes++;
    }
    this.#remember(key, null);
  }

  list(prefix: string): Promise<string[]> {
    return this.#inner.list(prefix);
  }

  async close(): Promise<void> {
    this.#entries.clear();
    await this.#inner.close?.();
  }
}
