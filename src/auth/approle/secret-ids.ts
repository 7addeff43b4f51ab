/**
 * Secret IDs of a role (Vault's secretIDStorageEntry and its accessor index). A secret ID is never
 * stored: its entry is keyed by HMAC-SHA256(mount salt, secret_id), under the role's storage_id, and
 * its accessor is indexed by HMAC-SHA256(mount salt, accessor) → {secret_id_hmac, storage_id}.
 * Every read-modify-write of one secret ID runs inside `state.secretIds` for its HMAC.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { getJson, putJson } from '../../logical/storage-view.js';
import type { StorageView } from '../../logical/types.js';
import { plainError } from './errors.js';
import { goTime } from './go-compat.js';
import type { RoleEntry } from './role-store.js';
import type { AppRoleState } from './state.js';

export interface SecretIdEntry {
  /** The key it is stored under, kept to compare in constant time on use. */
  secret_id_hmac: string;
  secret_id_accessor: string;
  /** Uses left; 0 = unlimited. */
  secret_id_num_uses: number;
  /** Seconds, as asked for (the expiry uses the TTL capped by the mount's max lease TTL). */
  secret_id_ttl: number;
  /** Milliseconds since the epoch; expiration_time 0 = never. */
  creation_time: number;
  expiration_time: number;
  last_updated_time: number;
  metadata: Record<string, string>;
  cidr_list: string[];
  token_bound_cidrs: string[];
}

export interface AccessorEntry {
  secret_id_hmac: string;
  storage_id: string;
}

/** What a new secret ID carries before it is registered. */
export type SecretIdFields = Pick<SecretIdEntry, 'secret_id_num_uses' | 'secret_id_ttl' | 'metadata' | 'cidr_list' | 'token_bound_cidrs'>;

export const SECRET_ID_PREFIX = 'secret_id/';
export const ACCESSOR_PREFIX = 'accessor/';

export function secretIdKey(storageId: string, hmac: string): string {
  return `${SECRET_ID_PREFIX}${storageId}/${hmac}`;
}

