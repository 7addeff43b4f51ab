/**
 * Where userpass keeps its users: one JSON entry per user at `user/<username>` in the mount's
 * view, as Vault's userpass does, the name lower-cased (Vault: "Mary and mary are the same entry").
 * The entry holds the bcrypt hash, never the password.
 */
import { getJson, putJson } from '../../logical/storage-view.js';
import type { StorageView } from '../../logical/types.js';
import type { TokenFields } from '../token-fields.js';

const PREFIX = 'user/';

/**
 * The deprecated fields as they were last written (Vault's UserEntry.Policies/TTL/MaxTTL/BoundCIDRs):
 * set only while a write used the old name, and echoed back by a read only then.
 */
export interface LegacyFields {
  policies: string[];
  ttl: number;
  max_ttl: number;
  bound_cidrs: string[];
}

export interface UserEntry {
  /** bcrypt hash of the password (`$2a$`/`$2b$`/`$2y$`). */
  password_hash: string;
  token: TokenFields;
  legacy: LegacyFields;
}

export const NO_LEGACY: LegacyFields = Object.freeze({ policies: [], ttl: 0, max_ttl: 0, bound_cidrs: [] }) as LegacyFields;

/** Vault lower-cases every username it stores or looks up. */
export function normalizeUsername(name: string): string {
  return name.toLowerCase();
}

export function readUser(storage: StorageView, username: string): Promise<UserEntry | null> {
  return getJson<UserEntry>(storage, PREFIX + normalizeUsername(username));
}

export function writeUser(storage: StorageView, username: string, entry: UserEntry): Promise<void> {
  return putJson(storage, PREFIX + normalizeUsername(username), entry);
}

export function deleteUser(storage: StorageView, username: string): Promise<void> {
  return storage.delete(PREFIX + normalizeUsername(username));
}

/** The stored usernames, in the storage's (sorted) order. */
export function listUsers(storage: StorageView): Promise<string[]> {
  return storage.list(PREFIX);
}
