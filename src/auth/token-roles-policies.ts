/**
 * The policies of a token created against a role with allowed or disallowed lists (the role
 * branch of Vault's handleCreateCommon): such a role lets a caller give policies outside its own,
 * within the role's lists, and `default` is added unless asked not to or disallowed.
 */
import { badRequest } from '../logical/errors.js';
import { sanitizePolicies, type TokenEntry } from './token-entry.js';
import type { TokenRole } from './token-roles.js';

/** ryanuber/go-glob: `*` matches any run of characters, anywhere in the pattern. */
export function globMatch(pattern: string, subject: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return subject === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!subject.startsWith(first)) return false;
  let pos = first.length;
  for (const part of parts.slice(1, -1)) {
    const at = subject.indexOf(part, pos);
    if (at < 0) return false;
    pos = at + part.length;
  }
  return subject.length - pos >= last.length && subject.endsWith(last);
}

const containsGlob = (patterns: readonly string[], value: string): boolean => patterns.some((p) => globMatch(p, value));

/** Go's %q of a []string: `["a" "b"]`. */
const goQuoteList = (list: readonly string[]): string => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;

/** Whether the role restricts policies at all; if not, the usual parent-subset rules apply. */
export function roleHasPolicyLists(role: TokenRole): boolean {
  return (
    role.allowed_policies.length > 0 ||
    role.disallowed_policies.length > 0 ||
    role.allowed_policies_glob.length > 0 ||
    role.disallowed_policies_glob.length > 0
  );
}

/**
 * The policies for a token from a role with lists, before the final sanitising: the requested
 * ones when within the allowed lists (else those lists, or the parent's), none disallowed.
 */
export function chooseRolePolicies(
  role: TokenRole,
  requested: readonly string[],
  noDefault: boolean,
  parent: TokenEntry,
): string[] {
  const addDefault =
    !noDefault &&
    !role.token_no_default_policy &&
    !role.disallowed_policies.includes('default') &&
    !containsGlob(role.disallowed_policies_glob, 'default');
  let policies = requested.length > 0 ? sanitizePolicies(requested, addDefault) : [];

  if (role.allowed_policies.length > 0 || role.allowed_policies_glob.length > 0) {
    const allowed = sanitizePolicies(role.allowed_policies, addDefault);
    if (policies.length === 0) policies = allowed;
    else {
      const globs = sanitizePolicies(role.allowed_policies_glob, false);
      if (policies.some((p) => !allowed.includes(p) && !containsGlob(globs, p))) {
        throw badRequest(
          `token policies (${goQuoteList(policies)}) must be subset of the role's allowed policies ` +
            `(${goQuoteList(allowed)}) or glob policies (${goQuoteList(globs)})`,
        );
      }
    }
  } else if (policies.length === 0) {
    policies = sanitizePolicies(parent.policies, addDefault);
  }

  const disallowed = [...new Set(role.disallowed_policies.map((p) => p.trim().toLowerCase()))];
  const disallowedGlobs = [...new Set(role.disallowed_policies_glob.map((p) => p.trim().toLowerCase()))];
  for (const p of policies) {
    if (disallowed.includes(p) || containsGlob(disallowedGlobs, p)) {
      throw badRequest(`token policy ${JSON.stringify(p)} is disallowed by this role`);
    }
  }
  return policies;
}
