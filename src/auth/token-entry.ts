/**
 * The stored token entry (Vault's logical.TokenEntry joined with the token's lease entry) and the
 * two shapes Vault shows it in: the `data` of a lookup and the `auth` block of a create/renew.
 * The token itself is never part of an entry: only its salted hash is.
 */
import type { ResponseAuth } from '../logical/types.js';
import { rfc3339 } from './token-ttl.js';

/** Vault's tokenRevocationPending: the entry is on its last use or being revoked. */
export const REVOCATION_PENDING = -1;

/** What the expiration manager keeps for a token (Vault's leaseEntry), times in ms. */
export interface TokenLease {
  issue_time: number;
  /** 0 = never expires (root tokens created with no TTL). */
  expire_time: number;
  /** 0 = never renewed. */
  last_renewal_time: number;
  renewable: boolean;
  /** The TTL last granted (seconds): a renewal without increment grants it again. */
  ttl: number;
  /** The max TTL renewals are bounded by (seconds), for tokens from an auth method's login; absent = the token store's. */
  max_ttl?: number;
}

export interface TokenEntry {
  /** HMAC-SHA256(salt, token), hex: the only form of the token that is stored. */
  hash: string;
  accessor: string;
  /** The parent's hash, or "" for an orphan. */
  parent: string;
  policies: string[];
  path: string;
  display_name: string;
  /** Unix seconds. */
  creation_time: number;
  /** The TTL granted at creation (seconds); 0 = never expires. */
  ttl: number;
  explicit_max_ttl: number;
  period: number;
  /** 0 = unlimited; -1 = last use under way / revocation pending. */
  num_uses: number;
  orphan: boolean;
  meta: Record<string, string> | null;
  entity_id: string;
  type: 'service';
  /** null for tokens with no lease (the root token made at init). */
  lease: TokenLease | null;
  /** The token role it was created against (auth/token/create/<role>); absent for none. */
  role?: string;
  /** CIDRs the token may be used from; absent or empty = anywhere. */
  bound_cidrs?: string[];
}

/** What the token backend has decided for a new token (Vault's TokenEntry before create). */
export interface NewTokenSpec {
  /** A caller-chosen token (root/sudo only); otherwise `hvs.` + 24 base62. */
  id?: string;
  /** The parent's hash, "" for an orphan. */
  parent: string;
  policies: string[];
  path: string;
  displayName: string;
  meta: Record<string, string> | null;
  numUses: number;
  /** Seconds; 0 = never expires (root tokens only). */
  ttl: number;
  explicitMaxTtl: number;
  period: number;
  renewable: boolean;
  entityId: string;
  /** An auth method's max TTL for this token's renewals (seconds); absent = the token store's. */
  maxTtl?: number;
  /** The token role it is created against, if any. */
  role?: string;
  /** CIDRs the token may be used from (a role's token_bound_cidrs, a parent's); empty = anywhere. */
  boundCidrs?: readonly string[];
}

/** The entry of a token being created at `nowMs`, with its lease. */
export function newEntry(spec: NewTokenSpec, hash: string, accessor: string, nowMs: number): TokenEntry {
  return normalizeEntry({
    hash,
    accessor,
    parent: spec.parent,
    policies: [...spec.policies],
    path: spec.path,
    display_name: spec.displayName,
    creation_time: Math.floor(nowMs / 1000),
    ttl: spec.ttl,
    explicit_max_ttl: spec.explicitMaxTtl,
    period: spec.period,
    num_uses: spec.numUses,
    meta: spec.meta,
    entity_id: spec.entityId,
    ...(spec.role ? { role: spec.role } : {}),
    ...(spec.boundCidrs && spec.boundCidrs.length > 0 ? { bound_cidrs: [...spec.boundCidrs] } : {}),
    lease: {
      issue_time: nowMs,
      expire_time: spec.ttl > 0 ? nowMs + spec.ttl * 1000 : 0,
      last_renewal_time: 0,
      renewable: spec.renewable,
      ttl: spec.ttl,
      ...(spec.maxTtl ? { max_ttl: spec.maxTtl } : {}),
    },
  });
}

