/**
 * Help of the commands that only group subcommands ([V] command/operator.go, kv.go,
 * kv_metadata.go, secrets.go, token.go, policy.go, auth.go, lease.go, audit.go); dispatch appends the
 * "Subcommands:" list. The tab-indented blank line in the kv texts and the ";" in the auth text
 * are Vault's own.
 */

export const OPERATOR_HELP = `Usage: vault operator <subcommand> [options] [args]

  This command groups subcommands for operators interacting with Vault. Most
  users will not need to interact with these commands. Here are a few examples
  of the operator commands:

  Initialize a new Vault cluster:

      $ vault operator init

  Unseal a Vault server with a key share:

      $ vault operator unseal

  Please see the individual subcommand help for detailed usage information.`;

export const KV_HELP = `Usage: vault kv <subcommand> [options] [args]

  This command has subcommands for interacting with Vault's key-value
  store. Here are some simple examples, and more detailed examples are
  available in the subcommands or the documentation.

  Create or update the key named "foo" in the "secret" mount with the value
  "bar=baz":

      $ vault kv put -mount=secret foo bar=baz

  Read this value back:

      $ vault kv get -mount=secret foo

  Get metadata for the key:

      $ vault kv metadata get -mount=secret foo
\t  
  Get a specific version of the key:

      $ vault kv get -mount=secret -version=1 foo

  The deprecated path-like syntax can also be used, but this should be avoided 
  for KV v2, as the fact that it is not actually the full API path to 
  the secret (secret/data/foo) can cause confusion:   
  
      $ vault kv get secret/foo

  Please see the individual subcommand help for detailed usage information.`;

export const KV_METADATA_HELP = `Usage: vault kv metadata <subcommand> [options] [args]

  This command has subcommands for interacting with the metadata endpoint in
  Vault's key-value store. Here are some simple examples, and more detailed
  examples are available in the subcommands or the documentation.

  Create or update a metadata entry for a key:

      $ vault kv metadata put -mount=secret -max-versions=5 -delete-version-after=3h25m19s foo

  A more path-like syntax can also be used, but note that for KV v2, this is not the full API path to the secret (secret/metadata/foo): 
  
      $ vault kv metadata put -max-versions=5 -delete-version-after=3h25m19s secret/foo

  Get the metadata for a key, this provides information about each existing
  version:

      $ vault kv metadata get -mount=secret foo

  Delete a key and all existing versions:

      $ vault kv metadata delete -mount=secret foo

  A more path-like syntax can also be used, but note that for KV v2, this is not the full API path to the secret (secret/metadata/foo): 
  
      $ vault kv metadata get secret/foo

  Please see the individual subcommand help for detailed usage information.`;

export const SECRETS_HELP = `Usage: vault secrets <subcommand> [options] [args]

  This command groups subcommands for interacting with Vault's secrets engines.
  Each secret engine behaves differently. Please see the documentation for
  more information.

  List all enabled secrets engines:

      $ vault secrets list

  Enable a new secrets engine:

      $ vault secrets enable database

  Please see the individual subcommand help for detailed usage information.`;

export const TOKEN_HELP = `Usage: vault token <subcommand> [options] [args]

  This command groups subcommands for interacting with tokens. Users can
  create, lookup, renew, and revoke tokens.

  Create a new token:

      $ vault token create

  Revoke a token:

      $ vault token revoke 96ddf4bc-d217-f3ba-f9bd-017055595017

  Renew a token:

      $ vault token renew 96ddf4bc-d217-f3ba-f9bd-017055595017

  Please see the individual subcommand help for detailed usage information.`;

export const POLICY_HELP = `Usage: vault policy <subcommand> [options] [args]

  This command groups subcommands for interacting with policies.
  Users can write, read, and list policies in Vault.

  List all enabled policies:

      $ vault policy list

  Create a policy named "my-policy" from contents on local disk:

      $ vault policy write my-policy ./my-policy.hcl

  Delete the policy named my-policy:

      $ vault policy delete my-policy

  Please see the individual subcommand help for detailed usage information.`;

export const AUTH_HELP = `Usage: vault auth <subcommand> [options] [args]

  This command groups subcommands for interacting with Vault's auth methods.
  Users can list, enable, disable, and get help for different auth methods.

  To authenticate to Vault as a user or machine, use the "vault login" command
  instead. This command is for interacting with the auth methods themselves, not
  authenticating to Vault.

  List all enabled auth methods:

      $ vault auth list

  Enable a new auth method "userpass";

      $ vault auth enable userpass

  Get detailed help information about how to authenticate to a particular auth
  method:

      $ vault auth help github

  Please see the individual subcommand help for detailed usage information.`;

export const LEASE_HELP = `Usage: vault lease <subcommand> [options] [args]

  This command groups subcommands for interacting with leases. Users can revoke
  or renew leases.

  Renew a lease:

      $ vault lease renew database/creds/readonly/2f6a614c...

  Revoke a lease:

      $ vault lease revoke database/creds/readonly/2f6a614c...`;

export const AUDIT_HELP = `Usage: vault audit <subcommand> [options] [args]

  This command groups the subcommands that manage audit devices: the places
  where Vault records every request and response. Devices can be listed,
  enabled and disabled.

  *NOTE*: once an audit device is enabled, Vault refuses requests it cannot
  audit. Enabling more than one device keeps a single failing device from
  stopping the server.

  List the enabled audit devices:

      $ vault audit list

  Enable a "file" audit device:

      $ vault audit enable file file_path=/var/log/vault_audit.log

  See each subcommand's help for its details.`;
