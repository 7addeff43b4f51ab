/**
 * `vault kv metadata get` ([V] command/kv_metadata_get.go): the `Metadata Path` block, the key's
 * metadata and one table per version.
 */
import { FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../../command.js';
import type { FlagSpec } from '../../../flags.js';
import { err, out } from '../../../format.js';
import { goSortKeys } from '../../../go-json.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from '../../../help-flags.js';
import type { CliCommand, Command } from '../../../io.js';
import { exactlyOne, headerForMap, KV_MOUNT_FLAG, kvMetadataPath, outputPath } from '../../../kv-helpers.js';
import { readOrReport } from '../../../read-report.js';
import { outputData, outputSecret } from '../../../secret-output.js';
import type { VaultSecret } from '../../../secret.js';

const USAGE = `Usage: vault kv metadata get [options] KEY

  Retrieves the metadata from Vault's key-value store at the given key name. If no
  key exists with that name, an error is returned.

      $ vault kv metadata get -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/metadata/foo) can cause confusion:

      $ vault kv metadata get secret/foo

  Additional flags and more advanced use cases are detailed below.`;

const HELP = commandHelp(USAGE, [FORMAT_DOC], [['Common Options', [MOUNT_DOC]]]);

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, KV_MOUNT_FLAG];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactlyOne(io, p.flags.args)) return 1;
  const client = await p.client();
  const fullPath = await kvMetadataPath(io, client, p.flags.string('mount'), p.flags.args[0] ?? '');
  if (typeof fullPath === 'number') return fullPath;
  const secret = await readOrReport(io, fullPath, () => client.logicalRead(fullPath));
  if (typeof secret === 'number') return secret;
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

export const command: Command = { synopsis: 'Retrieves key metadata from the KV store', help: HELP, flags: COMMAND_FLAGS, run };
