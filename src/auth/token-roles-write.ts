/**
 * A write to auth/token/roles/<name> (Vault's tokenStoreRoleCreateUpdate): the fields given change,
 * the others keep their stored value (or their default on create). Token roles take only the
 * token_* fields Vault allows them (bound CIDRs, explicit max TTL, period, type, no-default-policy,
 * num uses: no token_policies, token_ttl or token_max_ttl), plus the deprecated `period`,
 * `explicit_max_ttl` and `bound_cidrs`, which Vault keeps beside their token_* counterparts.
 */
import { badRequest } from '../logical/errors.js';
import { bool, duration, int, str, strList } from '../logical/fields.js';
import { parseCidrList } from './cidr.js';
import { sanitizePolicies } from './token-entry.js';
import type { RoleTokenType, TokenRole } from './token-roles.js';

type Data = Record<string, unknown>;

/** Vault's pathSuffixSanitize, matched anywhere in the suffix as Go's MatchString does. */
const PATH_SUFFIX = /\w[\w\-.]+\w/;
const PATH_SUFFIX_SOURCE = '\\w[\\w-.]+\\w';

/** Vault's GetOk: the field was sent (a null counts, as its zero value). */
const has = (data: Data, name: string): boolean => Object.prototype.hasOwnProperty.call(data, name);

/** strutil.RemoveDuplicates(list, true): trimmed, lower-cased, de-duplicated, sorted. */
function removeDuplicates(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))].sort();
}

/** parseutil.ParseAddrs with Vault's texts, under `prefix` (Vault's wrapping of the error). */
function parseAddrs(list: readonly string[], prefix: string): string[] {
  for (const item of list) {
    try {
      parseCidrList([item], prefix);
    } catch {
      const q = JSON.stringify(item);
      throw badRequest(`${prefix}: error parsing address ${q}: Unable to convert ${q} to an IPv4 or IPv6 address, or a UNIX Socket`);
    }
  }
  return list.map((s) => s.trim());
}

/** The fields not shared with other auth methods: orphan, renewable, path_suffix and the policy lists. */
function parseOwnFields(data: Data, role: TokenRole): void {
  if (has(data, 'orphan')) role.orphan = bool(data, 'orphan');
  if (has(data, 'renewable')) role.renewable = bool(data, 'renewable', false);
  if (has(data, 'path_suffix')) {
    const suffix = str(data, 'path_suffix');
    if (suffix !== '' && !PATH_SUFFIX.test(suffix)) {
      throw badRequest(`given role path suffix contains invalid characters; must match ${PATH_SUFFIX_SOURCE}`);
    }
    role.path_suffix = suffix;
  }
  if (role.path_suffix.includes('..')) {
    throw badRequest('error registering path suffix: path cannot contain parent references');
  }
  if (has(data, 'allowed_policies')) role.allowed_policies = sanitizePolicies(strList(data, 'allowed_policies'), false);
  if (has(data, 'disallowed_policies')) role.disallowed_policies = removeDuplicates(strList(data, 'disallowed_policies'));
  if (has(data, 'allowed_policies_glob')) {
    role.allowed_policies_glob = sanitizePolicies(strList(data, 'allowed_policies_glob'), false);
  }
  if (has(data, 'disallowed_policies_glob')) {
    role.disallowed_policies_glob = removeDuplicates(strList(data, 'disallowed_policies_glob'));
  }
}

/** token_type as a role takes it: Vault's four names (batch ones refused here), not "default". */
function roleTokenType(data: Data): RoleTokenType | undefined {
  if (!has(data, 'token_type')) return undefined;
  if (data.token_type === null) throw badRequest("Invalid 'token_type' value: null");
  const value = str(data, 'token_type');
  switch (value) {
    case 'service':
    case 'default-service':
      return value;
    case 'batch':
    case 'default-batch':
      throw badRequest('batch tokens are not supported');
    default:
      throw badRequest(`invalid 'token_type' value ${JSON.stringify(value)}`);
  }
}

