/**
 * Vault's api.Secret as the CLI prints it in JSON, field for field ([V] api/secret.go). Parsing
 * an answer into a secret (ParseSecret) is the API client's: src/api/secret.ts.
 */
import type { Secret as VaultSecret, SecretAuth } from '../wire/envelope.js';

export type { Secret as VaultSecret, SecretAuth } from '../wire/envelope.js';
export { secretFromJson, secretFromText } from '../api/secret.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : 0);

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
