/**
 * `vault kv undelete` and `vault kv destroy` ([V] command/kv_undelete.go, kv_destroy.go): KV v2
 * only; PUT <mount>/undelete/<key> or <mount>/destroy/<key> with `{"versions": [...]}`.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from './command.js';
import type { FlagSpec } from './flags.js';
import { err, out } from './format.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from './help-flags.js';
import type { CliCommand } from './io.js';
import { addPrefixToKvPath, exactlyOne, kvParseVersions, resolveKv } from './kv-helpers.js';
import { logicalWrite, type WriteResult } from './logical.js';
import { outputSecret } from './secret-output.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'versions', type: 'repeatable' },
  { name: 'mount', type: 'string' },
];

function help(op: 'undelete' | 'destroy'): string {
  const usage =
    op === 'undelete'
      ? `Usage: vault kv undelete [options] KEY

  Undeletes the data for the provided version and path in the key-value store.
  This restores the data, allowing it to be returned on get requests.

  To undelete version 3 of key "foo":

      $ vault kv undelete -mount=secret -versions=3 foo

  The deprecated path-like syntax can also be used, but this should be avoided,
  as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv undelete -versions=3 secret/foo

  Additional flags and more advanced use cases are detailed below.`
      : `Usage: vault kv destroy [options] KEY

  Permanently removes the specified versions' data from the key-value store. If
  no key exists at the path, no action is taken.

  To destroy version 3 of key foo:

      $ vault kv destroy -mount=secret -versions=3 foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv destroy -versions=3 secret/foo

  Additional flags and more advanced use cases are detailed below.`;
  return commandHelp(usage, [FORMAT_DOC], [
    ['Common Options', [MOUNT_DOC, { name: 'versions', example: 'string', usage: `Specifies the version numbers to ${op}.` }]],
  ]);
}

export const kvUndeleteHelp = help('undelete');
export const kvDestroyHelp = help('destroy');

function versionCommand(op: 'undelete' | 'destroy'): CliCommand {
  return async (args, io) => {
    const p = prepare(io, args, [...HTTP_FLAGS, ...FORMAT_FLAGS, ...FLAGS]);
    if (typeof p === 'number') return p;
    const a = p.flags.args;
    if (!exactlyOne(io, a)) return 1;
    const versions = p.flags.list('versions');
    if (versions.length === 0) {
      err(io, `No versions provided, use the "-versions" flag to specify the version to ${op}.`);
      return 1;
    }
    const client = await p.client();
    const t = await resolveKv(io, client, p.flags.string('mount'), a[0] ?? '');
    if (t === null) return 2;
    if (!t.v2) {
      err(io, `${op === 'undelete' ? 'Undelete' : 'Destroy'} not supported on KV Version 1`);
      return 1;
    }
    const path = addPrefixToKvPath(t.partialPath, t.mountPath, op);
    let result: WriteResult;
    try {
      result = await logicalWrite(client, path, { versions: kvParseVersions(versions) });
    } catch (e) {
      err(io, `Error writing data to ${path}: ${errorText(e)}`);
      return 2;
    }
    if (result.error) {
      err(io, `Error writing data to ${path}: ${result.error.message}`);
      if (result.secret) outputSecret(io, result.secret, p.format);
      return 2;
    }
    if (result.secret === null) {
      if (p.format === 'table') out(io, `Success! Data written to: ${path}`);
      return 0;
    }
    return outputSecret(io, result.secret, p.format);
  };
}

export const kvUndeleteCommand = versionCommand('undelete');
export const kvDestroyCommand = versionCommand('destroy');
