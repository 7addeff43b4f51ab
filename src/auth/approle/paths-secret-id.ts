/**
 * Secret ID paths of a role (Vault's path_role.go): `secret-id` (generate; LIST the accessors),
 * `custom-secret-id`, `secret-id/lookup`, `secret-id/destroy`, `secret-id-accessor/lookup` and
 * `secret-id-accessor/destroy`, with Vault's texts and statuses.
 */
import { randomUUID } from 'node:crypto';
import { duration, int, str, strList } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { errorResponse, errorWithStatus, NO_CONTENT, notFound, plainError, withStatus } from './errors.js';
import { cidrListProblem, cidrSubsetProblem, parseArbitraryKeyValues } from './go-compat.js';
import { given, ROLE_NAME, sortedData, type RoleDeps } from './paths-role.js';
import type { RoleEntry } from './role-store.js';
import { secretIdData, type SecretIdFields } from './secret-ids.js';

/** handleRoleSecretIDCommon: validate the request against the role, register, answer the new secret ID. */
async function issue(deps: RoleDeps, req: LogicalRequest, roleName: string, secretId: string): Promise<LogicalResponse> {
  if (secretId === '') throw errorResponse('missing secret_id');
  const role = await deps.roles.get(req.storage, roleName);
  if (!role) throw notFound(`role ${JSON.stringify(roleName)} does not exist`);
  if (!role.bind_secret_id) throw errorResponse('bind_secret_id is not set on the role');
  const data = req.data;

  const cidrList = strList(data, 'cidr_list');
  if (cidrList.length > 0) {
    const problem = cidrListProblem(cidrList);
    if (problem) throw plainError(`failed to validate CIDR blocks: ${problem}`);
  }
  const cidrSubset = cidrSubsetProblem(cidrList, role.secret_id_bound_cidrs ?? []);
  if (cidrSubset) throw plainError(cidrSubset);

  const tokenCidrs = strList(data, 'token_bound_cidrs');
  if (tokenCidrs.length > 0) {
    const problem = cidrListProblem(tokenCidrs);
    if (problem) throw plainError(`failed to validate token CIDR blocks: ${problem}`);
  }
  const tokenSubset = cidrSubsetProblem(tokenCidrs, role.token.token_bound_cidrs);
  if (tokenSubset) throw plainError(tokenSubset);

  let numUses = role.secret_id_num_uses;
  if (given(data, 'num_uses')) {
    numUses = int(data, 'num_uses');
    if (numUses < 0) throw errorResponse('num_uses cannot be negative');
    const roleMax = role.secret_id_num_uses;
    if ((numUses === 0 && roleMax > 0) || (roleMax > 0 && numUses > roleMax)) {
      throw errorResponse("num_uses cannot be higher than the role's secret_id_num_uses");
    }
  }

  let ttl = role.secret_id_ttl;
  if (given(data, 'ttl')) {
    ttl = duration(data, 'ttl');
    const roleTtl = role.secret_id_ttl;
    if ((ttl === 0 && roleTtl > 0) || (roleTtl > 0 && ttl > roleTtl)) {
      throw errorResponse("ttl cannot be longer than the role's secret_id_ttl");
    }
  }

  const metadata = parseArbitraryKeyValues(str(data, 'metadata'));
  if ('error' in metadata) throw errorResponse(`failed to parse metadata: ${metadata.error}`);

  const fields: SecretIdFields = {
    secret_id_num_uses: numUses,
    secret_id_ttl: ttl,
    metadata: metadata.values,
    cidr_list: cidrList,
    token_bound_cidrs: tokenCidrs,
  };
  const entry = await deps.secretIds.register(req.storage, role, secretId, fields);
  return {
    data: sortedData({
      secret_id: secretId,
      secret_id_accessor: entry.secret_id_accessor,
      secret_id_num_uses: entry.secret_id_num_uses,
      secret_id_ttl: deps.secretIds.derivedTtl(entry.secret_id_ttl),
    }),
  };
}

