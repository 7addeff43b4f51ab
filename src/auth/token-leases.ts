/**
 * Token leases as Vault's expiration manager shows them: every token with a TTL has the lease id
 * `<token path>/h<salted token hash>` (`auth/userpass/login/alice/h3f…`), which sys/leases can look
 * up, list by prefix and revoke. Tokens are the only leases tsvault issues; the lease lives in the
 * token entry itself, so there is no second index to keep in step.
 */
import { rfc3339 } from './token-ttl.js';
import type { TokenEntry } from './token-entry.js';
import type { TokenStore } from './token-store.js';

const HASHED_ID = /\/h([0-9a-f]{64})$/;

/** The lease id of a token, or null when it has none (no TTL: the root token from init). */
export function leaseIdOf(entry: TokenEntry): string | null {
  return entry.lease && entry.lease.expire_time !== 0 ? `${entry.path}/h${entry.hash}` : null;
}

/** Vault's sys/leases/lookup data. */
export function leaseData(entry: TokenEntry, leaseId: string, nowMs: number): Record<string, unknown> {
  const lease = entry.lease!;
  const expired = lease.expire_time < nowMs;
  return {
    expire_time: rfc3339(lease.expire_time),
    id: leaseId,
    issue_time: rfc3339(lease.issue_time),
    last_renewal: lease.last_renewal_time !== 0 ? rfc3339(lease.last_renewal_time) : null,
    renewable: lease.renewable && !expired,
    ttl: Math.max(0, Math.round((lease.expire_time - nowMs) / 1000)),
  };
}

export class TokenLeases {
  readonly #store: TokenStore;

  constructor(store: TokenStore) {
    this.#store = store;
  }

  /** The token behind a lease id, or null (unknown, revoked, expired). */
  async find(leaseId: string): Promise<TokenEntry | null> {
    const m = HASHED_ID.exec(leaseId);
    if (!m) return null;
    const entry = await this.#store.lookupHash(m[1]!, { tainted: true });
    return entry && leaseIdOf(entry) === leaseId ? entry : null;
  }

  /** Revoke the token of one lease (and its children); an unknown lease is not an error. */
  async revoke(leaseId: string): Promise<void> {
    const entry = await this.find(leaseId);
    if (entry) await this.#store.revokeTree(entry.hash);
  }

  /** Every token (with its lease id) under `prefix`: a lease id itself, or a path prefix (`auth/userpass/`). */
  async #under(prefix: string): Promise<{ id: string; entry: TokenEntry }[]> {
    const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const found: { id: string; entry: TokenEntry }[] = [];
    for await (const entry of this.#store.entries()) {
      const id = leaseIdOf(entry);
      if (id && (prefix === '' || id === prefix || id.startsWith(folder))) found.push({ id, entry });
    }
    return found;
  }

  /** How many leases there are (sys/metrics' vault.expire.num_leases): one scan of the tokens. */
  async count(): Promise<number> {
    return (await this.#under('')).length;
  }

  /** Revoke every lease under a prefix (Vault's RevokePrefix); returns how many. */
  async revokePrefix(prefix: string): Promise<number> {
    const found = await this.#under(prefix);
    for (const { entry } of found) await this.#store.revokeTree(entry.hash);
    return found.length;
  }

  /** The children of a prefix as sys/leases/lookup/<prefix> lists them: leaves and `folder/`. */
  async list(prefix: string): Promise<string[]> {
    const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    const keys = new Set<string>();
    for (const { id } of await this.#under(folder)) {
      const rest = id.slice(folder.length);
      const slash = rest.indexOf('/');
      keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...keys].sort();
  }
}
