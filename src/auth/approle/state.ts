/**
 * What one AppRole mount's handlers share: the clock, the locks, the mount's salt (the HMAC key that
 * hides secret IDs, accessors and role IDs in storage) and the mount's maximum lease TTL.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { BackendContext, StorageView } from '../../logical/types.js';
import { KeyedLock } from '../keyed-lock.js';
import { plainError } from './errors.js';

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

export interface AppRoleOptions {
  clock?: Clock;
}

/** Vault's maxHmacInputLength: longer role names and secret IDs are refused. */
export const MAX_HMAC_INPUT_LENGTH = 4096;

const SALT_KEY = 'salt';
const SALT_BYTES = 32;

export class AppRoleState {
  readonly clock: Clock;
  /** Every change to roles and the role_id index (role writes are rare; one section keeps role_id unique). */
  readonly roles = new KeyedLock();
  /** Per secret ID (keyed by its HMAC): check-and-use, destroy, tidy never interleave. */
  readonly secretIds = new KeyedLock();
  readonly #ctx: BackendContext;
  /** Each storage view's salt as a KeyObject made once (given raw bytes, every createHmac would build one). */
  #salts = new WeakMap<StorageView, Promise<KeyObject>>();
  readonly #saltLock = new KeyedLock();

  constructor(ctx: BackendContext, options: AppRoleOptions = {}) {
    this.#ctx = ctx;
    this.clock = options.clock ?? Date.now;
  }

  /** The mount's max lease TTL in seconds (b.System().MaxLeaseTTL()): the mount's own, else the system's. */
  maxLeaseTtl(): number {
    return this.#ctx.config.max_lease_ttl || this.#ctx.systemDefaults.max_lease_ttl;
  }

  get logger(): BackendContext['logger'] {
    return this.#ctx.logger;
  }

  /** The mount's salt (32 random bytes at `salt`, made on first use) as the HMAC's KeyObject. */
  #salt(storage: StorageView): Promise<KeyObject> {
    let salt = this.#salts.get(storage);
    if (!salt) {
      salt = this.#saltLock.run(SALT_KEY, async () => {
        const stored = await storage.get(SALT_KEY);
        if (stored && stored.length > 0) return createSecretKey(stored);
        const fresh = randomBytes(SALT_BYTES);
        await storage.put(SALT_KEY, fresh);
        return createSecretKey(fresh);
      });
      this.#salts.set(storage, salt);
      salt.catch(() => this.#salts.delete(storage));
    }
    return salt;
  }

  /**
   * HMAC-SHA256(salt, value) in hex. With `limited`, a value over 4096 bytes is Vault's createHMAC
   * error naming it (secret IDs); role IDs and accessors have no such limit in Vault.
   */
  async hmac(storage: StorageView, value: string, limited?: string): Promise<string> {
    if (limited !== undefined && Buffer.byteLength(value) > MAX_HMAC_INPUT_LENGTH) {
      const what = limited;
      throw plainError(`failed to create HMAC of ${what}: value is longer than maximum of ${MAX_HMAC_INPUT_LENGTH} bytes`);
    }
    return createHmac('sha256', await this.#salt(storage)).update(value).digest('hex');
  }

  /** Forget cached salts (on seal). */
  reset(): void {
    this.#salts = new WeakMap();
  }
}
