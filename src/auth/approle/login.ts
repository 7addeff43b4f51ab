/**
 * `login` (unauthenticated): Vault's pathLoginUpdate. The role comes from the role_id index; with
 * bind_secret_id the secret ID is checked under its lock (so a limited one is never used more often
 * than allowed), then the CIDR bindings of the secret ID and of the role against the client address.
 *
 * One difference from Vault: Vault leaves an expired secret ID usable until its tidy (every minute)
 * removes it; here an expired secret ID is removed when used, and the login fails as for an
 * unknown one (`invalid role or secret ID`).
 */
import { str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { loginAuth } from '../token-fields.js';
import { errorResponse, plainError } from './errors.js';
import { plainAddress } from '../cidr.js';
import { cidrSubsetProblem, goWrap, ipInCidrs } from './go-compat.js';
import type { RoleDeps } from './paths-role.js';
import type { RoleEntry } from './role-store.js';
import { isExpired, sameHmac, type SecretIdEntry } from './secret-ids.js';

const INVALID = 'invalid role or secret ID';

/** The client address as Vault's req.Connection.RemoteAddr shows it, or its 500 when there is none. */
function clientAddress(req: LogicalRequest): string {
  const addr = req.remoteAddr ?? '';
  if (addr === '') throw plainError('failed to get connection information');
  return plainAddress(addr);
}

/** The secret ID's part of a login, under its lock: returns the entry as it was when used. */
async function useSecretId(deps: RoleDeps, req: LogicalRequest, role: RoleEntry, secretId: string): Promise<SecretIdEntry> {
  const { secretIds, state } = deps;
  const hmac = await secretIds.hmacOf(req.storage, secretId);
  return secretIds.locked(hmac, async () => {
    const entry = await secretIds.read(req.storage, role, hmac);
    if (!entry || !sameHmac(entry, hmac)) throw errorResponse(INVALID);
    // A secret ID whose accessor index is gone is revoked on sight.
    if (!(await secretIds.hasAccessor(req.storage, entry))) {
      await secretIds.removeEntry(req.storage, role.storage_id, hmac);
      throw errorResponse(INVALID);
    }
    const now = state.clock();
    if (isExpired(entry, now)) {
      await secretIds.remove(req.storage, role.storage_id, entry);
      throw errorResponse(INVALID);
    }

    if (entry.secret_id_num_uses === 0) {
      const subset = cidrSubsetProblem(entry.cidr_list, role.secret_id_bound_cidrs ?? []);
      if (subset) throw plainError(subset);
      if (entry.cidr_list.length > 0) {
        const addr = clientAddress(req);
        const belongs = ipInCidrs(addr, entry.cidr_list);
        if (belongs.error !== undefined) throw errorResponse(belongs.error);
        if (!belongs.ok) throw errorResponse(`source address ${JSON.stringify(addr)} unauthorized through CIDR restrictions on the secret ID`);
      }
      return entry;
    }

    // A limited secret ID: the use is counted first (Vault counts it even when a CIDR check then fails).
    if (entry.secret_id_num_uses === 1) {
      await secretIds.remove(req.storage, role.storage_id, entry);
    } else {
      await secretIds.write(req.storage, role, { ...entry, secret_id_num_uses: entry.secret_id_num_uses - 1, last_updated_time: now });
    }
    const subset = cidrSubsetProblem(entry.cidr_list, role.secret_id_bound_cidrs ?? []);
    if (subset) throw plainError(subset);
    if (entry.cidr_list.length > 0) {
      const addr = clientAddress(req);
      const belongs = ipInCidrs(addr, entry.cidr_list);
      if (belongs.error !== undefined || !belongs.ok) {
        throw errorResponse(`source address ${JSON.stringify(addr)} unauthorized by CIDR restrictions on the secret ID: ${goWrap(belongs.error)}`);
      }
    }
    return entry;
  });
}

async function login(deps: RoleDeps, req: LogicalRequest): Promise<LogicalResponse> {
  const roleId = str(req.data, 'role_id').trim();
  if (roleId === '') throw errorResponse('missing role_id');
  const roleName = await deps.roles.nameByRoleId(req.storage, roleId);
  if (roleName === null) throw errorResponse(INVALID);
  const role = await deps.roles.get(req.storage, roleName);
  if (!role) throw errorResponse(INVALID);

  let entry: SecretIdEntry | undefined;
  if (role.bind_secret_id) {
    const secretId = str(req.data, 'secret_id').trim();
    if (secretId === '') throw errorResponse('missing secret_id');
    entry = await useSecretId(deps, req, role, secretId);
  }

  const roleCidrs = role.secret_id_bound_cidrs ?? [];
  if (roleCidrs.length > 0) {
    const addr = clientAddress(req);
    const belongs = ipInCidrs(addr, roleCidrs);
    if (belongs.error !== undefined || !belongs.ok) {
      throw errorResponse(`source address ${JSON.stringify(addr)} unauthorized by CIDR restrictions on the role: ${goWrap(belongs.error)}`);
    }
  }

  // Always include the role name, for later filtering (it wins over a secret ID metadata key of that name).
  const metadata: Record<string, string> = { ...(entry?.metadata ?? {}), role_name: role.name };
  const auth = loginAuth(role.token, { displayName: '', metadata, aliasName: role.role_id, aliasMetadata: metadata });
  if (entry && entry.token_bound_cidrs.length > 0) auth.boundCidrs = [...entry.token_bound_cidrs];
  return { login: auth };
}

export function loginPaths(deps: RoleDeps): PathSpec[] {
  return [{ pattern: /^login$/, synopsis: 'Log in with role_id and secret_id.', operations: { update: (req) => login(deps, req) } }];
}
