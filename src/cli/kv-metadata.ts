/**
 * `vault kv metadata get|put|delete` ([V] command/kv_metadata_*.go): KV v2 only, on
 * <mount>/metadata/<key>. `get` prints the `Metadata Path` block, the key's metadata and one
 * table per version; `put` writes max_versions, cas_required, delete_version_after and
 * custom_metadata; `delete` removes every version.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from './command.js';
import type { FlagSpec } from './flags.js';
import { err, out } from './format.js';
import { goDurationString } from './go-duration.js';
import { goSortKeys } from './go-json.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from './help-flags.js';
import type { CliCommand, CliIO } from './io.js';
import { addPrefixToKvPath, exactlyOne, headerForMap, outputPath, resolveKv } from './kv-helpers.js';
import type { VaultClient } from '../api/client.js';
import { logicalDelete, logicalRead, logicalWrite } from './logical.js';
import { writeAndReport } from './write-report.js';
import { outputData, outputSecret } from './secret-output.js';
import type { VaultSecret } from './secret.js';
import { KV_METADATA_GET_HELP, KV_METADATA_PUT_HELP, KV_METADATA_DELETE_HELP } from './kv-metadata-help.js';

const MOUNT_FLAG: FlagSpec = { name: 'mount', type: 'string' };

export const kvMetadataGetHelp = commandHelp(KV_METADATA_GET_HELP, [FORMAT_DOC], [['Common Options', [MOUNT_DOC]]]);
export const kvMetadataDeleteHelp = commandHelp(KV_METADATA_DELETE_HELP, [], [['Common Options', [MOUNT_DOC]]]);
export const kvMetadataPutHelp = commandHelp(KV_METADATA_PUT_HELP, [FORMAT_DOC], [
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

/** The metadata path of a v2 key, or an exit code after Vault's message. */
async function metadataPath(io: CliIO, client: VaultClient, mount: string, arg: string): Promise<string | number> {
  const t = await resolveKv(io, client, mount, arg);
  if (t === null) return 2;
  if (!t.v2) {
    err(io, 'Metadata not supported on KV Version 1');
    return 1;
  }
  return addPrefixToKvPath(t.partialPath, t.mountPath, 'metadata');
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const kvMetadataGetCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, [...HTTP_FLAGS, ...FORMAT_FLAGS, MOUNT_FLAG]);
  if (typeof p === 'number') return p;
  if (!exactlyOne(io, p.flags.args)) return 1;
  const client = await p.client();
  const fullPath = await metadataPath(io, client, p.flags.string('mount'), p.flags.args[0] ?? '');
  if (typeof fullPath === 'number') return fullPath;
  let secret: VaultSecret | null;
  try {
    secret = await logicalRead(client, fullPath);
  } catch (e) {
    err(io, `Error reading ${fullPath}: ${errorText(e)}`);
    return 2;
  }
  if (secret === null) {
    err(io, `No value found at ${fullPath}`);
    return 2;
  }
  if (secret.wrap_info !== null || p.format !== 'table') return outputSecret(io, secret, p.format);
  const versions = secret.data?.['versions'];
  if (!isMap(versions)) {
    err(io, `No value found at ${fullPath}`);
    outputSecret(io, secret, p.format);
    return 2;
  }
  const data = { ...secret.data };
  delete data['versions'];
  const rest: VaultSecret = { ...secret, data };
  outputPath(io, fullPath, 'Metadata Path');
  out(io, headerForMap('Metadata', data));
  outputSecret(io, rest, p.format);
  const numbers: number[] = [];
  for (const k of goSortKeys(Object.keys(versions))) {
    if (!/^[+-]?\d+$/.test(k)) {
      err(io, `Error parsing version ${k}`);
      return 2;
    }
    numbers.push(Number(k));
  }
  for (const v of numbers.sort((x, y) => x - y)) {
    const entry = versions[String(v)];
    out(io, `\n${headerForMap(`Version ${v}`, isMap(entry) ? entry : {})}`);
    outputData(io, entry, p.format);
  }
  return 0;
};

const PUT_FLAGS: readonly FlagSpec[] = [
  { name: 'max-versions', type: 'int', default: -1 },
  { name: 'cas-required', type: 'bool' },
  { name: 'delete-version-after', type: 'duration', default: -1n },
  { name: 'custom-metadata', type: 'map' },
  MOUNT_FLAG,
];

export const kvMetadataPutCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, [...HTTP_FLAGS, ...FORMAT_FLAGS, ...PUT_FLAGS]);
  if (typeof p === 'number') return p;
  const f = p.flags;
  if (!exactlyOne(io, f.args)) return 1;
  const client = await p.client();
  const fullPath = await metadataPath(io, client, f.string('mount'), f.args[0] ?? '');
  if (typeof fullPath === 'number') return fullPath;
  const data: Record<string, unknown> = {};
  if (f.int('max-versions') >= 0) data['max_versions'] = f.int('max-versions');
  if (f.duration('delete-version-after') >= 0n) {
    data['delete_version_after'] = goDurationString(f.duration('delete-version-after'));
  }
  if (f.isSet('cas-required')) data['cas_required'] = f.bool('cas-required');
  const custom = f.map('custom-metadata');
  if (custom.size > 0) data['custom_metadata'] = Object.fromEntries(custom);
  return writeAndReport({ io, format: p.format, path: fullPath, kind: 'write' }, () => logicalWrite(client, fullPath, data));
};

export const kvMetadataDeleteCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, [...HTTP_FLAGS, MOUNT_FLAG]);
  if (typeof p === 'number') return p;
  if (!exactlyOne(io, p.flags.args)) return 1;
  const client = await p.client();
  const fullPath = await metadataPath(io, client, p.flags.string('mount'), p.flags.args[0] ?? '');
  if (typeof fullPath === 'number') return fullPath;
  const report = { io, format: p.format, path: fullPath, kind: 'delete', always: true } as const;
  return writeAndReport(report, () => logicalDelete(client, fullPath));
};
