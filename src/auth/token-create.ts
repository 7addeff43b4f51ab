/**
 * auth/token/create and create-orphan (Vault's handleCreateCommon without roles): who may ask for
 * what, the policy subset rule, the TTL rules, and the auth block of the answer.
 */
import { parseDurationSeconds } from '../duration.js';
import { badRequest } from '../logical/errors.js';
import { bool, int, str, strList, strMap } from '../logical/fields.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import { authBlock, sanitizePolicies, type TokenEntry } from './token-entry.js';
import type { TokenStore } from './token-store.js';
import { calculateTtl, signedDuration } from './token-ttl.js';

/** Vault's nonAssignablePolicies. */
const NON_ASSIGNABLE = ['response-wrapping', 'control-group'];

export interface CreateOptions {
  store: TokenStore;
  /** Whether the caller has root or sudo on this path (Vault's SudoPrivilege). */
  isSudo: boolean;
  /** auth/token/create-orphan: an orphan without needing sudo. */
  orphanEndpoint: boolean;
  /** When given, unknown policies earn Vault's `Policy "x" does not exist` warning. */
  policyExists?: ((name: string) => Promise<boolean>) | undefined;
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

function decide(data: Record<string, unknown>): {
  policies: string[];
  noDefault: boolean;
  numUses: number;
} {
  try {
    return {
      policies: strList(data, 'policies'),
      noDefault: bool(data, 'no_default_policy'),
      numUses: int(data, 'num_uses'),
    };
  } catch (err) {
    throw badRequest(`Error decoding request: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The policies of the new token (Vault's switch on role / inherit / subset / sudo). */
function choosePolicies(requested: string[], noDefault: boolean, parent: TokenEntry, isSudo: boolean): string[] {
  let policies: string[];
  let addDefault = false;
  if (requested.length === 0) {
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

export async function handleCreate(req: LogicalRequest, opts: CreateOptions): Promise<LogicalResponse> {
  const { store, isSudo } = opts;
  const data = req.data;
  const parent = req.auth ? await store.lookupHash(req.auth.tokenHash) : null;
  if (!parent) throw badRequest('parent token lookup failed: no parent found');
  if (parent.num_uses > 0) throw badRequest('restricted use token cannot generate child tokens');

  const { policies: requested, noDefault, numUses } = decide(data);
  const renewable = data.renewable === undefined || data.renewable === null ? true : bool(data, 'renewable');
  const type = str(data, 'type');
  if (type === 'batch') throw badRequest('batch tokens are not supported');
  if (type !== '' && type !== 'service') throw badRequest("invalid 'token_type' value");
  if (numUses < 0) throw badRequest('number of uses cannot be negative');
  if (str(data, 'entity_alias') !== '') throw badRequest("'entity_alias' is only allowed in combination with token role");

  const displayName = tokenDisplayName(str(data, 'display_name'));
  const id = str(data, 'id');
  if (id !== '' && !isSudo) throw badRequest('root or sudo privileges required to specify token id');

  const policies = choosePolicies(requested, noDefault, parent, isSudo);
  for (const p of policies) {
    if (NON_ASSIGNABLE.includes(p)) throw badRequest(`cannot assign policy "${p}"`);
  }
  if (policies.includes('root') && !parent.policies.includes('root')) {
    throw badRequest('root tokens may not be created without parent token being root');
  }

  let parentHash = parent.hash;
  if (bool(data, 'no_parent')) {
    if (!isSudo) throw badRequest('root or sudo privileges required to create orphan token');
    parentHash = '';
  } else if (opts.orphanEndpoint) parentHash = '';

  const explicitMaxTtl = durationField(data, 'explicit_max_ttl');
  const period = durationField(data, 'period');
  if (period > 0 && !isSudo) throw badRequest('root or sudo privileges required to create periodic token');
  const hasTtl = data.ttl !== undefined && data.ttl !== null && data.ttl !== '';
  let ttl = hasTtl ? durationField(data, 'ttl') : durationField(data, 'lease');

  const warnings: string[] = [];
  if (period > 0 || ttl > 0 || !policies.includes('root')) {
    const now = store.now();
    const calc = calculateTtl(store.defaults, { increment: 0, backendTtl: ttl, period, explicitMaxTtl, startMs: now, nowMs: now });
    warnings.push(...calc.warnings);
    ttl = calc.ttl;
  }
  // Root tokens are still bound by an explicit max TTL.
  if (ttl === 0 && explicitMaxTtl > 0) ttl = explicitMaxTtl;
  let grantRenewable = renewable;
  if (ttl === 0) {
    if (parent.ttl !== 0) throw badRequest('expiring root tokens cannot create non-expiring root tokens');
    grantRenewable = false;
  }

  const meta = (() => {
    try {
      return strMap(data, 'meta') ?? null;
    } catch (err) {
      throw badRequest(`Error decoding request: ${err instanceof Error ? err.message : String(err)}`);
    }
  })();
  const { token, entry } = await store.create({
    ...(id !== '' ? { id } : {}),
    parent: parentHash,
    policies,
    path: `auth/token/${req.path}`,
    displayName,
    meta,
    numUses,
    ttl,
    explicitMaxTtl,
    period,
    renewable: grantRenewable,
    entityId: parentHash !== '' ? parent.entity_id : '',
  });

  if (opts.policyExists) {
    for (const p of entry.policies) {
      if (p !== 'root' && !(await opts.policyExists(p))) warnings.push(`Policy "${p}" does not exist`);
    }
  }
  return {
    data: null,
    auth: authBlock(entry, token, ttl, grantRenewable),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
