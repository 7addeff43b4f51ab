/**
 * `vault kv delete [-mount=M] [-versions=1,2] KEY` ([V] command/kv_delete.go): for KV v2 a
 * soft delete of the latest version (DELETE <mount>/data/<key>) or of the given versions
 * (PUT <mount>/delete/<key>); for v1 a plain DELETE.
 */
import { FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC, MOUNT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { addPrefixToKvPath, exactlyOne, kvParseVersions, kvV1Path, resolveKv } from '../../kv-helpers.js';
import { writeAndReport } from '../../write-report.js';

const KV_DELETE_FLAGS: readonly FlagSpec[] = [
  { name: 'versions', type: 'repeatable' },
  { name: 'mount', type: 'string' },
];

const HELP = commandHelp(
  `Usage: vault kv delete [options] PATH

  Deletes the data for the provided version and path in the key-value store. The
  versioned data will not be fully removed, but marked as deleted and will no
  longer be returned in normal get requests.

  To delete the latest version of the key "foo":

      $ vault kv delete -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv delete secret/foo

  To delete version 3 of key foo:

      $ vault kv delete -mount=secret -versions=3 foo

  To delete all versions and metadata, see the "vault kv metadata" subcommand.

  Additional flags and more advanced use cases are detailed below.`,
  [FIELD_DOC, FORMAT_DOC],
  [['Common Options', [MOUNT_DOC, { name: 'versions', example: 'string', usage: 'Specifies the version numbers to delete.' }]]],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...KV_DELETE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!exactlyOne(io, a)) return 1;
  const client = await p.client();
  const t = await resolveKv(io, client, p.flags.string('mount'), a[0] ?? '');
  if (t === null) return 2;
  const versions = p.flags.list('versions');
  const fullPath = t.v2 ? addPrefixToKvPath(t.partialPath, t.mountPath, 'data') : kvV1Path(t);
  const report = { io, format: p.format, path: fullPath, kind: 'delete', field: p.flags.string('field') } as const;
  return writeAndReport(report, () =>
    t.v2 && versions.length > 0
      ? client.logicalWrite(addPrefixToKvPath(t.partialPath, t.mountPath, 'delete'), { versions: kvParseVersions(versions) })
      : client.logicalDelete(fullPath),
  );
};

export const command: Command = { synopsis: 'Deletes versions in the KV store', help: HELP, flags: COMMAND_FLAGS, run };
