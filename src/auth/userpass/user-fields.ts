/**
 * A userpass user's API fields: what a write to `users/<name>` or `users/<name>/policies` does to
 * the token_* fields and their deprecated names (Vault's ParseTokenFields followed by
 * tokenutil.UpgradeValue), and what a read shows (PopulateTokenData plus the old names, only while
 * they were last written under the old name). The password and its hash are not handled here.
 */
import { strList } from '../../logical/fields.js';
import { sanitizePolicies } from '../token-entry.js';
import { parseTokenFields, tokenFieldsData, type TokenFields } from '../token-fields.js';
import type { LegacyFields } from './user-store.js';

type Data = Readonly<Record<string, unknown>>;

const given = (data: Data, name: string): boolean => data[name] !== undefined && data[name] !== null;

/** Vault's policyutil.ParsePolicies: trimmed, lower-cased, de-duplicated, sorted, `root` alone. */
function parsePolicies(data: Data, name: string): string[] {
  return sanitizePolicies(strList(data as Record<string, unknown>, name), false);
}

/**
 * tokenutil.UpgradeValue for one pair: the new name given → the old one keeps the value only if
 * it was given too; only the old name given → both take it; neither → unchanged.
 */
function upgrade<T>(data: Data, oldKey: string, newKey: string, current: T, newValue: T, empty: T): T {
  if (given(data, newKey)) return given(data, oldKey) ? newValue : empty;
  if (given(data, oldKey)) return newValue;
  return current;
}

/**
 * The token fields and deprecated fields after a write to `users/<name>`. Userpass has no `period`
 * field (Vault's path ignores it), so only `token_period` sets the period.
 */
export function mergeUserWrite(
  data: Data,
  stored: { token: TokenFields; legacy: LegacyFields },
): { token: TokenFields; legacy: LegacyFields } {
  const { period: _ignored, ...fields } = data;
  const token = parseTokenFields(fields, stored.token);
  if (!given(fields, 'token_policies') && given(fields, 'policies')) token.token_policies = parsePolicies(fields, 'policies');
  const legacy: LegacyFields = {
    policies: upgrade(fields, 'policies', 'token_policies', stored.legacy.policies, token.token_policies, []),
    ttl: upgrade(fields, 'ttl', 'token_ttl', stored.legacy.ttl, token.token_ttl, 0),
    max_ttl: upgrade(fields, 'max_ttl', 'token_max_ttl', stored.legacy.max_ttl, token.token_max_ttl, 0),
    bound_cidrs: upgrade(fields, 'bound_cidrs', 'token_bound_cidrs', stored.legacy.bound_cidrs, token.token_bound_cidrs, []),
  };
  return { token, legacy: { ...legacy, policies: [...legacy.policies], bound_cidrs: [...legacy.bound_cidrs] } };
}

/**
 * `users/<name>/policies` (Vault's pathUserPoliciesUpdate): `token_policies`, else `policies`,
 * both parsed as policy lists; the old name is kept only when it was sent.
 */
export function mergePoliciesWrite(
  data: Data,
  stored: { token: TokenFields; legacy: LegacyFields },
): { token: TokenFields; legacy: LegacyFields } {
  const token = { ...stored.token };
  const legacy = { ...stored.legacy };
  if (given(data, 'token_policies')) {
    token.token_policies = parsePolicies(data, 'token_policies');
    legacy.policies = given(data, 'policies') ? [...token.token_policies] : [];
  } else if (given(data, 'policies')) {
    token.token_policies = parsePolicies(data, 'policies');
    legacy.policies = [...token.token_policies];
  }
  return { token, legacy };
}

/** A read of `users/<name>`: the token_* fields, plus ttl/max_ttl/policies/bound_cidrs as Vault echoes them. */
export function userReadData(user: { token: TokenFields; legacy: LegacyFields }): Record<string, unknown> {
  const data: Record<string, unknown> = tokenFieldsData(user.token);
  if (user.legacy.ttl > 0) data.ttl = user.legacy.ttl;
  if (user.legacy.max_ttl > 0) data.max_ttl = user.legacy.max_ttl;
  if (user.legacy.policies.length > 0) data.policies = [...user.token.token_policies];
  if (user.legacy.bound_cidrs.length > 0) data.bound_cidrs = [...user.legacy.bound_cidrs];
  // Go encodes a map with its keys sorted.
  return Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
}
