/**
 * Canned Vault answers for the secrets/auth CLI tests, shaped like the samples in Vault's API
 * docs (kv-v2, sys/mounts, sys/internal/ui/mounts, auth/token, sys/policies/acl) and carrying
 * the values the CLI docs' example outputs show; and the route tables several test files share.
 */
import type { Route } from './support.js';

/** The envelope every logical answer has (api.Secret's fields as the server sends them). */
export function envelope(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    request_id: 'c5b4a1b4-8fd9-2bba-5d7e-1a09f0ee1fe4',
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...fields,
  };
}

/** GET sys/internal/ui/mounts/secret/… for a KV v2 mount at secret/. */
export const MOUNT_KV2 = envelope({
  data: {
    accessor: 'kv_0e58e5e3',
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    description: 'key/value secret storage',
    external_entropy_access: false,
    local: false,
    options: { version: '2' },
    path: 'secret/',
    seal_wrap: false,
    type: 'kv',
    uuid: '8074a73f-6921-c0cd-589a-016405dc46ec',
  },
});

/** The same for a KV v1 mount at kv/. */
export const MOUNT_KV1 = envelope({
  data: { ...(MOUNT_KV2['data'] as object), options: { version: '1' }, path: 'kv/' },
});

/** The mount lookups of the kv tests: secret/ is KV v2, kv/ is KV v1. */
export const KV_MOUNT_ROUTES: Record<string, Route> = {
  'GET /v1/sys/internal/ui/mounts/secret/creds': { body: MOUNT_KV2 },
  'GET /v1/sys/internal/ui/mounts/secret': { body: MOUNT_KV2 },
  'GET /v1/sys/internal/ui/mounts/kv/creds': { body: MOUNT_KV1 },
  'GET /v1/sys/internal/ui/mounts/kv': { body: MOUNT_KV1 },
};

/** The metadata of version 1 of secret/creds ([V] docs/commands/kv). */
export const CREDS_METADATA = {
  created_time: '2022-06-15T20:14:17.107852Z',
  custom_metadata: null,
  deletion_time: '',
  destroyed: false,
  version: 1,
};

/** PUT secret/data/creds answer. */
export const KV2_WRITE = envelope({ data: CREDS_METADATA });

/** GET secret/data/creds answer. */
export const KV2_READ = envelope({ data: { data: { passcode: 'my-long-passcode' }, metadata: CREDS_METADATA } });

/** GET secret/metadata/creds answer with two versions. */
export const KV2_METADATA = envelope({
  data: {
    cas_required: false,
    created_time: '2022-06-15T20:14:17.107852Z',
    current_version: 2,
    custom_metadata: null,
    delete_version_after: '0s',
    max_versions: 0,
    oldest_version: 0,
    updated_time: '2022-06-15T20:20:01.34563Z',
    versions: {
      '1': { created_time: '2022-06-15T20:14:17.107852Z', deletion_time: '', destroyed: false },
      '2': { created_time: '2022-06-15T20:20:01.34563Z', deletion_time: '', destroyed: false },
    },
  },
});

/** GET sys/mounts (Vault answers with both the top level and `data`). */
const MOUNTS = {
  'cubbyhole/': {
    accessor: 'cubbyhole_548b4dc5',
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    description: 'per-token private secret storage',
    external_entropy_access: false,
    local: true,
    options: null,
    plugin_version: '',
    running_plugin_version: 'v1.15.0+builtin.vault',
    running_sha256: '',
    seal_wrap: false,
    type: 'cubbyhole',
    uuid: '8c64d56b-9d46-d667-1155-a8c1a83a5d01',
  },
  'secret/': {
    accessor: 'kv_0e58e5e3',
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    deprecation_status: 'supported',
    description: 'key/value secret storage',
    external_entropy_access: false,
    local: false,
    options: { version: '2' },
    plugin_version: '',
    running_plugin_version: 'v0.16.1+builtin',
    running_sha256: '',
    seal_wrap: false,
    type: 'kv',
    uuid: '5aa1e59c-33b5-9dec-05d6-c80c9a800557',
  },
  'sys/': {
    accessor: 'system_547412e3',
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, passthrough_request_headers: ['Accept'] },
    description: 'system endpoints used for control, policy and debugging',
    external_entropy_access: false,
    local: false,
    options: null,
    plugin_version: '',
    running_plugin_version: 'v1.15.0+builtin.vault',
    running_sha256: '',
    seal_wrap: true,
    type: 'system',
    uuid: 'e3193999-0875-d38d-3458-21d9f2762c80',
  },
};
export const SYS_MOUNTS = { ...MOUNTS, ...envelope({ data: MOUNTS }) };

