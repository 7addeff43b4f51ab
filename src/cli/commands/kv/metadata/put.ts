/**
 * `vault kv metadata put` ([V] command/kv_metadata_put.go): writes max_versions, cas_required,
 * delete_version_after and custom_metadata.
 */
import { FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../../command.js';
import type { FlagSpec } from '../../../flags.js';
import { goDurationString } from '../../../go-duration.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from '../../../help-flags.js';
import type { CliCommand, Command } from '../../../io.js';
import { exactlyOne, KV_MOUNT_FLAG, kvMetadataPath } from '../../../kv-helpers.js';
import { writeAndReport } from '../../../write-report.js';

const USAGE = `Usage: vault kv metadata put [options] KEY

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

const HELP = commandHelp(USAGE, [FORMAT_DOC], [
  [
    'Common Options',
    [
      {
        name: 'cas-required',
        example: '*bool',
        usage:
          'If true the key will require the cas parameter to be set on all write requests. If ' +
          'false, the backend’s configuration will be used.',
      },
      {
        name: 'custom-metadata',
        example: 'key=value',
        usage:
          'Specifies arbitrary version-agnostic key=value metadata meant to describe a ' +
          'secret.This can be specified multiple times to add multiple pieces of metadata.',
      },
      {
        name: 'delete-version-after',
        example: 'duration',
        default: '-1ns',
        usage:
          "Specifies the length of time before a version is deleted. If not set, the backend's " +
          "configured delete-version-after is used. Cannot be greater than the backend's " +
          'delete-version-after. The delete-version-after is specified as a numeric string ' +
          'with a suffix like "30s" or "3h25m19s".',
      },
      {
        name: 'max-versions',
        example: 'int',
        default: '-1',
        usage: 'The number of versions to keep. If not set, the backend’s configured max version is used.',
      },
      MOUNT_DOC,
    ],
  ],
]);

const PUT_FLAGS: readonly FlagSpec[] = [
  { name: 'max-versions', type: 'int', default: -1 },
  { name: 'cas-required', type: 'bool' },
  { name: 'delete-version-after', type: 'duration', default: -1n },
  { name: 'custom-metadata', type: 'map' },
  KV_MOUNT_FLAG,
];

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, ...PUT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  if (!exactlyOne(io, f.args)) return 1;
  const client = await p.client();
  const fullPath = await kvMetadataPath(io, client, f.string('mount'), f.args[0] ?? '');
  if (typeof fullPath === 'number') return fullPath;
  const data: Record<string, unknown> = {};
  if (f.int('max-versions') >= 0) data['max_versions'] = f.int('max-versions');
  if (f.duration('delete-version-after') >= 0n) {
    data['delete_version_after'] = goDurationString(f.duration('delete-version-after'));
  }
  if (f.isSet('cas-required')) data['cas_required'] = f.bool('cas-required');
  const custom = f.map('custom-metadata');
  if (custom.size > 0) data['custom_metadata'] = Object.fromEntries(custom);
  return writeAndReport({ io, format: p.format, path: fullPath, kind: 'write' }, () => client.logicalWrite(fullPath, data));
};

export const command: Command = { synopsis: 'Sets or updates key settings in the KV store', help: HELP, flags: COMMAND_FLAGS, run };
