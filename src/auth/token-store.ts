import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Barrier } from '../core/barrier.js';
import { newServiceToken, randomBase62 } from './token-id.js';

const SALT_PATH = 'sys/token/salt';
const ID_PREFIX = 'sys/token/id/';
const ACCESSOR_PREFIX = 'sys/token/accessor/';

export interface TokenEntry {
  /** HMAC-SHA256(salt, token), hex: the only form of the token that is stored. */
  hash: string;
  accessor: string;
  policies: string[];
  path: string;
  display_name: string;
  creation_time: number; // unix seconds
  ttl: number; // seconds, 0 = never expires
  num_uses: number;
  orphan: boolean;
  meta: Record<string, string> | null;
}

/**
 * Tokens in the barrier, keyed by a salted hash so that storage never holds a usable token.
 * The salt is made once and kept in the barrier too.
 */
export class TokenStore {
  #barrier: Barrier;
  #salt: Buffer | undefined;

  constructor(barrier: Barrier) {
    this.#barrier = barrier;
  }

  /** Forget the cached salt (on seal). */
  reset(): void {
    this.#salt?.fill(0);
    this.#salt = undefined;
  }

  async #hash(token: string): Promise<string> {
    if (!this.#salt) {
      const stored = await this.#barrier.get(SALT_PATH);
      if (stored) this.#salt = Buffer.from(stored);
      else {
        this.#salt = randomBytes(32);
        await this.#barrier.put(SALT_PATH, this.#salt);
      }
    }
    return createHmac('sha256', this.#salt).update(token).digest('hex');
  }

  /** A root token; `id` chooses its text (Vault's -dev-root-token-id), else a new random one. */
  async createRoot(id?: string): Promise<{ token: string; entry: TokenEntry }> {
    const token = id || newServiceToken();
    const entry: TokenEntry = {
      hash: await this.#hash(token),
      accessor: randomBase62(24),
      policies: ['root'],
      path: 'auth/token/root',
      display_name: 'root',
      creation_time: Math.floor(Date.now() / 1000),
      ttl: 0,
      num_uses: 0,
      orphan: true,
      meta: null,
    };
    await this.#barrier.put(ID_PREFIX + entry.hash, Buffer.from(JSON.stringify(entry)));
    await this.#barrier.put(ACCESSOR_PREFIX + entry.accessor, Buffer.from(entry.hash));
    return { token, entry };
  }

  /** The entry for a token, or null; the stored hash is compared in constant time. */
  async lookup(token: string): Promise<TokenEntry | null> {
    if (!token) return null;
    const hash = await this.#hash(token);
    const raw = await this.#barrier.get(ID_PREFIX + hash);
    if (!raw) return null;
    const entry = JSON.parse(Buffer.from(raw).toString('utf8')) as TokenEntry;
    const a = Buffer.from(entry.hash, 'hex');
    const b = Buffer.from(hash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? entry : null;
  }
}