/** An entry read from storage, with the fields older entries lack filled in. */
export function normalizeEntry(raw: Partial<TokenEntry> & { hash: string }): TokenEntry {
  const parent = raw.parent ?? '';
  return {
    hash: raw.hash,
    accessor: raw.accessor ?? '',
    parent,
    policies: raw.policies ?? [],
    path: raw.path ?? '',
    display_name: raw.display_name ?? '',
    creation_time: raw.creation_time ?? 0,
    ttl: raw.ttl ?? 0,
    explicit_max_ttl: raw.explicit_max_ttl ?? 0,
    period: raw.period ?? 0,
    num_uses: raw.num_uses ?? 0,
    orphan: parent === '',
    meta: raw.meta ?? null,
    entity_id: raw.entity_id ?? '',
    type: 'service',
    lease: raw.lease ?? null,
    ...(raw.role ? { role: raw.role } : {}),
    ...(raw.bound_cidrs && raw.bound_cidrs.length > 0 ? { bound_cidrs: [...raw.bound_cidrs] } : {}),
  };
}

export function isRootEntry(entry: TokenEntry): boolean {
  return entry.policies.length === 1 && entry.policies[0] === 'root';
}

/** Whether the token's lease has run out at `nowMs` (Vault: expire time before now). */
export function isExpired(entry: TokenEntry, nowMs: number): boolean {
  return entry.lease !== null && entry.lease.expire_time !== 0 && entry.lease.expire_time < nowMs;
}

/**
 * Vault's policyutil.SanitizePolicies: trimmed, lower-cased, de-duplicated and sorted; `root`
 * swallows every other policy; `default` added when asked for (and root is absent).
 */
export function sanitizePolicies(input: readonly string[], addDefault: boolean): string[] {
  let policies = input.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  let defaultFound = false;
  if (policies.includes('root')) {
    policies = ['root'];
    defaultFound = true;
  } else if (policies.includes('default')) defaultFound = true;
  if (addDefault && !defaultFound) policies.push('default');
  return [...new Set(policies)].sort();
}

/** Every key lookupData may write, in Go's map order (sorted): the answer is copied in this order. */
export const LOOKUP_KEYS = [
  'accessor', 'bound_cidrs', 'creation_time', 'creation_ttl', 'display_name', 'entity_id', 'expire_time',
  'explicit_max_ttl', 'id', 'issue_time', 'last_renewal', 'last_renewal_time', 'meta', 'num_uses', 'orphan',
  'path', 'period', 'policies', 'renewable', 'role', 'ttl', 'type',
] as const;

function sortedKeys(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of LOOKUP_KEYS) if (Object.hasOwn(data, k)) out[k] = data[k];
  return out;
}

/**
 * The `data` of auth/token/lookup* (Vault's handleLookup), keys in Go's map order. `id` is the
 * token the caller presented ("" for lookups by accessor).
 */
export function lookupData(entry: TokenEntry, id: string, nowMs: number): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id,
    accessor: entry.accessor,
    policies: entry.policies,
    path: entry.path,
    meta: entry.meta,
    display_name: entry.display_name,
    num_uses: entry.num_uses,
    orphan: entry.parent === '',
    creation_time: entry.creation_time,
    creation_ttl: entry.ttl,
    expire_time: null,
    ttl: 0,
    explicit_max_ttl: entry.explicit_max_ttl,
    entity_id: entry.entity_id,
    type: entry.type,
  };
  if (entry.role) data.role = entry.role;
  if (entry.period !== 0) data.period = entry.period;
  if (entry.bound_cidrs && entry.bound_cidrs.length > 0) data.bound_cidrs = [...entry.bound_cidrs];
  const lease = entry.lease;
  if (lease) {
    if (lease.last_renewal_time !== 0) {
      data.last_renewal_time = Math.floor(lease.last_renewal_time / 1000);
      data.last_renewal = rfc3339(lease.last_renewal_time);
    }
    if (lease.expire_time !== 0) {
      data.expire_time = rfc3339(lease.expire_time);
      // Vault: int64(ExpireTime.Sub(now.Round(time.Second)).Seconds())
      data.ttl = Math.trunc((lease.expire_time - Math.round(nowMs / 1000) * 1000) / 1000);
    }
    data.renewable = lease.expire_time !== 0 && lease.expire_time >= nowMs && lease.renewable;
    data.issue_time = rfc3339(lease.issue_time);
  }
  return sortedKeys(data);
}

/** Vault's auth block for a token the token store issued or renewed. */
export function authBlock(entry: TokenEntry, clientToken: string, leaseDuration: number, renewable: boolean): ResponseAuth {
  return {
    client_token: clientToken,
    accessor: entry.accessor,
    policies: [...entry.policies],
    token_policies: [...entry.policies],
    metadata: entry.meta,
    lease_duration: leaseDuration,
    renewable,
    entity_id: entry.entity_id,
    token_type: entry.type,
    orphan: entry.parent === '',
    mfa_requirement: null,
    num_uses: Math.max(entry.num_uses, 0),
  };
}
