/**
 * `vault kv metadata delete` ([V] command/kv_metadata_delete.go): removes every version and the
 * metadata of a key.
 */
import { HTTP_FLAGS, prepare } from '../../../command.js';
import type { FlagSpec } from '../../../flags.js';
import { commandHelp, MOUNT_DOC } from '../../../help-flags.js';
import type { CliCommand, Command } from '../../../io.js';
import { exactlyOne, KV_MOUNT_FLAG, kvMetadataPath } from '../../../kv-helpers.js';
import { writeAndReport } from '../../../write-report.js';

const USAGE = `Usage: vault kv metadata delete [options] PATH

  Deletes all versions and metadata for the provided key.

      $ vault kv metadata delete -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/metadata/foo) can cause confusion:

      $ vault kv metadata delete secret/foo

  Additional flags and more advanced use cases are detailed below.`;

const HELP = commandHelp(USAGE, [], [['Common Options', [MOUNT_DOC]]]);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, KV_MOUNT_FLAG];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactlyOne(io, p.flags.args)) return 1;
  const client = await p.client();
  const fullPath = await kvMetadataPath(io, client, p.flags.string('mount'), p.flags.args[0] ?? '');
  if (typeof fullPath === 'number') return fullPath;
  const report = { io, format: p.format, path: fullPath, kind: 'delete', always: true } as const;
  return writeAndReport(report, () => client.logicalDelete(fullPath));
};

export const command: Command = { synopsis: 'Deletes all versions and metadata for a key in the KV store', help: HELP, flags: COMMAND_FLAGS, run };
