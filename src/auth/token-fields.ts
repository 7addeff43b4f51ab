/**
 * The token_* fields every auth method's roles and users carry (Vault's sdk/helper/tokenutil):
 * parsed from a write (merging into what was stored), shown in a read, and turned into the
 * LoginAuth a login answers. The deprecated names (`policies`, `ttl`, `max_ttl`, `period`,
 * `bound_cidrs`) are accepted as Vault accepts them: they set the token_* field when it is not given.
 */
import { badRequest } from '../logical/errors.js';
import { bool, duration, int, str, strList } from '../logical/fields.js';
import type { LoginAuth } from '../logical/types.js';
import { parseCidrList } from './cidr.js';

export interface TokenFields {
  token_policies: string[];
  token_ttl: number;
  token_max_ttl: number;
  token_explicit_max_ttl: number;
  token_period: number;
  token_num_uses: number;
  token_no_default_policy: boolean;
  token_type: 'default' | 'service';
  token_bound_cidrs: string[];
}

export const EMPTY_TOKEN_FIELDS: TokenFields = Object.freeze({
  token_policies: [],
  token_ttl: 0,
  token_max_ttl: 0,
  token_explicit_max_ttl: 0,
  token_period: 0,
  token_num_uses: 0,
  token_no_default_policy: false,
  token_type: 'default',
  token_bound_cidrs: [],
}) as TokenFields;

type Data = Readonly<Record<string, unknown>>;

const given = (data: Data, name: string): boolean => data[name] !== undefined && data[name] !== null;

/** The new field, else its deprecated name, else what was stored. */
function pick<T>(data: Data, name: string, legacy: string | undefined, read: (n: string) => T, stored: T): T {
  if (given(data, name)) return read(name);
  if (legacy && given(data, legacy)) return read(legacy);
  return stored;
}

/** Vault's ParseTokenFields over `stored` (EMPTY_TOKEN_FIELDS for a new role or user). */
export function parseTokenFields(data: Data, stored: TokenFields = EMPTY_TOKEN_FIELDS): TokenFields {
  const d = data as Record<string, unknown>;
  const fields: TokenFields = {
    token_policies: pick(data, 'token_policies', 'policies', (n) => strList(d, n).map((p) => p.trim().toLowerCase()), stored.token_policies),
    token_ttl: pick(data, 'token_ttl', 'ttl', (n) => duration(d, n), stored.token_ttl),
    token_max_ttl: pick(data, 'token_max_ttl', 'max_ttl', (n) => duration(d, n), stored.token_max_ttl),
    token_explicit_max_ttl: pick(data, 'token_explicit_max_ttl', undefined, (n) => duration(d, n), stored.token_explicit_max_ttl),
    token_period: pick(data, 'token_period', 'period', (n) => duration(d, n), stored.token_period),
    token_num_uses: pick(data, 'token_num_uses', undefined, (n) => int(d, n), stored.token_num_uses),
    token_no_default_policy: pick(data, 'token_no_default_policy', undefined, (n) => bool(d, n), stored.token_no_default_policy),
    token_type: pick(data, 'token_type', undefined, (n) => tokenType(str(d, n)), stored.token_type),
    token_bound_cidrs: pick(data, 'token_bound_cidrs', 'bound_cidrs', (n) => parseCidrList(strList(d, n), n), stored.token_bound_cidrs),
  };
  if (fields.token_num_uses < 0) throw badRequest("'token_num_uses' cannot be negative");
  if (fields.token_max_ttl > 0 && fields.token_ttl > fields.token_max_ttl) {
    throw badRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
  }
  return fields;
}

function tokenType(value: string): TokenFields['token_type'] {
  switch (value) {
    case '':
    case 'default':
    case 'default-service':
      return 'default';
    case 'service':
      return 'service';
    case 'batch':
    case 'default-batch':
      throw badRequest('batch tokens are not supported');
    default:
      throw badRequest(`invalid 'token_type' value ${JSON.stringify(value)}`);
  }
}

/** The fields as a read shows them (Vault's PopulateTokenData): durations in seconds. */
export function tokenFieldsData(f: TokenFields): Record<string, unknown> {
  return {
    token_bound_cidrs: [...f.token_bound_cidrs],
    token_explicit_max_ttl: f.token_explicit_max_ttl,
    token_max_ttl: f.token_max_ttl,
    token_no_default_policy: f.token_no_default_policy,
    token_num_uses: f.token_num_uses,
    token_period: f.token_period,
    token_policies: [...f.token_policies],
    token_ttl: f.token_ttl,
    token_type: f.token_type,
  };
}

/** What a login with these fields asks the core for (Vault's PopulateTokenAuth). */
export function loginAuth(
  f: TokenFields,
  who: { displayName: string; metadata: Record<string, string>; aliasName: string; aliasMetadata?: Record<string, string> },
): LoginAuth {
  return {
    policies: [...f.token_policies],
    noDefaultPolicy: f.token_no_default_policy,
    metadata: { ...who.metadata },
    displayName: who.displayName,
    alias: { name: who.aliasName, ...(who.aliasMetadata ? { metadata: { ...who.aliasMetadata } } : {}) },
    ttl: f.token_ttl,
    maxTtl: f.token_max_ttl,
    explicitMaxTtl: f.token_explicit_max_ttl,
    period: f.token_period,
    numUses: f.token_num_uses,
    renewable: true,
    boundCidrs: [...f.token_bound_cidrs],
  };
}
