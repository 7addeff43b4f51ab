/**
 * The per-field role paths Vault keeps beside `role/<role_name>` (path_role.go): `policies`,
 * `bound-cidr-list`, `secret-id-bound-cidrs`, `token-bound-cidrs`, `bind-secret-id`,
 * `secret-id-num-uses`, `secret-id-ttl`, `period`, `token-num-uses`, `token-ttl`, `token-max-ttl`.
 * Read a field, update it (404 `unsupported path` for a missing role), delete it (back to its default).
 */
import { bool, duration, int, strList } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { parseCidrList } from '../cidr.js';
import { errorResponse, NO_CONTENT, noSuchPath } from './errors.js';
import { goDuration } from '../token-ttl.js';
import { cidrListProblem } from './go-compat.js';
import { given, ROLE_NAME, type RoleDeps } from './paths-role.js';
import type { RoleEntry } from './role-store.js';

/** policyutil.ParsePolicies: trimmed, lower-cased, deduplicated, sorted; `root` alone wins. */
function parsePolicies(list: string[]): string[] {
  const out = [...new Set(list.map((p) => p.trim().toLowerCase()).filter((p) => p !== ''))].sort();
  return out.includes('root') ? ['root'] : out;
}

interface FieldPath {
  suffix: string;
  read: (role: RoleEntry) => LogicalResponse;
  /** Changes the role, or throws Vault's error; the role is then saved. */
  update: (role: RoleEntry, data: Record<string, unknown>, maxLeaseTtl: number) => void;
  remove: (role: RoleEntry) => void;
}

const tokenPolicies = (role: RoleEntry): string[] => role.token.token_policies;

