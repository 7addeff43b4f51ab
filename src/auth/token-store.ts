/**
 * Tokens in the barrier (Vault's TokenStore plus the token half of its expiration manager).
 * Layout under `sys/token/` of the storage it is given (the barrier's root view):
 *   salt                      32 random bytes, the HMAC key
 *   id/<hash>                 the entry (JSON), hash = HMAC-SHA256(salt, token) in hex
 *   accessor/<accessor>       the hash of the accessor's token
 *   parent/<parent>/<child>   one empty value per child, so revoking a parent finds its tree
 *   roles/<name>              token roles (token-roles.ts), through rolesView
 * A usable token is never stored: only its hash.
 */
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { badRequest } from '../logical/errors.js';
import type { StorageView } from '../logical/types.js';
import type { Logger } from '../log/types.js';
import { KeyedLock } from './keyed-lock.js';
import { isExpired, newEntry, normalizeEntry, REVOCATION_PENDING, type NewTokenSpec, type TokenEntry } from './token-entry.js';
import { newServiceToken, randomBase62 } from './token-id.js';
import { reapExpired, TokenReaper } from './token-reaper.js';
import { TokenTree } from './token-tree.js';
import { calculateTtl, type TtlDefaults } from './token-ttl.js';

export type { NewTokenSpec, TokenEntry } from './token-entry.js';

/** Vault's system default for default_lease_ttl and max_lease_ttl: 768h. */
export const SYSTEM_DEFAULT_TTL = 768 * 3600;

export interface TokenStoreOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. */
  clock?: () => number;
  /** The auth/token mount's default TTL (seconds); system default 768h. */
  defaultTtl?: number;
  /** The auth/token mount's max TTL (seconds); system default 768h. */
  maxTtl?: number;
  logger?: Logger;
  /** Called for every token as it is revoked (leases, cubbyhole); the token is already unusable. */
  onRevoke?: (entry: TokenEntry) => Promise<void>;
  /** Called for every token created through create() (telemetry's vault.token.creation); not for root tokens. */
  onCreate?: (entry: TokenEntry) => void;
}

export interface RenewResult { entry: TokenEntry; ttl: number; warnings: string[] }

export class TokenStore {
  readonly #view: StorageView;
  readonly #clock: () => number;
  readonly #defaults: TtlDefaults;
  readonly #log: Logger | undefined;
  readonly #onCreate: TokenStoreOptions['onCreate'];
  readonly #locks = new KeyedLock();
  readonly #tree: TokenTree;
  /** The salt, and its KeyObject made once (given raw bytes, every createHmac would build one). */
  #salt: Promise<{ raw: Buffer; key: KeyObject }> | undefined;
  readonly #reaper: TokenReaper;
  /** Where token roles are kept (`sys/token/roles/`, token-roles.ts). */
  readonly rolesView: StorageView;

  constructor(storage: StorageView, opts: TokenStoreOptions = {}) {
    this.#view = storage.sub('sys/token/');
    this.rolesView = this.#view.sub('roles/');
    this.#clock = opts.clock ?? Date.now;
    this.#defaults = { defaultTtl: opts.defaultTtl ?? SYSTEM_DEFAULT_TTL, maxTtl: opts.maxTtl ?? SYSTEM_DEFAULT_TTL };
    ({ logger: this.#log, onCreate: this.#onCreate } = opts);
    this.#tree = new TokenTree({
      view: this.#view,
      locks: this.#locks,
      load: (hash) => this.#load(hash),
      save: (entry) => this.#save(entry),
      onRevoke: opts.onRevoke,
      logger: opts.logger,
    });
    this.#reaper = new TokenReaper(() => this.reap(), opts.logger);
  }

