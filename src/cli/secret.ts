/**
 * Vault's api.Secret as the CLI sees it: ParseSecret's rules for turning an answer into a secret
 * (an empty body is no secret; an answer with none of the Secret fields becomes the data; an
 * answer that only holds `errors` is no secret) and the struct's JSON, field for field
 * ([V] api/secret.go).
 */
import { TsvaultError } from '../errors.js';

import type { Secret as VaultSecret, SecretAuth } from '../wire/envelope.js';

export type { Secret as VaultSecret, SecretAuth } from '../wire/envelope.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : 0);
const bool = (v: unknown): boolean => v === true;
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function strings(v: unknown): string[] | null {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : null;
}

function stringMap(v: unknown): Record<string, string> | null {
  if (!isObject(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

function authFrom(v: unknown): SecretAuth | null {
  if (!isObject(v)) return null;
  return {
    client_token: str(v['client_token']),
    accessor: str(v['accessor']),
    policies: strings(v['policies']),
    token_policies: strings(v['token_policies']),
    identity_policies: strings(v['identity_policies']),
    metadata: stringMap(v['metadata']),
    orphan: bool(v['orphan']),
    entity_id: str(v['entity_id']),
    lease_duration: int(v['lease_duration']),
    renewable: bool(v['renewable']),
    mfa_requirement: v['mfa_requirement'] ?? null,
  };
}

/** ParseSecret on an already decoded body (undefined = empty body). */
export function secretFromJson(body: unknown): VaultSecret | null {
  if (body === undefined) return null;
  const o = isObject(body) ? body : {};
  const secret: VaultSecret = {
    request_id: str(o['request_id']),
    lease_id: str(o['lease_id']),
    lease_duration: int(o['lease_duration']),
    renewable: bool(o['renewable']),
    data: isObject(o['data']) ? o['data'] : null,
    warnings: strings(o['warnings']),
    auth: authFrom(o['auth']),
    wrap_info: isObject(o['wrap_info']) ? o['wrap_info'] : null,
    mount_type: str(o['mount_type']),
  };
  const zero =
    secret.request_id === '' &&
    secret.lease_id === '' &&
    secret.lease_duration === 0 &&
    !secret.renewable &&
    secret.data === null &&
    secret.warnings === null &&
    secret.auth === null &&
    secret.wrap_info === null &&
    secret.mount_type === '';
  if (!zero || !isObject(body)) return secret;
  // No Secret field at all: the raw answer is the data, unless it only carries errors.
  const keys = Object.keys(body);
  if ('errors' in body) {
    if (keys.length === 1) return null;
    const errors = strings(body['errors']) ?? [];
    throw new TsvaultError('API_REQUEST', errors.join(' '));
  }
  if (keys.length > 0) secret.data = body;
  return secret;
}

/** ParseSecret on a body's text: empty is no secret; bad JSON is an error. */
export function secretFromText(text: string): VaultSecret | null {
  if (text === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (e) {
    throw new TsvaultError('API_REQUEST', (e as Error).message, { cause: e });
  }
  return secretFromJson(body);
}

function authJson(auth: SecretAuth): Map<string, unknown> {
  return new Map<string, unknown>([
    ['client_token', auth.client_token],
    ['accessor', auth.accessor],
    ['policies', auth.policies],
    ['token_policies', auth.token_policies],
    ['identity_policies', auth.identity_policies],
    ['metadata', auth.metadata],
    ['orphan', auth.orphan],
    ['entity_id', auth.entity_id],
    ['lease_duration', auth.lease_duration],
    ['renewable', auth.renewable],
    ['mfa_requirement', auth.mfa_requirement ?? null],
  ]);
}

function wrapInfoJson(w: Record<string, unknown>): Map<string, unknown> {
  return new Map<string, unknown>([
    ['token', str(w['token'])],
    ['accessor', str(w['accessor'])],
    ['ttl', int(w['ttl'])],
    ['creation_time', str(w['creation_time']) || '0001-01-01T00:00:00Z'],
    ['creation_path', str(w['creation_path'])],
    ['wrapped_accessor', str(w['wrapped_accessor'])],
  ]);
}

/** The value json.MarshalIndent sees for an *api.Secret (a Map keeps Go's field order). */
export function secretJson(secret: VaultSecret | null): Map<string, unknown> | null {
  if (secret === null) return null;
  return new Map<string, unknown>([
    ['request_id', secret.request_id],
    ['lease_id', secret.lease_id],
    ['lease_duration', secret.lease_duration],
    ['renewable', secret.renewable],
    ['data', secret.data],
    ['warnings', secret.warnings],
    ['auth', secret.auth === null ? undefined : authJson(secret.auth)],
    ['wrap_info', secret.wrap_info === null ? undefined : wrapInfoJson(secret.wrap_info)],
    ['mount_type', secret.mount_type === '' ? undefined : secret.mount_type],
  ]);
}