const FIELDS: FieldPath[] = [
  {
    suffix: 'policies',
    read: (role) => ({
      data: { ...(role.policies.length > 0 ? { policies: [...role.policies] } : {}), token_policies: [...tokenPolicies(role)] },
    }),
    update: (role, data) => {
      if (given(data, 'token_policies')) {
        role.token = { ...role.token, token_policies: parsePolicies(strList(data, 'token_policies')) };
        role.policies = given(data, 'policies') ? [...role.token.token_policies] : [];
      } else if (given(data, 'policies')) {
        role.policies = parsePolicies(strList(data, 'policies'));
        role.token = { ...role.token, token_policies: [...role.policies] };
      } else {
        throw errorResponse('missing token_policies');
      }
    },
    remove: (role) => {
      role.token = { ...role.token, token_policies: [] };
      role.policies = [];
    },
  },
  {
    // Deprecated: Vault reads back the old field, which is always empty once a role is upgraded,
    // and deleting it clears nothing that binds.
    suffix: 'bound-cidr-list',
    read: () => ({
      data: { bound_cidr_list: null },
      warnings: ['The "bound_cidr_list" field is deprecated and will be removed. Please use "secret_id_bound_cidrs" instead.'],
    }),
    update: (role, data) => secretIdCidrs(role, data, 'bound_cidr_list'),
    remove: () => undefined,
  },
  {
    suffix: 'secret-id-bound-cidrs',
    read: (role) => ({ data: { secret_id_bound_cidrs: role.secret_id_bound_cidrs === null ? null : [...role.secret_id_bound_cidrs] } }),
    update: (role, data) => secretIdCidrs(role, data, 'secret_id_bound_cidrs'),
    remove: (role) => {
      role.secret_id_bound_cidrs = null;
    },
  },
  {
    suffix: 'token-bound-cidrs',
    read: (role) => ({ data: { token_bound_cidrs: role.token.token_bound_cidrs.length > 0 ? [...role.token.token_bound_cidrs] : null } }),
    update: (role, data) => {
      if (!given(data, 'token_bound_cidrs')) return;
      role.token = { ...role.token, token_bound_cidrs: parseCidrList(strList(data, 'token_bound_cidrs'), 'token_bound_cidrs') };
    },
    remove: (role) => {
      role.token = { ...role.token, token_bound_cidrs: [] };
    },
  },
  {
    suffix: 'bind-secret-id',
    read: (role) => ({ data: { bind_secret_id: role.bind_secret_id } }),
    update: (role, data) => {
      if (!given(data, 'bind_secret_id')) throw errorResponse('missing bind_secret_id');
      role.bind_secret_id = bool(data, 'bind_secret_id');
    },
    remove: (role) => {
      role.bind_secret_id = true;
    },
  },
  {
    suffix: 'secret-id-num-uses',
    read: (role) => ({ data: { secret_id_num_uses: role.secret_id_num_uses } }),
    update: (role, data) => {
      if (!given(data, 'secret_id_num_uses')) throw errorResponse('missing secret_id_num_uses');
      role.secret_id_num_uses = int(data, 'secret_id_num_uses');
      if (role.secret_id_num_uses < 0) throw errorResponse('secret_id_num_uses cannot be negative');
    },
    remove: (role) => {
      role.secret_id_num_uses = 0;
    },
  },
  {
    suffix: 'secret-id-ttl',
    read: (role) => ({ data: { secret_id_ttl: role.secret_id_ttl } }),
    update: (role, data) => {
      if (!given(data, 'secret_id_ttl')) throw errorResponse('missing secret_id_ttl');
      role.secret_id_ttl = duration(data, 'secret_id_ttl');
    },
    remove: (role) => {
      role.secret_id_ttl = 0;
    },
  },
  {
    suffix: 'period',
    read: (role) => ({ data: { ...(role.period > 0 ? { period: role.period } : {}), token_period: role.token.token_period } }),
    update: (role, data, max) => {
      if (given(data, 'token_period')) {
        role.token = { ...role.token, token_period: duration(data, 'token_period') };
        role.period = given(data, 'period') ? role.token.token_period : 0;
      } else if (given(data, 'period')) {
        role.period = duration(data, 'period');
        role.token = { ...role.token, token_period: role.period };
      } else {
        throw errorResponse('missing period');
      }
      if (role.token.token_period > max) {
        // Vault names the deprecated field's value here, whichever name was written.
        throw errorResponse(`period of ${JSON.stringify(goDuration(role.period))} is greater than the backend's maximum lease TTL of ${JSON.stringify(goDuration(max))}`);
      }
    },
    remove: (role) => {
      role.token = { ...role.token, token_period: 0 };
      role.period = 0;
    },
  },
  {
    suffix: 'token-num-uses',
    read: (role) => ({ data: { token_num_uses: role.token.token_num_uses } }),
    update: (role, data) => {
      if (!given(data, 'token_num_uses')) throw errorResponse('missing token_num_uses');
      role.token = { ...role.token, token_num_uses: int(data, 'token_num_uses') };
    },
    remove: (role) => {
      role.token = { ...role.token, token_num_uses: 0 };
    },
  },
  {
    suffix: 'token-ttl',
    read: (role) => ({ data: { token_ttl: role.token.token_ttl } }),
    update: (role, data) => {
      if (!given(data, 'token_ttl')) throw errorResponse('missing token_ttl');
      role.token = { ...role.token, token_ttl: duration(data, 'token_ttl') };
      if (role.token.token_max_ttl > 0 && role.token.token_ttl > role.token.token_max_ttl) {
        throw errorResponse('token_ttl should not be greater than token_max_ttl');
      }
    },
    remove: (role) => {
      role.token = { ...role.token, token_ttl: 0 };
    },
  },
  {
    suffix: 'token-max-ttl',
    read: (role) => ({ data: { token_max_ttl: role.token.token_max_ttl } }),
    update: (role, data) => {
      if (!given(data, 'token_max_ttl')) throw errorResponse('missing token_max_ttl');
      role.token = { ...role.token, token_max_ttl: duration(data, 'token_max_ttl') };
      if (role.token.token_max_ttl > 0 && role.token.token_ttl > role.token.token_max_ttl) {
        throw errorResponse('token_max_ttl should be greater than or equal to token_ttl');
      }
    },
    remove: (role) => {
      role.token = { ...role.token, token_max_ttl: 0 };
    },
  },
];

/** pathRoleBoundCIDRUpdateCommon for the secret ID bindings (a 400 here, where a role write answers 500). */
function secretIdCidrs(role: RoleEntry, data: Record<string, unknown>, field: string): void {
  if (!given(data, field)) return;
  const cidrs = strList(data, field);
  if (cidrs.length === 0) throw errorResponse('missing bound_cidr_list');
  const problem = cidrListProblem(cidrs);
  if (problem) throw errorResponse(`failed to validate CIDR blocks: ${problem}`);
  role.secret_id_bound_cidrs = cidrs;
}

export function roleFieldPaths(deps: RoleDeps): PathSpec[] {
  const change = (req: LogicalRequest, roleName: string, fn: (role: RoleEntry) => void, missing: () => LogicalResponse) =>
    deps.state.roles.run('roles', async () => {
      const role = await deps.roles.get(req.storage, roleName);
      if (!role) return missing();
      fn(role);
      await deps.roles.save(req.storage, role, '');
      return NO_CONTENT;
    });
  return FIELDS.map((f) => ({
    pattern: new RegExp(`^role/${ROLE_NAME}/${f.suffix}$`),
    operations: {
      read: async (req, p) => {
        const role = await deps.roles.get(req.storage, p.role_name ?? '');
        return role ? f.read(role) : null;
      },
      update: (req, p) =>
        change(req, p.role_name ?? '', (role) => f.update(role, req.data, deps.state.maxLeaseTtl()), () => {
          throw noSuchPath();
        }),
      delete: (req, p) => change(req, p.role_name ?? '', f.remove, () => NO_CONTENT),
    },
  }));
}
