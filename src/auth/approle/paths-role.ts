/**
 * `role/` (LIST), `role/<role_name>` (create, update, read, delete), `role/<role_name>/role-id`
 * (read, update) and `role/<role_name>/local-secret-ids` (read): Vault's path_role.go, its texts and
 * statuses (its plain errors, such as a role without constraints or a role_id in use, are 500s).
 */
import { randomUUID } from 'node:crypto';
import { bool, duration, int, str, strList } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { EMPTY_TOKEN_FIELDS, parseTokenFields, tokenFieldsData } from '../token-fields.js';
import { errorResponse, NO_CONTENT, noSuchPath, notFound, plainError } from './errors.js';
import { goDuration } from '../token-ttl.js';
import { cidrListProblem } from './go-compat.js';
import { constraintProblem, newRole, type RoleEntry, type RoleStore } from './role-store.js';
import type { SecretIdStore } from './secret-ids.js';
import { MAX_HMAC_INPUT_LENGTH, type AppRoleState } from './state.js';

/** framework.GenericNameRegex("role_name"). */
export const ROLE_NAME = '(?<role_name>\\w(?:[\\w.-]*\\w)?)';

export const given = (data: Record<string, unknown>, name: string): boolean => data[name] !== undefined && data[name] !== null;

/** A map with its keys in Go's (sorted) order, as Vault's JSON shows a response's data. */
export function sortedData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface RoleDeps {
  state: AppRoleState;
  roles: RoleStore;
  secretIds: SecretIdStore;
}

const MAX_TTL_WARNING = "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated";
const NO_CONSTRAINT_WARNING = 'Role does not have any constraints set on it. Updates to this role will require a constraint to be set';
const INDEX_REPAIRED_WARNING = 'Role identifier was missing an index back to role name. A new index has been added. Please report this observation.';

/** The token_* fields of a write, with the approle-only deprecated names (`policies`, `period`). */
function tokenInput(data: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
  // AppRole's role path has no `ttl`, `max_ttl` or `bound_cidrs` field: Vault ignores them there.
  const { ttl: _ttl, max_ttl: _maxTtl, bound_cidrs: _boundCidrs, ...input } = data;
  if (input.token_type === 'default-service') {
    input.token_type = 'service';
    warnings.push('default-service has no useful meaning; adjusting to service');
  } else if (input.token_type === 'default-batch') {
    input.token_type = 'batch';
    warnings.push('default-batch has no useful meaning; adjusting to batch');
  }
  return input;
}

