/**
 * Token roles (Vault's tsRoleEntry): what auth/token/create/<role> may issue. They live in the
 * token store's storage, `sys/token/roles/<name>` (TokenStore.rolesView), one JSON entry each,
 * durations in seconds. This module holds the stored shape, its storage and the read answer;
 * token-roles-write.ts parses a write, token-roles-paths.ts serves auth/token/roles*, and
 * token-roles-policies.ts chooses a new token's policies within a role.
 */
import type { StorageView } from '../logical/types.js';

/** The token types a role may name; Vault's batch and default-batch are refused on write. */
export type RoleTokenType = 'default-service' | 'service';

export interface TokenRole {
  name: string;
  allowed_policies: string[];
  disallowed_policies: string[];
  allowed_policies_glob: string[];
  disallowed_policies_glob: string[];
  /** Tokens created against the role have no parent (no sudo needed). */
  orphan: boolean;
  renewable: boolean;
  /** Appended to the token's path: `auth/token/create/<role>/<suffix>`. */
  path_suffix: string;
  /** null until first written, as Vault shows it. */
  allowed_entity_aliases: string[] | null;
  /** The deprecated fields as last written (Vault keeps them for reads); token_* is what applies. */
  period: number;
  explicit_max_ttl: number;
  bound_cidrs: string[];
  token_period: number;
  token_explicit_max_ttl: number;
  token_bound_cidrs: string[];
  token_no_default_policy: boolean;
  token_num_uses: number;
  token_type: RoleTokenType;
}

/** A role as a create with no fields makes it (Vault's field defaults: renewable true). */
export function newRole(name: string): TokenRole {
  return {
    name,
    allowed_policies: [],
    disallowed_policies: [],
    allowed_policies_glob: [],
    disallowed_policies_glob: [],
    orphan: false,
    renewable: true,
    path_suffix: '',
    allowed_entity_aliases: null,
    period: 0,
    explicit_max_ttl: 0,
    bound_cidrs: [],
    token_period: 0,
    token_explicit_max_ttl: 0,
    token_bound_cidrs: [],
    token_no_default_policy: false,
    token_num_uses: 0,
    token_type: 'default-service',
  };
}

/**
 * A stored role with missing fields filled in, and Vault's token-field upgrade: a deprecated
 * period, explicit max TTL or CIDR list applies when its token_* counterpart is unset.
 */
function normalizeRole(raw: Partial<TokenRole> & { name: string }): TokenRole {
  const role: TokenRole = { ...newRole(raw.name), ...raw };
  if (role.period > 0 && role.token_period === 0) role.token_period = role.period;
  if (role.explicit_max_ttl > 0 && role.token_explicit_max_ttl === 0) role.token_explicit_max_ttl = role.explicit_max_ttl;
  if (role.bound_cidrs.length > 0 && role.token_bound_cidrs.length === 0) role.token_bound_cidrs = [...role.bound_cidrs];
  return role;
}

/** The roles under the token store (`sys/token/roles/`). Names are checked by the paths. */
export class TokenRoleStore {
  readonly #view: StorageView;

  constructor(view: StorageView) {
    this.#view = view;
  }

  async get(name: string): Promise<TokenRole | null> {
    const raw = await this.#view.get(name);
    if (!raw) return null;
    const stored = JSON.parse(Buffer.from(raw).toString('utf8')) as Partial<TokenRole>;
    return normalizeRole({ ...stored, name });
  }

  async put(role: TokenRole): Promise<void> {
    await this.#view.put(role.name, Buffer.from(JSON.stringify(role)));
  }

  async delete(name: string): Promise<void> {
    await this.#view.delete(name);
  }

  async list(): Promise<string[]> {
    return (await this.#view.list('')).filter((k) => !k.endsWith('/'));
  }
}

/** The `data` of a role read (Vault's tokenStoreRoleRead), keys in Go's map order. */
export function roleReadData(role: TokenRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    allowed_entity_aliases: role.allowed_entity_aliases ? [...role.allowed_entity_aliases] : null,
    allowed_policies: [...role.allowed_policies],
    allowed_policies_glob: [...role.allowed_policies_glob],
    disallowed_policies: [...role.disallowed_policies],
    disallowed_policies_glob: [...role.disallowed_policies_glob],
    explicit_max_ttl: role.explicit_max_ttl,
    name: role.name,
    orphan: role.orphan,
    path_suffix: role.path_suffix,
    period: role.period,
    renewable: role.renewable,
    token_explicit_max_ttl: role.token_explicit_max_ttl,
    token_no_default_policy: role.token_no_default_policy,
    token_period: role.token_period,
    token_type: role.token_type,
  };
  if (role.bound_cidrs.length > 0) data.bound_cidrs = [...role.bound_cidrs];
  if (role.token_bound_cidrs.length > 0) data.token_bound_cidrs = [...role.token_bound_cidrs];
  if (role.token_num_uses > 0) data.token_num_uses = role.token_num_uses;
  return Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
}