/** tokenutil.ParseTokenFields over the fields a token role allows. */
function parseTokenFields(data: Data, role: TokenRole): void {
  const prefix = 'error parsing role fields';
  if (has(data, 'token_bound_cidrs')) role.token_bound_cidrs = parseAddrs(strList(data, 'token_bound_cidrs'), prefix);
  if (has(data, 'token_explicit_max_ttl')) role.token_explicit_max_ttl = duration(data, 'token_explicit_max_ttl');
  if (has(data, 'token_no_default_policy')) role.token_no_default_policy = bool(data, 'token_no_default_policy');
  if (has(data, 'token_period')) role.token_period = duration(data, 'token_period');
  if (role.token_period < 0) throw badRequest(`${prefix}: 'token_period' cannot be negative`);
  if (has(data, 'token_num_uses')) role.token_num_uses = int(data, 'token_num_uses');
  if (role.token_num_uses < 0) throw badRequest(`${prefix}: 'token_num_uses' cannot be negative`);
}

/**
 * Which of a deprecated field and its token_* name a write sets (Vault keeps the token_* one and
 * warns when both are sent); undefined when neither is.
 */
function pick(data: Data, old: string, current: string, warnings: string[]): 'old' | 'current' | undefined {
  if (!has(data, current)) return has(data, old) ? 'old' : undefined;
  if (has(data, old)) warnings.push(`Both '${current}' and deprecated '${old}' value supplied, ignoring the deprecated value`);
  return 'current';
}

/** The deprecated period, bound_cidrs and explicit_max_ttl (Vault's backwards compatibility). */
function parseDeprecated(data: Data, role: TokenRole, maxLeaseTtl: number, warnings: string[]): void {
  const period = pick(data, 'period', 'token_period', warnings);
  if (period === 'old') role.period = role.token_period = duration(data, 'period');
  else if (period === 'current') role.period = 0;

  const cidrs = pick(data, 'bound_cidrs', 'token_bound_cidrs', warnings);
  if (cidrs === 'old') {
    role.bound_cidrs = parseAddrs(strList(data, 'bound_cidrs'), 'error parsing bound_cidrs');
    role.token_bound_cidrs = [...role.bound_cidrs];
  } else if (cidrs === 'current') role.bound_cidrs = [];

  let finalExplicitMaxTtl = role.token_explicit_max_ttl;
  const explicit = pick(data, 'explicit_max_ttl', 'token_explicit_max_ttl', warnings);
  if (explicit === 'current') role.explicit_max_ttl = 0;
  else {
    if (explicit === 'old') role.explicit_max_ttl = role.token_explicit_max_ttl = duration(data, 'explicit_max_ttl');
    finalExplicitMaxTtl = role.explicit_max_ttl;
  }
  if (finalExplicitMaxTtl !== 0 && maxLeaseTtl !== 0 && finalExplicitMaxTtl > maxLeaseTtl) {
    warnings.push(
      `Given explicit max TTL of ${finalExplicitMaxTtl} is greater than system/mount allowed value of ${maxLeaseTtl} seconds; ` +
        'until this is fixed attempting to create tokens against this role will result in an error',
    );
  }
}

/**
 * The role after a write of `data` over `stored` (newRole(name) for a create), and Vault's
 * warnings. `maxLeaseTtl` is the token mount's max TTL, for the explicit max TTL warning.
 */
export function parseRoleWrite(data: Data, stored: TokenRole, maxLeaseTtl: number): { role: TokenRole; warnings: string[] } {
  const role: TokenRole = structuredClone(stored);
  const warnings: string[] = [];
  parseOwnFields(data, role);
  const tokenType = roleTokenType(data);
  parseTokenFields(data, role);
  if (tokenType !== undefined) role.token_type = tokenType;
  parseDeprecated(data, role, maxLeaseTtl, warnings);
  if (has(data, 'allowed_entity_aliases')) role.allowed_entity_aliases = removeDuplicates(strList(data, 'allowed_entity_aliases'));
  return { role, warnings };
}