/** pathRoleCreateUpdate. */
async function writeRole(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse> {
  if (Buffer.byteLength(roleName) > MAX_HMAC_INPUT_LENGTH) {
    throw errorResponse(`role_name is longer than maximum of ${MAX_HMAC_INPUT_LENGTH} bytes`);
  }
  const { state, roles } = deps;
  return state.roles.run('roles', async () => {
    const data = req.data;
    const creating = req.operation === 'create';
    const stored = await roles.get(req.storage, roleName);
    if (!stored && !creating) throw notFound(`role name ${JSON.stringify(roleName)} doesn't exist`);
    const isNew = !stored;
    const warnings: string[] = [];
    const input = tokenInput(data, warnings);
    const token = parseTokenFields(input, stored?.token ?? EMPTY_TOKEN_FIELDS);
    const role: RoleEntry = stored ? { ...stored, token } : newRole(roleName, token);

    if (given(data, 'local_secret_ids')) {
      if (!creating) throw errorResponse('local_secret_ids can only be modified during role creation');
      role.local_secret_ids = bool(data, 'local_secret_ids');
    }

    const previousRoleId = stored?.role_id ?? '';
    if (given(data, 'role_id')) role.role_id = str(data, 'role_id');
    else if (isNew) role.role_id = randomUUID();
    if (role.role_id === '') throw errorResponse('invalid role_id supplied, or failed to generate a role_id');

    if (given(data, 'bind_secret_id')) role.bind_secret_id = bool(data, 'bind_secret_id');

    const cidrField = given(data, 'secret_id_bound_cidrs') ? 'secret_id_bound_cidrs' : given(data, 'bound_cidr_list') ? 'bound_cidr_list' : undefined;
    if (cidrField) role.secret_id_bound_cidrs = strList(data, cidrField);
    const cidrs = role.secret_id_bound_cidrs ?? [];
    if (cidrs.length > 0) {
      const problem = cidrListProblem(cidrs);
      if (problem) throw plainError(`failed to validate CIDR blocks: ${problem}`);
    }

    if (given(data, 'secret_id_num_uses')) role.secret_id_num_uses = int(data, 'secret_id_num_uses');
    if (role.secret_id_num_uses < 0) throw errorResponse('secret_id_num_uses cannot be negative');

    if (given(data, 'secret_id_ttl')) role.secret_id_ttl = duration(data, 'secret_id_ttl');

    // tokenutil.UpgradeValue: the deprecated name is remembered only when the new one is not given.
    if (given(data, 'token_policies')) role.policies = [];
    else if (given(data, 'policies')) role.policies = [...token.token_policies];
    if (given(data, 'token_period')) role.period = 0;
    else if (given(data, 'period')) role.period = token.token_period;

    const max = state.maxLeaseTtl();
    if (role.period > max) {
      throw errorResponse(`period of ${JSON.stringify(goDuration(role.period))} is greater than the backend's maximum lease TTL of ${JSON.stringify(goDuration(max))}`);
    }
    if (role.token.token_max_ttl > max) warnings.push(MAX_TTL_WARNING);

    await roles.save(req.storage, role, previousRoleId);
    return warnings.length > 0 ? { warnings } : NO_CONTENT;
  });
}

/** The role read's data (pathRoleRead). */
export function roleData(role: RoleEntry): Record<string, unknown> {
  const data: Record<string, unknown> = {
    bind_secret_id: role.bind_secret_id,
    local_secret_ids: role.local_secret_ids,
    secret_id_bound_cidrs: role.secret_id_bound_cidrs === null ? null : [...role.secret_id_bound_cidrs],
    secret_id_num_uses: role.secret_id_num_uses,
    secret_id_ttl: role.secret_id_ttl,
    ...tokenFieldsData(role.token),
  };
  if (role.period !== 0) data.period = role.period;
  if (role.policies.length > 0) data.policies = [...role.policies];
  return sortedData(data);
}

async function readRole(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse | null> {
  const role = await deps.roles.get(req.storage, roleName);
  if (!role) return null;
  const warnings: string[] = [];
  if (constraintProblem(role)) warnings.push(NO_CONSTRAINT_WARNING);
  const repaired = await deps.state.roles.run('roles', async () => {
    const current = await deps.roles.get(req.storage, roleName);
    return current ? deps.roles.repairIndex(req.storage, current) : false;
  });
  if (repaired) warnings.push(INDEX_REPAIRED_WARNING);
  return { data: roleData(role), ...(warnings.length > 0 ? { warnings } : {}) };
}

/** pathRoleDelete: the role's secret IDs, its role_id index, then the role; 204 whether or not it existed. */
async function deleteRole(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse> {
  return deps.state.roles.run('roles', async () => {
    const role = await deps.roles.get(req.storage, roleName);
    if (!role) return NO_CONTENT;
    try {
      await deps.secretIds.flush(req.storage, role.storage_id);
    } catch (err) {
      throw plainError(`failed to invalidate the secrets belonging to role ${JSON.stringify(role.name)}: ${(err as Error).message}`);
    }
    await deps.roles.remove(req.storage, role);
    return NO_CONTENT;
  });
}

export function rolePaths(deps: RoleDeps): PathSpec[] {
  const name = (p: Record<string, string>): string => p.role_name ?? '';
  return [
    {
      pattern: /^role\/?$/, synopsis: 'List the roles.',
      operations: {
        list: async (req) => {
          const keys = await deps.roles.list(req.storage);
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}$`), synopsis: 'Create, read, update or delete a role.',
      existenceCheck: async (req, p) => (await deps.roles.get(req.storage, name(p))) !== null,
      operations: {
        create: (req, p) => writeRole(deps, req, name(p)),
        update: (req, p) => writeRole(deps, req, name(p)),
        read: (req, p) => readRole(deps, req, name(p)),
        delete: (req, p) => deleteRole(deps, req, name(p)),
      },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/role-id$`), synopsis: "Read or set a role's role ID.",
      operations: {
        read: async (req, p) => {
          const role = await deps.roles.get(req.storage, name(p));
          return role ? { data: { role_id: role.role_id } } : null;
        },
        update: (req, p) =>
          deps.state.roles.run('roles', async () => {
            const role = await deps.roles.get(req.storage, name(p));
            if (!role) throw noSuchPath();
            const previous = role.role_id;
            role.role_id = str(req.data, 'role_id');
            if (role.role_id === '') throw errorResponse('missing role_id');
            await deps.roles.save(req.storage, role, previous);
            return NO_CONTENT;
          }),
      },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/local-secret-ids$`),
      operations: {
        read: async (req, p) => {
          const role = await deps.roles.get(req.storage, name(p));
          return role ? { data: { local_secret_ids: role.local_secret_ids } } : null;
        },
      },
    },
  ];
}
