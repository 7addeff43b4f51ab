/**
 * `vault kv undelete` and `vault kv destroy` ([V] command/kv_undelete.go, kv_destroy.go): KV v2
 * only; PUT <mount>/undelete/<key> or <mount>/destroy/<key> with `{"versions": [...]}`.
 */
import { FORMAT_FLAGS, HTTP_FLAGS, prepare } from './command.js';
import type { FlagSpec } from './flags.js';
import { err } from './format.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from './help-flags.js';
import type { CliCommand } from './io.js';
import { addPrefixToKvPath, exactlyOne, kvParseVersions, resolveKv } from './kv-helpers.js';
import { logicalWrite } from './logical.js';
import { writeAndReport } from './write-report.js';

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
    const report = { io, format: p.format, path, kind: 'write' } as const;
    return writeAndReport(report, () => logicalWrite(client, path, { versions: kvParseVersions(versions) }));
  };
}

export const kvUndeleteCommand = versionCommand('undelete');
export const kvDestroyCommand = versionCommand('destroy');
