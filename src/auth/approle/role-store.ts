/**
 * AppRole roles in the mount's storage (Vault's roleStorageEntry, setRoleEntry, roleEntry and the
 * role_id index). Role names are case-insensitive: every role is stored and reported under its
 * lower-cased name (Vault's LowerCaseRoleName, set on every role created since 0.10).
 */
import { randomUUID } from 'node:crypto';
import { getJson, putJson } from '../../logical/storage-view.js';
import type { StorageView } from '../../logical/types.js';
import type { TokenFields } from '../token-fields.js';
import { plainError } from './errors.js';
import type { AppRoleState } from './state.js';

export interface RoleEntry {
  /** Lower-cased. */
  name: string;
  role_id: string;
  /** Random, fixed at creation: names the folder of the role's secret IDs (a re-created role never sees old ones). */
  storage_id: string;
  bind_secret_id: boolean;
  /** null when never set (Vault reads it back as null), [] when set empty. */
  secret_id_bound_cidrs: string[] | null;
  secret_id_num_uses: number;
  /** Seconds. */
  secret_id_ttl: number;
  /** Accepted and read back; this server has no replication, so local and shared secret IDs are alike. */
  local_secret_ids: boolean;
  /** The deprecated `policies` as last written under that name (Vault echoes it on read). */
  policies: string[];
  /** The deprecated `period` (seconds) as last written under that name. */
  period: number;
  token: TokenFields;
}

const ROLE_PREFIX = 'role/';
const ROLE_ID_PREFIX = 'role_id/';

/** A new role's defaults, before the request's fields apply. */
export function newRole(name: string, token: TokenFields): RoleEntry {
  return {
    name: name.toLowerCase(),
    role_id: '',
    storage_id: randomUUID(),
    bind_secret_id: true,
    secret_id_bound_cidrs: null,
    secret_id_num_uses: 0,
    secret_id_ttl: 0,
    local_secret_ids: false,
    policies: [],
    period: 0,
    token,
  };
}

/** validateRoleConstraints: undefined when the role binds something, else Vault's text. */
export function constraintProblem(role: RoleEntry): string | undefined {
  if (role.bind_secret_id) return undefined;
  if ((role.secret_id_bound_cidrs ?? []).length > 0) return undefined;
  if (role.token.token_bound_cidrs.length > 0) return undefined;
  return 'at least one constraint should be enabled on the role';
}

export class RoleStore {
  readonly #state: AppRoleState;

  constructor(state: AppRoleState) {
    this.#state = state;
  }

  get(storage: StorageView, name: string): Promise<RoleEntry | null> {
    return getJson<RoleEntry>(storage, ROLE_PREFIX + name.toLowerCase());
  }

  async list(storage: StorageView): Promise<string[]> {
    return (await storage.list(ROLE_PREFIX)).filter((k) => !k.endsWith('/'));
  }

  async #roleIdKey(storage: StorageView, roleId: string): Promise<string> {
    return ROLE_ID_PREFIX + (await this.#state.hmac(storage, roleId));
  }

  /** The name of the role a role_id belongs to (roleIDEntry). */
  async nameByRoleId(storage: StorageView, roleId: string): Promise<string | null> {
    const entry = await getJson<{ name: string }>(storage, await this.#roleIdKey(storage, roleId));
    return entry?.name ?? null;
  }

  /**
   * setRoleEntry: the constraints, the role_id's uniqueness, then the role and its index (the old
   * index goes when the role_id changed). Call inside `state.roles`. Vault returns these as plain errors (500).
   */
  async save(storage: StorageView, role: RoleEntry, previousRoleId: string): Promise<void> {
    const problem = constraintProblem(role);
    if (problem) throw plainError(problem);
    const indexKey = await this.#roleIdKey(storage, role.role_id);
    const owner = await getJson<{ name: string }>(storage, indexKey);
    if (owner && owner.name !== role.name) throw plainError('role_id already in use');
    if (previousRoleId !== '' && previousRoleId !== role.role_id) {
      await storage.delete(await this.#roleIdKey(storage, previousRoleId));
    }
    await putJson(storage, ROLE_PREFIX + role.name, role);
    if (!owner) await putJson(storage, indexKey, { name: role.name });
  }

  /** The role and its role_id index (its secret IDs are the caller's to flush first, as Vault does). */
  async remove(storage: StorageView, role: RoleEntry): Promise<void> {
    await storage.delete(await this.#roleIdKey(storage, role.role_id));
    await storage.delete(ROLE_PREFIX + role.name);
  }

  /** Re-create a missing role_id index (Vault's read-path repair); true when one was missing. */
  async repairIndex(storage: StorageView, role: RoleEntry): Promise<boolean> {
    const key = await this.#roleIdKey(storage, role.role_id);
    if (await storage.get(key)) return false;
    await putJson(storage, key, { name: role.name });
    return true;
  }
}