/** The role a secret ID path names, or Vault's plain error (500) for lookups and destroys. */
async function roleOr500(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<RoleEntry> {
  const role = await deps.roles.get(req.storage, roleName);
  if (!role) throw plainError(`role ${JSON.stringify(roleName)} does not exist`);
  return role;
}

/** pathRoleSecretIDLookupUpdate. */
async function lookup(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse> {
  const secretId = str(req.data, 'secret_id');
  if (secretId === '') throw errorResponse('missing secret_id');
  const role = await roleOr500(deps, req, roleName);
  const hmac = await deps.secretIds.hmacOf(req.storage, secretId);
  return deps.secretIds.locked(hmac, async () => {
    const entry = await deps.secretIds.read(req.storage, role, hmac);
    if (!entry) return NO_CONTENT;
    if (!(await deps.secretIds.hasAccessor(req.storage, entry))) {
      await deps.secretIds.removeEntry(req.storage, role.storage_id, hmac);
      throw errorResponse('invalid secret id');
    }
    return { data: secretIdData(entry) };
  });
}

/** pathRoleSecretIDDestroyUpdateDelete: 204 whether or not it existed. */
async function destroy(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse> {
  const secretId = str(req.data, 'secret_id');
  if (secretId === '') throw errorResponse('missing secret_id');
  const role = await roleOr500(deps, req, roleName);
  const hmac = await deps.secretIds.hmacOf(req.storage, secretId);
  return deps.secretIds.locked(hmac, async () => {
    const entry = await deps.secretIds.read(req.storage, role, hmac);
    if (entry) await deps.secretIds.remove(req.storage, role.storage_id, entry);
    return NO_CONTENT;
  });
}

/** pathRoleSecretIDAccessorLookupUpdate. */
async function lookupByAccessor(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse> {
  const accessor = str(req.data, 'secret_id_accessor');
  if (accessor === '') throw errorResponse('missing secret_id_accessor');
  const role = await roleOr500(deps, req, roleName);
  const index = await deps.secretIds.accessor(req.storage, accessor);
  if (!index) {
    // RespondWithStatusCode(ErrorResponse(...), req, 404): the error rides in `data`.
    return withStatus(req, 404, { data: { error: `failed to find accessor entry for secret_id_accessor: ${JSON.stringify(accessor)}` } });
  }
  return deps.secretIds.locked(index.secret_id_hmac, async () => {
    const entry = await deps.secretIds.read(req.storage, role, index.secret_id_hmac);
    return entry ? { data: secretIdData(entry) } : NO_CONTENT;
  });
}

/** pathRoleSecretIDAccessorDestroyUpdateDelete. */
async function destroyByAccessor(deps: RoleDeps, req: LogicalRequest, roleName: string): Promise<LogicalResponse> {
  const accessor = str(req.data, 'secret_id_accessor');
  if (accessor === '') throw errorResponse('missing secret_id_accessor');
  const role = await roleOr500(deps, req, roleName);
  const index = await deps.secretIds.accessor(req.storage, accessor);
  if (!index) throw plainError(`failed to find accessor entry for secret_id_accessor: ${JSON.stringify(accessor)}`);
  return deps.secretIds.locked(index.secret_id_hmac, async () => {
    const entry = await deps.secretIds.read(req.storage, role, index.secret_id_hmac);
    // ErrorResponse with ErrPermissionDenied: 403 with the response's text.
    if (!entry) return errorWithStatus(403, 'invalid secret id accessor');
    await deps.secretIds.remove(req.storage, role.storage_id, entry);
    return NO_CONTENT;
  });
}

export function secretIdPaths(deps: RoleDeps): PathSpec[] {
  const name = (p: Record<string, string>): string => p.role_name ?? '';
  return [
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/secret-id/?$`), synopsis: 'Issue a new secret ID for a role, or list the accessors of its secret IDs.',
      operations: {
        update: (req, p) => issue(deps, req, name(p), randomUUID()),
        list: async (req, p) => {
          const role = await deps.roles.get(req.storage, name(p));
          if (!role) throw errorResponse(`role ${JSON.stringify(name(p))} does not exist`);
          const keys = await deps.secretIds.accessors(req.storage, role);
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/custom-secret-id$`),
      operations: { update: (req, p) => issue(deps, req, name(p), str(req.data, 'secret_id')) },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/secret-id/lookup/?$`),
      operations: { update: (req, p) => lookup(deps, req, name(p)) },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/secret-id/destroy/?$`),
      operations: {
        update: (req, p) => destroy(deps, req, name(p)),
        delete: (req, p) => destroy(deps, req, name(p)),
      },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/secret-id-accessor/lookup/?$`),
      operations: { update: (req, p) => lookupByAccessor(deps, req, name(p)) },
    },
    {
      pattern: new RegExp(`^role/${ROLE_NAME}/secret-id-accessor/destroy/?$`),
      operations: {
        update: (req, p) => destroyByAccessor(deps, req, name(p)),
        delete: (req, p) => destroyByAccessor(deps, req, name(p)),
      },
    },
  ];
}