/** Whether a stored entry is the one for this HMAC, compared in constant time. */
export function sameHmac(entry: SecretIdEntry, hmac: string): boolean {
  const a = Buffer.from(entry.secret_id_hmac, 'hex');
  const b = Buffer.from(hmac, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Whether an entry's expiration time has passed (Vault: time.Now().After(ExpirationTime)). */
export function isExpired(entry: SecretIdEntry, now: number): boolean {
  return entry.expiration_time !== 0 && now > entry.expiration_time;
}

/** Vault's ToResponseData: what lookups answer. */
export function secretIdData(entry: SecretIdEntry): Record<string, unknown> {
  return {
    cidr_list: [...entry.cidr_list],
    creation_time: goTime(entry.creation_time),
    expiration_time: goTime(entry.expiration_time),
    last_updated_time: goTime(entry.last_updated_time),
    metadata: { ...entry.metadata },
    secret_id_accessor: entry.secret_id_accessor,
    secret_id_num_uses: entry.secret_id_num_uses,
    secret_id_ttl: entry.secret_id_ttl,
    token_bound_cidrs: [...entry.token_bound_cidrs],
  };
}

export class SecretIdStore {
  readonly #state: AppRoleState;

  constructor(state: AppRoleState) {
    this.#state = state;
  }

  /** The HMAC of a secret ID (Vault's createHMAC error for one over 4096 bytes). */
  hmacOf(storage: StorageView, secretId: string, what = 'secret_id'): Promise<string> {
    return this.#state.hmac(storage, secretId, what);
  }

  async #accessorKey(storage: StorageView, accessor: string): Promise<string> {
    return ACCESSOR_PREFIX + (await this.#state.hmac(storage, accessor));
  }

  /** deriveSecretIDTTL: a TTL that is negative or over the mount's max lease TTL becomes that max. */
  derivedTtl(ttl: number): number {
    const max = this.#state.maxLeaseTtl();
    return ttl < 0 || ttl > max ? max : ttl;
  }

  /** Run `fn` alone for this secret ID. */
  locked<T>(hmac: string, fn: () => Promise<T>): Promise<T> {
    return this.#state.secretIds.run(hmac, fn);
  }

  read(storage: StorageView, role: RoleEntry, hmac: string): Promise<SecretIdEntry | null> {
    return getJson<SecretIdEntry>(storage, secretIdKey(role.storage_id, hmac));
  }

  write(storage: StorageView, role: RoleEntry, entry: SecretIdEntry): Promise<void> {
    return putJson(storage, secretIdKey(role.storage_id, entry.secret_id_hmac), entry);
  }

  accessor(storage: StorageView, accessor: string): Promise<AccessorEntry | null> {
    return this.#accessorKey(storage, accessor).then((key) => getJson<AccessorEntry>(storage, key));
  }

  /**
   * registerSecretIDEntry: refuses a secret ID the role already has, stamps the times, writes the
   * accessor index first and then the entry. Vault's plain errors, wrapped as its caller wraps them.
   */
  async register(storage: StorageView, role: RoleEntry, secretId: string, fields: SecretIdFields): Promise<SecretIdEntry> {
    let hmac: string;
    try {
      hmac = await this.hmacOf(storage, secretId, 'secret ID');
    } catch (err) {
      throw plainError(`failed to store secret_id: ${(err as Error).message}`);
    }
    return this.locked(hmac, async () => {
      if (await this.read(storage, role, hmac)) throw plainError('failed to store secret_id: SecretID is already registered');
      const now = this.#state.clock();
      const ttl = this.derivedTtl(fields.secret_id_ttl);
      const entry: SecretIdEntry = {
        secret_id_hmac: hmac,
        secret_id_accessor: randomUUID(),
        ...fields,
        creation_time: now,
        last_updated_time: now,
        expiration_time: ttl !== 0 ? now + ttl * 1000 : 0,
      };
      const accessorEntry: AccessorEntry = { secret_id_hmac: hmac, storage_id: role.storage_id };
      await putJson(storage, await this.#accessorKey(storage, entry.secret_id_accessor), accessorEntry);
      await this.write(storage, role, entry);
      return entry;
    });
  }

  /** Remove a secret ID: its accessor index first, then the entry. Call inside `locked`. */
  async remove(storage: StorageView, storageId: string, entry: SecretIdEntry): Promise<void> {
    await storage.delete(await this.#accessorKey(storage, entry.secret_id_accessor));
    await storage.delete(secretIdKey(storageId, entry.secret_id_hmac));
  }

  /** Remove an entry whose accessor index is gone. Call inside `locked`. */
  removeEntry(storage: StorageView, storageId: string, hmac: string): Promise<void> {
    return storage.delete(secretIdKey(storageId, hmac));
  }

  /** Whether the entry still has its accessor index (Vault revokes a secret ID that lost it). */
  async hasAccessor(storage: StorageView, entry: SecretIdEntry): Promise<boolean> {
    return (await this.accessor(storage, entry.secret_id_accessor)) !== null;
  }

  /** The HMACs of a role's secret IDs (or of any storage folder). */
  async hmacs(storage: StorageView, storageId: string): Promise<string[]> {
    return (await storage.list(`${SECRET_ID_PREFIX}${storageId}/`)).filter((k) => !k.endsWith('/'));
  }

  /** The accessors of a role's secret IDs (pathRoleSecretIDList). */
  async accessors(storage: StorageView, role: RoleEntry): Promise<string[]> {
    const out: string[] = [];
    for (const hmac of await this.hmacs(storage, role.storage_id)) {
      const entry = await this.read(storage, role, hmac);
      if (!entry) continue;
      out.push(entry.secret_id_accessor);
    }
    return out;
  }

  /** flushRoleSecrets, with the accessors too: everything under a storage folder goes. */
  async flush(storage: StorageView, storageId: string): Promise<void> {
    for (const hmac of await this.hmacs(storage, storageId)) {
      await this.locked(hmac, async () => {
        const entry = await getJson<SecretIdEntry>(storage, secretIdKey(storageId, hmac));
        if (entry) await this.remove(storage, storageId, entry);
        else await this.removeEntry(storage, storageId, hmac);
      });
    }
  }
}
