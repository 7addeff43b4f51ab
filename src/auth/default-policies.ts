/**
 * The policies Vault creates when the policy store is set up (vault/policy_store.go): `default`,
 * written once and then the operator's to change, and `response-wrapping`, rewritten whenever it
 * differs. The text is Vault's, byte for byte (checked against `vault policy read default` of
 * Vault 1.15.4), leading newline included, so `vault policy read default` prints the same.
 */
export const DEFAULT_POLICY_NAME = 'default';
export const RESPONSE_WRAPPING_POLICY_NAME = 'response-wrapping';
export const CONTROL_GROUP_POLICY_NAME = 'control-group';

export const DEFAULT_POLICY = `
# Allow tokens to look up their own properties
path "auth/token/lookup-self" {
    capabilities = ["read"]
}

# Allow tokens to renew themselves
path "auth/token/renew-self" {
    capabilities = ["update"]
}

# Allow tokens to revoke themselves
path "auth/token/revoke-self" {
    capabilities = ["update"]
}

# Allow a token to look up its own capabilities on a path
path "sys/capabilities-self" {
    capabilities = ["update"]
}

# Allow a token to look up its own entity by id or name
path "identity/entity/id/{{identity.entity.id}}" {
  capabilities = ["read"]
}
path "identity/entity/name/{{identity.entity.name}}" {
  capabilities = ["read"]
}


# Allow a token to look up its resultant ACL from all policies. This is useful
# for UIs. It is an internal path because the format may change at any time
# based on how the internal ACL features and capabilities change.
path "sys/internal/ui/resultant-acl" {
    capabilities = ["read"]
}

# Allow a token to renew a lease via lease_id in the request body; old path for
# old clients, new path for newer
path "sys/renew" {
    capabilities = ["update"]
}
path "sys/leases/renew" {
    capabilities = ["update"]
}

# Allow looking up lease properties. This requires knowing the lease ID ahead
# of time and does not divulge any sensitive information.
path "sys/leases/lookup" {
    capabilities = ["update"]
}

# Allow a token to manage its own cubbyhole
path "cubbyhole/*" {
    capabilities = ["create", "read", "update", "delete", "list"]
}

# Allow a token to wrap arbitrary values in a response-wrapping token
path "sys/wrapping/wrap" {
    capabilities = ["update"]
}

# Allow a token to look up the creation time and TTL of a given
# response-wrapping token
path "sys/wrapping/lookup" {
    capabilities = ["update"]
}

# Allow a token to unwrap a response-wrapping token. This is a convenience to
# avoid client token swapping since this is also part of the response wrapping
# policy.
path "sys/wrapping/unwrap" {
    capabilities = ["update"]
}

# Allow general purpose tools
path "sys/tools/hash" {
    capabilities = ["update"]
}
path "sys/tools/hash/*" {
    capabilities = ["update"]
}

# Allow checking the status of a Control Group request if the user has the
# accessor
path "sys/control-group/request" {
    capabilities = ["update"]
}

# Allow a token to make requests to the Authorization Endpoint for OIDC providers.
path "identity/oidc/provider/+/authorize" {
    capabilities = ["read", "update"]
}
`;

/** Lets cubbyhole response wrapping always succeed (vault/policy_store.go responseWrappingPolicy). */
export const RESPONSE_WRAPPING_POLICY = `
path "cubbyhole/response" {
    capabilities = ["create", "read"]
}

path "sys/wrapping/unwrap" {
    capabilities = ["update"]
}
`;

/** Names that can be neither written nor deleted (immutablePolicies). */
export const IMMUTABLE_POLICIES: readonly string[] = ['root', RESPONSE_WRAPPING_POLICY_NAME, CONTROL_GROUP_POLICY_NAME];

/** Names kept out of policy lists (nonAssignablePolicies). */
export const NON_ASSIGNABLE_POLICIES: readonly string[] = [RESPONSE_WRAPPING_POLICY_NAME, CONTROL_GROUP_POLICY_NAME];
