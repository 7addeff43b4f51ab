/** The usage paragraphs of `vault kv metadata get|put|delete` ([V] command/kv_metadata_*.go). */

export const KV_METADATA_GET_HELP = `Usage: vault kv metadata get [options] KEY

  Retrieves the metadata from Vault's key-value store at the given key name. If no
  key exists with that name, an error is returned.

      $ vault kv metadata get -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/metadata/foo) can cause confusion:

      $ vault kv metadata get secret/foo

  Additional flags and more advanced use cases are detailed below.`;

export const KV_METADATA_PUT_HELP = `Usage: vault kv metadata put [options] KEY

  This command can be used to create a blank key in the key-value store or to
  update key configuration for a specified key.

  Create a key in the key-value store with no data:

      $ vault kv metadata put -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/metadata/foo) can cause confusion:

      $ vault kv metadata put secret/foo

  Set a max versions setting on the key:

      $ vault kv metadata put -mount=secret -max-versions=5 foo

  Set delete-version-after on the key:

      $ vault kv metadata put -mount=secret -delete-version-after=3h25m19s foo

  Require Check-and-Set for this key:

      $ vault kv metadata put -mount=secret -cas-required foo

  Set custom metadata on the key:

      $ vault kv metadata put -mount=secret -custom-metadata=foo=abc -custom-metadata=bar=123 foo

  Additional flags and more advanced use cases are detailed below.`;

export const KV_METADATA_DELETE_HELP = `Usage: vault kv metadata delete [options] PATH

  Deletes all versions and metadata for the provided key.

      $ vault kv metadata delete -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/metadata/foo) can cause confusion:

      $ vault kv metadata delete secret/foo

  Additional flags and more advanced use cases are detailed below.`;
