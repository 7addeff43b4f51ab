/**
 * auth/token/create, create-orphan and create/<role> (Vault's handleCreateCommon): who may ask for
 * what, the policy rules (a role's lists, else the parent-subset rule), the TTL rules, and the
 * auth block of the answer.
 */
import { parseDurationSeconds } from '../duration.js';
import { CoreError } from '../errors.js';
import { badRequest } from '../logical/errors.js';
import { bool, int, str, strList, strMap } from '../logical/fields.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import { authBlock, sanitizePolicies, type TokenEntry } from './token-entry.js';
import { chooseRolePolicies, globMatch, roleHasPolicyLists } from './token-roles-policies.js';
import type { TokenRole } from './token-roles.js';
import type { TokenStore } from './token-store.js';
import { calculateTtl, signedDuration } from './token-ttl.js';

/** Vault's nonAssignablePolicies. */
const NON_ASSIGNABLE = ['response-wrapping', 'control-group'];

/** Finds (or creates) the entity of an entity alias on the token mount: its id, or null. */
export type EntityAliasResolver = (alias: string, req: LogicalRequest) => Promise<string | null>;

export interface CreateOptions {
  store: TokenStore;
  /** Whether the caller has root or sudo on this path (Vault's SudoPrivilege). */
  isSudo: boolean;
  /** auth/token/create-orphan: an orphan without needing sudo. */
  orphanEndpoint: boolean;
  /** auth/token/create/<role>: the role, already loaded. */
  role?: TokenRole | undefined;
  /** When given, unknown policies earn Vault's `Policy "x" does not exist` warning. */
  policyExists?: ((name: string) => Promise<boolean>) | undefined;
  /** entity_alias with a role; without it, Vault's error for an entity that cannot be had. */
  resolveEntityAlias?: EntityAliasResolver | undefined;
}

/** A duration field with Vault's texts: the parser's error as is, `<name> must be positive`. */
function durationField(data: Record<string, unknown>, name: string): number {
  const raw = data[name];
  if (raw === undefined || raw === null || raw === '') return 0;
  let seconds: number;
  try {
    seconds = signedDuration(raw, parseDurationSeconds);
  } catch (err) {
    throw badRequest(err instanceof Error ? err.message : String(err));
  }
  if (seconds < 0) throw badRequest(`${name} must be positive`);
  return seconds;
}

/** Vault: "token" or "token-<display_name>" with characters other than [a-zA-Z0-9-] turned into "-". */
export function tokenDisplayName(requested: string): string {
  if (requested === '') return 'token';
  const full = `token-${requested}`.replace(/[^a-zA-Z0-9-]/g, '-');
  return full.endsWith('-') ? full.slice(0, -1) : full;
}

