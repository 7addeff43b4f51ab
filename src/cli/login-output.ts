/**
 * The secret `vault login` prints: the token auth handler turns lookup-self data into an auth
 * block ([V] api/secret.go TokenPolicies etc.), shown as Vault's token table or Secret JSON.
 */
import type { SecretAuth } from '../wire/envelope.js';
import { goStringList, humanDuration } from './format.js';

/** The part of api.SecretAuth (src/wire) that login fills; null lists mirror Go's nil slices (JSON null, "[]" in tables). */
export type LoginAuth = Pick<
  SecretAuth,
  'client_token' | 'accessor' | 'policies' | 'token_policies' | 'identity_policies' | 'metadata' | 'lease_duration' | 'renewable'
>;

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

/** The token handler's result: from lookup-self `data`, or just the token when lookup=false. */
export function authFromLookup(token: string, data: Record<string, unknown> | null): LoginAuth {
  if (data === null) {
    return {
      client_token: token,
      accessor: '',
      policies: null,
      token_policies: null,
      identity_policies: null,
      metadata: null,
      lease_duration: 0,
      renewable: false,
    };
  }
  const tokenPolicies = stringList(data['policies']);
  const identityPolicies = stringList(data['identity_policies']);
  const all = [...(tokenPolicies ?? []), ...(identityPolicies ?? [])];
  const meta = (data['metadata'] ?? data['meta']) as Record<string, unknown> | null | undefined;
  let metadata: Record<string, string> | null = null;
  if (meta && typeof meta === 'object') {
    metadata = {};
    for (const [k, v] of Object.entries(meta)) metadata[k] = String(v);
  }
  return {
    client_token: typeof data['id'] === 'string' && data['id'] !== '' ? data['id'] : token,
    accessor: typeof data['accessor'] === 'string' ? data['accessor'] : '',
    policies: all.length === 0 ? null : all,
    token_policies: tokenPolicies,
    identity_policies: identityPolicies,
    metadata,
    lease_duration: seconds(data['ttl']),
    renewable: data['renewable'] === true || data['renewable'] === 'true',
  };
}

/** OutputSecret's auth rows ([V] command/format.go TableFormatter.OutputSecret). */
export function loginTableRows(auth: LoginAuth): [string, string][] {
  const rows: [string, string][] = [
    ['token', auth.client_token],
    ['token_accessor', auth.accessor],
    // A zero lease is most likely a root token: Vault shows infinity.
    ['token_duration', auth.lease_duration === 0 ? '∞' : humanDuration(auth.lease_duration)],
    ['token_renewable', String(auth.renewable)],
    ['token_policies', goStringList(auth.token_policies)],
    ['identity_policies', goStringList(auth.identity_policies)],
    ['policies', goStringList(auth.policies)],
  ];
  for (const key of Object.keys(auth.metadata ?? {}).sort()) {
    rows.push([`token_meta_${key}`, auth.metadata?.[key] ?? '']);
  }
  return rows;
}

/** The whole api.Secret as `-format=json` prints it. */
export function loginSecretJson(auth: LoginAuth): Record<string, unknown> {
  return {
    request_id: '',
    lease_id: '',
    lease_duration: 0,
    renewable: false,
    data: null,
    warnings: null,
    auth: {
      client_token: auth.client_token,
      accessor: auth.accessor,
      policies: auth.policies,
      token_policies: auth.token_policies,
      identity_policies: auth.identity_policies,
      metadata: auth.metadata,
      orphan: false,
      entity_id: '',
      lease_duration: auth.lease_duration,
      renewable: auth.renewable,
      mfa_requirement: null,
    },
  };
}

/** RawField for an auth secret; undefined means "not present". */
export function rawAuthField(auth: LoginAuth, field: string): unknown {
  switch (field) {
    case 'token':
      return auth.client_token;
    case 'token_accessor':
      return auth.accessor;
    case 'token_duration':
      return auth.lease_duration;
    case 'token_renewable':
      return auth.renewable;
    case 'token_policies':
      return auth.token_policies ?? [];
    case 'identity_policies':
      return auth.identity_policies ?? [];
    case 'policies':
      return auth.policies ?? [];
    default:
      return undefined;
  }
}