  /** The TTL defaults of the auth/token mount (seconds). */
  get defaults(): TtlDefaults {
    return { ...this.#defaults };
  }

  /** The store's clock (ms). */
  now(): number {
    return this.#clock();
  }

  /** Forget the cached salt and stop the reaper (on seal); startReaper again after unseal. */
  reset(): void {
    this.stopReaper();
    const salt = this.#salt;
    this.#salt = undefined;
    void salt?.then((s) => s.raw.fill(0), () => undefined);
  }

  #loadSalt(): Promise<{ raw: Buffer; key: KeyObject }> {
    this.#salt ??= (async () => {
      const stored = await this.#view.get('salt');
      if (stored) {
        const raw = Buffer.from(stored);
        return { raw, key: createSecretKey(raw) };
      }
      const fresh = randomBytes(32);
      await this.#view.put('salt', fresh);
      return { raw: fresh, key: createSecretKey(fresh) };
    })().catch((err: unknown) => {
      this.#salt = undefined;
      throw err;
    });
    return this.#salt;
  }

  /** HMAC-SHA256(salt, token) in hex. */
  async hash(token: string): Promise<string> {
    return createHmac('sha256', (await this.#loadSalt()).key).update(token).digest('hex');
  }

  async #load(hash: string): Promise<TokenEntry | null> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return null;
    const raw = await this.#view.get(`id/${hash}`);
    if (!raw) return null;
    return normalizeEntry(JSON.parse(Buffer.from(raw).toString('utf8')) as TokenEntry);
  }

  async #save(entry: TokenEntry): Promise<void> {
    await this.#view.put(`id/${entry.hash}`, Buffer.from(JSON.stringify(entry)));
  }

  /**
   * Whether an entry may be used now: not on its last use, not expired, and no ancestor expired
   * (a child never outlives its parent, even before the reaper revokes the tree).
   */
  async #usable(entry: TokenEntry, tainted: boolean): Promise<boolean> {
    const now = this.#clock();
    if ((!tainted && entry.num_uses < 0) || isExpired(entry, now)) return false;
    const seen = new Set([entry.hash]);
    for (let p = entry.parent; p !== '' && !seen.has(p); ) {
      seen.add(p);
      const parent = await this.#load(p);
      if (!parent) break;
      if (isExpired(parent, now)) return false;
      p = parent.parent;
    }
    return true;
  }

  /**
   * The entry of a usable token, or null (unknown, expired, or on its last use). `tainted` also
   * returns entries whose last use is under way, as Vault's lookup endpoint does.
   */
  async lookup(token: string, opts: { tainted?: boolean } = {}): Promise<TokenEntry | null> {
    if (!token) return null;
    const hash = await this.hash(token);
    const entry = await this.#load(hash);
    if (!entry) return null;
    const a = Buffer.from(entry.hash, 'hex');
    const b = Buffer.from(hash, 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    return (await this.#usable(entry, opts.tainted ?? false)) ? entry : null;
  }

  /** As lookup, by the token's hash (RequestAuth.tokenHash, the accessor index). */
  async lookupHash(hash: string, opts: { tainted?: boolean } = {}): Promise<TokenEntry | null> {
    const entry = await this.#load(hash);
    return entry && (await this.#usable(entry, opts.tainted ?? false)) ? entry : null;
  }

  /** The hash an accessor points at, or null when no such accessor is indexed. */
  async accessorHash(accessor: string): Promise<string | null> {
    if (!/^[A-Za-z0-9._-]+$/.test(accessor) || accessor.includes('..')) return null;
    const raw = await this.#view.get(`accessor/${accessor}`);
    return raw ? Buffer.from(raw).toString('utf8') : null;
  }

  /** Every indexed accessor (auth/token/accessors). */
  async listAccessors(): Promise<string[]> {
    return (await this.#view.list('accessor/')).filter((k) => !k.endsWith('/'));
  }

  /** A root token; `id` chooses its text (Vault's -dev-root-token-id), else a new random one. */
  async createRoot(id?: string): Promise<{ token: string; entry: TokenEntry }> {
    const token = id || newServiceToken();
    const entry = normalizeEntry({
      hash: await this.hash(token),
      accessor: randomBase62(24),
      policies: ['root'],
      path: 'auth/token/root',
      display_name: 'root',
      creation_time: Math.floor(this.#clock() / 1000),
    });
    await this.#view.put(`accessor/${entry.accessor}`, Buffer.from(entry.hash));
    await this.#save(entry);
    return { token, entry };
  }

  /** Store a new token as decided by the backend (Vault's TokenStore.create). */
  async create(spec: NewTokenSpec): Promise<{ token: string; entry: TokenEntry }> {
    if (spec.id !== undefined) {
      if (spec.id.startsWith('hvs.')) throw badRequest("custom token ID cannot have the 'hvs.' prefix");
      if (spec.id.startsWith('s.')) throw badRequest("custom token ID cannot have the 's.' prefix");
      if (spec.id.includes('.')) throw badRequest("custom token ID cannot have a '.' in the value");
    }
    const token = spec.id ?? newServiceToken();
    const hash = await this.hash(token);
    if (spec.id !== undefined && (await this.#load(hash))) throw badRequest('cannot create a token with a duplicate ID');
    const entry = newEntry(spec, hash, randomBase62(24), this.#clock());
    if (entry.parent !== '' && !(await this.lookupHash(entry.parent))) throw badRequest('parent token not found');
    await this.#view.put(`accessor/${entry.accessor}`, Buffer.from(hash));
    // The parent index goes before the entry: a dangling index is harmless, a token that escaped
    // its parent's revocation is not.
    if (entry.parent !== '') await this.#view.put(`parent/${entry.parent}/${hash}`, new Uint8Array());
    await this.#save(entry);
    // A parent revoked meanwhile may have listed its children before this one was indexed.
    if (entry.parent !== '' && !(await this.lookupHash(entry.parent))) {
      await this.revokeTree(hash);
      throw badRequest('parent token not found');
    }
    this.#onCreate?.(entry);
    return { token, entry };
  }

  /**
   * Spend one use of a limited-use token before a request (Vault's UseToken). Returns the updated
   * entry, or null if the token is no longer usable. The last use marks the entry revocation-
   * pending: no other request can use it; call finishUse after the request to revoke it.
   */
  async use(entry: TokenEntry): Promise<TokenEntry | null> {
    if (entry.num_uses === 0) return entry;
    return this.#locks.run(entry.hash, async () => {
      const current = await this.#load(entry.hash);
      if (!current || !(await this.#usable(current, false))) return null;
      if (current.num_uses === 0) return current;
      current.num_uses = current.num_uses === 1 ? REVOCATION_PENDING : current.num_uses - 1;
      await this.#save(current);
      return current;
    });
  }

  /** After a request: revoke the token if that was its last use. */
  async finishUse(entry: TokenEntry): Promise<void> {
    if (entry.num_uses === REVOCATION_PENDING) await this.revokeTree(entry.hash);
  }

  /** Extend a token's lease (Vault's RenewToken); `increment` seconds, 0 = its last TTL; `limits`: a role's. */
  async renew(entry: TokenEntry, increment: number, limits?: { period: number; explicitMaxTtl: number }): Promise<RenewResult> {
    return this.#locks.run(entry.hash, async () => {
      const current = await this.#load(entry.hash);
      if (!current) throw badRequest('token not found');
      const lease = current.lease;
      if (!lease) throw badRequest('invalid lease ID');
      const now = this.#clock();
      if (lease.expire_time === 0) throw badRequest('lease is not renewable');
      if (lease.expire_time < now) throw badRequest('lease expired');
      if (!lease.renewable) throw badRequest('lease is not renewable');
      const defaults = lease.max_ttl ? { ...this.#defaults, maxTtl: lease.max_ttl } : this.#defaults;
      const { ttl, warnings } = calculateTtl(defaults, {
        increment,
        backendTtl: lease.ttl,
        period: limits ? limits.period : current.period,
        explicitMaxTtl: limits ? limits.explicitMaxTtl : current.explicit_max_ttl,
        startMs: lease.issue_time,
        nowMs: now,
      });
      lease.ttl = ttl;
      lease.expire_time = now + Math.max(ttl, 0) * 1000;
      lease.last_renewal_time = now;
      await this.#save(current);
      return { entry: current, ttl, warnings };
    });
  }

  /** Revoke a token and every descendant, children first. */
  revokeTree(hash: string): Promise<void> {
    return this.#tree.revokeTree(hash);
  }

  /** Revoke a token alone; its children become orphans. */
  revokeOrphan(hash: string): Promise<void> {
    return this.#tree.revokeOne(hash, false);
  }

  /** Revoke every expired token (and its tree). Returns how many expired tokens were found. */
  reap(): Promise<number> {
    return reapExpired(this, this.#log);
  }

  /** Every stored entry, one at a time (leases by prefix, the reaper). */
  async *entries(): AsyncGenerator<TokenEntry> {
    for (const key of await this.#view.list('id/')) {
      const entry = key.endsWith('/') ? null : await this.#load(key);
      if (entry) yield entry;
    }
  }

  /** Revoke expired tokens every `intervalMs` (the timer does not keep the process alive). */
  startReaper(intervalMs: number): void {
    this.#reaper.start(intervalMs);
  }

  stopReaper(): void {
    this.#reaper.stop();
  }
}
