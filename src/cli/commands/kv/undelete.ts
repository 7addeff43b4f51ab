/** `vault kv undelete` ([V] command/kv_undelete.go): see kv-version-op.ts. */
import type { Command } from '../../io.js';
import { VERSION_OP_FLAGS, versionOpHelp, versionOpRun } from '../../kv-version-op.js';

const USAGE = `Usage: vault kv undelete [options] KEY

  Undeletes the data for the provided version and path in the key-value store.
  This restores the data, allowing it to be returned on get requests.

  To undelete version 3 of key "foo":

      $ vault kv undelete -mount=secret -versions=3 foo

  The deprecated path-like syntax can also be used, but this should be avoided,
  as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv undelete -versions=3 secret/foo

  Additional flags and more advanced use cases are detailed below.`;

export const command: Command = {
  synopsis: 'Undeletes versions in the KV store',
  help: versionOpHelp('undelete', USAGE),
  flags: VERSION_OP_FLAGS,
  run: versionOpRun('undelete'),
};
