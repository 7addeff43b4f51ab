/**
 * The secret the token login handler returns ([V] builtin/credential/token/cli.go): lookup-self
 * `data` turned into an auth block as api.Secret's TokenID/TokenPolicies/TokenMetadata/TokenTTL
 * read it, or just the token when lookup=false. `vault login` prints it like any secret.
 */
import type { SecretAuth, VaultSecret } from './secret.js';

function stringList(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  const list = v.filter((x): x is string => typeof x === 'string');
  return list.length === 0 ? null : list; // appending nothing to a nil slice leaves it nil
}

function seconds(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return parseInt(v, 10);
  return 0;
}

function authSecret(auth: Partial<SecretAuth> & { client_token: string }): VaultSecret {
  return {
    request_id: '',
    lease_id: '',
    lease_duration: 0,
    renewable: false,
    data: null,
    warnings: null,
    auth: {
      accessor: '',
      policies: null,
      token_policies: null,
      identity_policies: null,
      metadata: null,
      orphan: false,
      entity_id: '',
      lease_duration: 0,
      renewable: false,
      mfa_requirement: null,
      ...auth,
    },
    wrap_info: null,
    mount_type: '',
  };
}

/** The token handler's secret: from lookup-self `data`, or just the token when lookup=false (null). */
export function secretFromLookup(token: string, data: Record<string, unknown> | null): VaultSecret {
  if (data === null) return authSecret({ client_token: token });
  const tokenPolicies = stringList(data['policies']);
  const identityPolicies = stringList(data['identity_policies']);
  const all = [...(tokenPolicies ?? []), ...(identityPolicies ?? [])];
  const meta = (data['metadata'] ?? data['meta']) as Record<string, unknown> | null | undefined;
  let metadata: Record<string, string> | null = null;
  if (meta && typeof meta === 'object') {
    metadata = {};
    for (const [k, v] of Object.entries(meta)) metadata[k] = String(v);
  }
  return authSecret({
    client_token: typeof data['id'] === 'string' && data['id'] !== '' ? data['id'] : token,
    accessor: typeof data['accessor'] === 'string' ? data['accessor'] : '',
    policies: all.length === 0 ? null : all,
    token_policies: tokenPolicies,
    identity_policies: identityPolicies,
    metadata,
    lease_duration: seconds(data['ttl']),
    renewable: data['renewable'] === true || data['renewable'] === 'true',
  });
}
