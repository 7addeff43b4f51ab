/**
 * Canned Vault answers for the auth, lease, unwrap and -wrap-ttl CLI tests, shaped like the
 * samples in Vault's API docs (sys/auth, sys/leases, sys/wrapping, auth/userpass/login).
 */
import { envelope } from './vault-fixtures.js';

const AUTHS = {
  'token/': {
    accessor: 'auth_token_b2166f9e',
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, token_type: 'default-service' },
    deprecation_status: '',
    description: 'token based credentials',
    external_entropy_access: false,
    local: false,
    options: null,
    plugin_version: '',
    running_plugin_version: 'v1.15.0+builtin.vault',
    running_sha256: '',
    seal_wrap: false,
    type: 'token',
    uuid: '8a1a6b5c-2c3d-7f0e-1d2c-3b4a5f6e7d8c',
  },
  'userpass/': {
    accessor: 'auth_userpass_eea6507e',
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 2764800, token_type: 'default-service' },
    deprecation_status: 'supported',
    description: '',
    external_entropy_access: false,
    local: true,
    options: { version: '1' },
    plugin_version: '',
    running_plugin_version: 'v1.15.0+builtin.vault',
    running_sha256: '',
    seal_wrap: false,
    type: 'userpass',
    uuid: '4c5d6e7f-8a9b-0c1d-2e3f-4a5b6c7d8e9f',
  },
};

/** GET sys/auth (Vault answers with both the top level and `data`). */
export const SYS_AUTH = { ...AUTHS, ...envelope({ data: AUTHS }) };

/** GET sys/auth with an approle mount at approle/ (a type without a CLI login handler). */
export const SYS_AUTH_APPROLE = envelope({
  data: { ...AUTHS, 'approle/': { ...AUTHS['userpass/'], accessor: 'auth_approle_9a8b7c6d', type: 'approle' } },
});

export const LEASE_ID = 'database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6';

/** PUT sys/leases/lookup ([V] api-docs/system/leases sample). */
export const LEASE_LOOKUP = envelope({
  data: {
    expire_time: '2018-05-19T11:35:54.466476215-04:00',
    id: LEASE_ID,
    issue_time: '2018-04-17T11:35:54.466476078-04:00',
    last_renewal: null,
    renewable: true,
    ttl: 2764790,
  },
});

/** PUT sys/leases/renew ([V] api-docs/system/leases sample). */
export const LEASE_RENEW = envelope({ lease_id: LEASE_ID, renewable: true, lease_duration: 3600 });

/** A wrapped answer: only wrap_info (the response shape Vault sends with X-Vault-Wrap-TTL). */
export function wrapped(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request_id: '',
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: {
      token: 'hvs.CAESIBmLkCm3SxQeGiWcMVbmUx8V1dBcC8zH5ovP3XmhkT1jGh4KHGh2cy5BZ0JZa3VGRkdUeG9vVHFGdVVXc2NGTGI',
      accessor: 'Rx1C6ZDSjcaijIFD7nPnf8L5',
      ttl: 300,
      creation_time: '2026-01-15T09:12:03.048213Z',
      creation_path: 'secret/data/foo',
      wrapped_accessor: '',
      ...fields,
    },
    warnings: null,
    auth: null,
    mount_type: '',
  };
}

/** The table Vault prints for `wrapped()`. */
export const WRAPPED_TABLE = `Key                              Value
---                              -----
wrapping_token:                  hvs.CAESIBmLkCm3SxQeGiWcMVbmUx8V1dBcC8zH5ovP3XmhkT1jGh4KHGh2cy5BZ0JZa3VGRkdUeG9vVHFGdVVXc2NGTGI
wrapping_accessor:               Rx1C6ZDSjcaijIFD7nPnf8L5
wrapping_token_ttl:              5m
wrapping_token_creation_time:    2026-01-15 09:12:03.048213 +0000 UTC
wrapping_token_creation_path:    secret/data/foo
`;

/** PUT auth/userpass/login/alice ([V] api-docs/auth/userpass sample). */
export const USERPASS_LOGIN = envelope({
  auth: {
    client_token: 'hvs.CAESIG8vS6rh3bqgMOtd8wN6xEJZ4cm9KzNfdD5dFBqUGN6rGh4KHGh2cy5yY1Z3Yk1sSVJNWG1lVEZaQ3JZUUh4cEQ',
    accessor: '0e9e354a-520f-df04-6867-ee81cae3d42d',
    policies: ['default', 'dev'],
    token_policies: ['default', 'dev'],
    metadata: { username: 'alice' },
    lease_duration: 2764800,
    renewable: true,
    entity_id: '4a5b6c7d-8e9f-0a1b-2c3d-4e5f6a7b8c9d',
    token_type: 'service',
    orphan: true,
    mfa_requirement: null,
    num_uses: 0,
  },
});

/** The token table of USERPASS_LOGIN. */
export const USERPASS_TABLE = `Key                    Value
---                    -----
token                  hvs.CAESIG8vS6rh3bqgMOtd8wN6xEJZ4cm9KzNfdD5dFBqUGN6rGh4KHGh2cy5yY1Z3Yk1sSVJNWG1lVEZaQ3JZUUh4cEQ
token_accessor         0e9e354a-520f-df04-6867-ee81cae3d42d
token_duration         768h
token_renewable        true
token_policies         ["default" "dev"]
identity_policies      []
policies               ["default" "dev"]
token_meta_username    alice
`;
