/**
 * Vault's api.ParseSecret ([V] api/secret.go): an empty body is no secret; an answer with none
 * of the Secret fields becomes the data; an answer that only holds `errors` is no secret. The
 * CLI prints secrets with src/cli/secret.ts and secret-output.ts.
 */
import { TsvaultError } from '../errors.js';
import type { Secret as VaultSecret, SecretAuth } from '../wire/envelope.js';

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