/** POST auth/token/create answer ([V] api-docs/auth/token). */
export const TOKEN_CREATE = envelope({
  auth: {
    client_token: 'hvs.CAESIJ8aQ8DnFvH0ZhRwiGSoYgFNdDN0YVBRMi5aVDJ',
    accessor: 'nO9RQmHjoZ4cP9TE1UXyzCSf',
    policies: ['default', 'my-policy', 'other-policy'],
    token_policies: ['default', 'my-policy', 'other-policy'],
    metadata: { user: 'armon' },
    lease_duration: 2764800,
    renewable: true,
    entity_id: '',
    token_type: 'service',
    orphan: false,
    mfa_requirement: null,
    num_uses: 0,
  },
});

/** GET auth/token/lookup-self answer ([V] api-docs/auth/token, lookup-self sample). */
export const TOKEN_LOOKUP = envelope({
  data: {
    accessor: '8609694a-cdbc-db9b-d345-e782dbb562ed',
    creation_time: 1523979354,
    creation_ttl: 2764800,
    display_name: 'ldap2-tesla',
    entity_id: '7d2e3179-f69b-450c-7179-ac8ee8bd8ca9',
    expire_time: '2018-05-19T11:35:54.466476215-04:00',
    explicit_max_ttl: 0,
    id: 'cf64a70f-3a12-3f6c-791d-6cef6d390eed',
    identity_policies: ['dev-group-policy'],
    issue_time: '2018-04-17T11:35:54.466476078-04:00',
    meta: { username: 'tesla' },
    num_uses: 0,
    orphan: true,
    path: 'auth/ldap2/login/tesla',
    policies: ['default', 'testgroup2-policy'],
    renewable: true,
    ttl: 2764790,
  },
});

/** The token create and lookup routes of the token tests. */
export const TOKEN_ROUTES: Record<string, Route> = {
  'POST /v1/auth/token/create': { body: TOKEN_CREATE },
  'GET /v1/auth/token/lookup-self': { body: TOKEN_LOOKUP },
  'POST /v1/auth/token/lookup': { body: TOKEN_LOOKUP },
  'POST /v1/auth/token/lookup-accessor': { body: TOKEN_LOOKUP },
};

/** GET sys/policies/acl/my-policy. */
export const POLICY_RULES = 'path "secret/*" {\n  capabilities = ["read"]\n}\n';
export const POLICY_READ = envelope({ data: { name: 'my-policy', policy: POLICY_RULES } });

/** LIST sys/policies/acl. */
export const POLICY_LIST = envelope({ data: { keys: ['default', 'my-policy', 'root'], policies: ['default', 'my-policy', 'root'] } });

/** my-policy's write, read and delete and the policy list, for the policy tests. */
export const POLICY_ROUTES: Record<string, Route> = {
  'PUT /v1/sys/policies/acl/my-policy': { status: 204 },
  'GET /v1/sys/policies/acl/my-policy': { body: POLICY_READ },
  'GET /v1/sys/policies/acl': { body: POLICY_LIST },
  'DELETE /v1/sys/policies/acl/my-policy': { status: 204 },
};

/** Vault's 404 for a path with no value. */
export const NOT_FOUND = { status: 404, body: { errors: [] } };