function decode<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw badRequest(`Error decoding request: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The policies of the new token (Vault's switch on role / inherit / subset / sudo). */
function choosePolicies(requested: string[], noDefault: boolean, parent: TokenEntry, isSudo: boolean, role?: TokenRole): string[] {
  let policies: string[];
  let addDefault = false;
  if (role && roleHasPolicyLists(role)) {
    policies = chooseRolePolicies(role, requested, noDefault, parent);
  } else if (requested.length === 0) {
    // Inherit the parent's set; "default" only if the parent has it.
    policies = sanitizePolicies(parent.policies, false);
  } else if (!isSudo) {
    const wanted = sanitizePolicies(requested, false);
    const allowed = sanitizePolicies(parent.policies, false);
    if (!wanted.every((p) => allowed.includes(p))) throw badRequest('child policies must be subset of parent');
    policies = wanted;
    addDefault = !noDefault && parent.policies.includes('default');
  } else {
    policies = requested;
    addDefault = !noDefault;
  }
  let result = sanitizePolicies(policies, addDefault);
  if (noDefault) result = result.filter((p) => p !== 'default');
  return result;
}

/** The token type: a role's fixed `service` wins over the request's. */
function tokenType(requested: string, role?: TokenRole): void {
  const type = role?.token_type === 'service' ? 'service' : requested;
  if (type === 'batch') throw badRequest('batch tokens are not supported');
  if (type !== '' && type !== 'service') throw badRequest("invalid 'token_type' value");
}

/** entity_alias: only with a role that lists it (globs allowed); the entity's id. */
async function explicitEntity(req: LogicalRequest, opts: CreateOptions): Promise<string> {
  const alias = str(req.data, 'entity_alias');
  if (alias === '') return '';
  const role = opts.role;
  if (!role) throw badRequest("'entity_alias' is only allowed in combination with token role");
  const lower = alias.toLowerCase();
  const allowed = role.allowed_entity_aliases ?? [];
  if (!allowed.includes(lower) && !allowed.some((p) => globMatch(p, lower))) throw badRequest("invalid 'entity_alias' value");
  const id = opts.resolveEntityAlias ? await opts.resolveEntityAlias(alias, req) : null;
  if (!id) throw new CoreError('CORE_INTERNAL', 'failed to create or fetch entity from given entity alias');
  return id;
}

/** A role's period or explicit max TTL beside the request's: the lesser, with Vault's warning. */
function lesser(requested: number, fromRole: number, what: string, warnings: string[]): number {
  if (fromRole === 0) return requested;
  if (requested === 0) return fromRole;
  const value = Math.min(requested, fromRole);
  warnings.push(`${what} specified both during creation call and in role; using the lesser value of ${value} seconds`);
  return value;
}

export async function handleCreate(req: LogicalRequest, opts: CreateOptions): Promise<LogicalResponse> {
  const { store, isSudo, role } = opts;
  const data = req.data;
  const parent = req.auth ? await store.lookupHash(req.auth.tokenHash) : null;
  if (!parent) throw badRequest('parent token lookup failed: no parent found');
  if (parent.num_uses > 0) throw badRequest('restricted use token cannot generate child tokens');

  const requested = decode(() => strList(data, 'policies'));
  const noDefault = decode(() => bool(data, 'no_default_policy'));
  let numUses = decode(() => int(data, 'num_uses'));
  let renewable = data.renewable === undefined || data.renewable === null ? true : bool(data, 'renewable');
  tokenType(str(data, 'type'), role);
  if (numUses < 0) throw badRequest('number of uses cannot be negative');
  const entityId = await explicitEntity(req, opts);

  let path = `auth/token/${req.path}`;
  if (role) {
    if (!role.renewable) renewable = false;
    // 0 is unlimited: the role's count applies unless the request asks for fewer.
    if (role.token_num_uses > 0 && (numUses === 0 || role.token_num_uses < numUses)) numUses = role.token_num_uses;
    if (role.path_suffix !== '') path = `${path}/${role.path_suffix}`;
  }

  const displayName = tokenDisplayName(str(data, 'display_name'));
  const id = str(data, 'id');
  if (id !== '' && !isSudo) throw badRequest('root or sudo privileges required to specify token id');

  const policies = choosePolicies(requested, noDefault, parent, isSudo, role);
  for (const p of policies) {
    if (NON_ASSIGNABLE.includes(p)) throw badRequest(`cannot assign policy "${p}"`);
  }
  if (policies.includes('root') && !parent.policies.includes('root')) {
    throw badRequest('root tokens may not be created without parent token being root');
  }

  let parentHash = parent.hash;
  let boundCidrs: readonly string[] = [];
  if (role) {
    if (role.orphan) parentHash = '';
    boundCidrs = role.token_bound_cidrs;
  } else if (bool(data, 'no_parent')) {
    if (!isSudo) throw badRequest('root or sudo privileges required to create orphan token');
    parentHash = '';
  } else if (opts.orphanEndpoint) parentHash = '';
  // A child without a role keeps its parent's CIDR binding; a role's binding replaces it.
  if (!role && parentHash !== '') boundCidrs = parent.bound_cidrs ?? [];

  const explicitMaxTtl = durationField(data, 'explicit_max_ttl');
  const period = durationField(data, 'period');
  if (period > 0 && !isSudo) throw badRequest('root or sudo privileges required to create periodic token');
  const hasTtl = data.ttl !== undefined && data.ttl !== null && data.ttl !== '';
  let ttl = hasTtl ? durationField(data, 'ttl') : durationField(data, 'lease');

  const warnings: string[] = [];
  let explicitToUse = explicitMaxTtl;
  let periodToUse = period;
  if (role) {
    explicitToUse = lesser(explicitMaxTtl, role.token_explicit_max_ttl, 'Explicit max TTL', warnings);
    periodToUse = lesser(period, role.token_period, 'Period', warnings);
  }
  if (periodToUse > 0 || ttl > 0 || !policies.includes('root')) {
    const now = store.now();
    const calc = calculateTtl(store.defaults, {
      increment: 0,
      backendTtl: ttl,
      period: periodToUse,
      explicitMaxTtl: explicitToUse,
      startMs: now,
      nowMs: now,
    });
    warnings.push(...calc.warnings);
    ttl = calc.ttl;
  }
  // Root tokens are still bound by an explicit max TTL.
  if (ttl === 0 && explicitToUse > 0) ttl = explicitToUse;
  if (ttl === 0) {
    if (parent.ttl !== 0) throw badRequest('expiring root tokens cannot create non-expiring root tokens');
    renewable = false;
    boundCidrs = [];
  }

  const meta = decode(() => strMap(data, 'meta') ?? null);
  const { token, entry } = await store.create({
    ...(id !== '' ? { id } : {}),
    parent: parentHash,
    policies,
    path,
    displayName,
    meta,
    numUses,
    ttl,
    explicitMaxTtl,
    period,
    renewable,
    entityId: entityId !== '' ? entityId : parentHash !== '' ? parent.entity_id : '',
    ...(role ? { role: role.name } : {}),
    boundCidrs,
  });

  if (opts.policyExists) {
    for (const p of entry.policies) {
      if (p !== 'root' && !(await opts.policyExists(p))) warnings.push(`Policy "${p}" does not exist`);
    }
  }
  return {
    data: null,
    auth: authBlock(entry, token, ttl, renewable),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
