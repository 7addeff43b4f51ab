/**
 * `vault kv patch [-mount=M] [-cas=N] [-method=patch|rw] [-remove-data=K] KEY [K=V...]`
 * ([V] command/kv_patch.go): KV v2 only. An HTTP PATCH (JSON merge patch); without -method a 405
 * or 403 falls back to read, merge locally, write with cas set to the read version.
 */
import { ApiResponseError, type VaultClient } from '../../../api/client.js';
import { errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, out, type OutputFormat } from '../../format.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC, MOUNT_DOC } from '../../help-flags.js';
import type { CliCommand, CliIO, Command } from '../../io.js';
import { addPrefixToKvPath, kvReadRequest } from '../../kv-helpers.js';
import { kvWriteInput, outputKvWritten } from '../../kv-write-input.js';
import type { WriteResult } from '../../../api/logical.js';
import { printSecretField } from '../../secret-output.js';
import type { VaultSecret } from '../../secret.js';

const KV_PATCH_FLAGS: readonly FlagSpec[] = [
  { name: 'cas', type: 'int' },
  { name: 'method', type: 'string' },
  { name: 'mount', type: 'string' },
  { name: 'remove-data', type: 'repeatable' },
];

const HELP = commandHelp(
  `Usage: vault kv patch [options] KEY [DATA]

  *NOTE*: This is only supported for KV v2 engine mounts.

  Writes the data to the corresponding path in the key-value store. The data can be of
  any type.

      $ vault kv patch -mount=secret foo bar=baz

  The deprecated path-like syntax can also be used, but this should be avoided,
  as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv patch secret/foo bar=baz

  The data can also be consumed from a file on disk by prefixing with the "@"
  symbol. For example:

      $ vault kv patch -mount=secret foo @data.json

  Or it can be read from stdin using the "-" symbol:

      $ echo "abcd1234" | vault kv patch -mount=secret foo bar=-

  To perform a Check-And-Set operation, specify the -cas flag with the
  appropriate version number corresponding to the key you want to perform
  the CAS operation on:

      $ vault kv patch -mount=secret -cas=1 foo bar=baz

  By default, this operation will attempt an HTTP PATCH operation. If your
  policy does not allow that, it will fall back to a read/local update/write approach.
  If you wish to specify which method this command should use, you may do so
  with the -method flag. When -method=patch is specified, only an HTTP PATCH
  operation will be tried. If it fails, the entire command will fail.

      $ vault kv patch -mount=secret -method=patch foo bar=baz

  When -method=rw is specified, only a read/local update/write approach will be tried.
  This was the default behavior previous to Vault 1.9.

      $ vault kv patch -mount=secret -method=rw foo bar=baz

  To remove data from the corresponding path in the key-value store, kv patch can be used.

      $ vault kv patch -mount=secret -remove-data=bar foo

  Additional flags and more advanced use cases are detailed below.`,
  [FIELD_DOC, FORMAT_DOC],
  [
    [
      'Common Options',
      [
        {
          name: 'cas',
          example: 'int',
          usage:
            'Specifies to use a Check-And-Set operation. If set to 0 or not set, the patch will be ' +
            'allowed. If the index is non-zero the patch will only be allowed if the key’s current ' +
            'version matches the version specified in the cas parameter.',
        },
        {
          name: 'method',
          example: 'string',
          usage:
            'Specifies which method of patching to use. If set to "patch", then an HTTP PATCH ' +
            'request will be issued. If set to "rw", then a read will be performed, then a local ' +
            'update, followed by a remote update.',
        },
        MOUNT_DOC,
        {
          name: 'remove-data',
          example: 'string',
          usage: 'Key to remove from data. To specify multiple values, specify this flag multiple times.',
        },
      ],
    ],
  ],
);

interface PatchContext {
  io: CliIO;
  client: VaultClient;
  path: string;
  format: OutputFormat;
  field: string;
}

type Outcome = [VaultSecret | null, number];

/** The tail both methods share: the success line, or -field, or the secret for the caller. */
function afterWrite(c: PatchContext, secret: VaultSecret | null): Outcome {
  if (secret === null) {
    if (c.format === 'table') out(c.io, `Success! Data written to: ${c.path}`);
    return [null, 0];
  }
  if (c.field !== '') return [null, printSecretField(c.io, secret, c.field, c.format)];
  return [secret, 0];
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

async function readThenWrite(c: PatchContext, newData: Record<string, unknown>): Promise<Outcome> {
  let current: VaultSecret | null;
  try {
    current = await kvReadRequest(c.client, c.path);
  } catch (e) {
    err(c.io, `Error doing pre-read at ${c.path}: ${errorText(e)}`);
    return [null, 2];
  }
  if (current === null || current.data === null) {
    err(c.io, `No value found at ${c.path}`);
    return [null, 2];
  }
  const meta = current.data['metadata'];
  if (meta === undefined || meta === null) {
    err(c.io, `No metadata found at ${c.path}; patch only works on existing data`);
    return [null, 2];
  }
  if (!isMap(meta)) {
    err(c.io, `Metadata found at ${c.path} is not the expected type (JSON object)`);
    return [null, 2];
  }
  const data = current.data['data'];
  if (data === undefined || data === null) {
    err(c.io, `No data found at ${c.path}; patch only works on existing data`);
    return [null, 2];
  }
  if (!isMap(data)) {
    err(c.io, `Data found at ${c.path} is not the expected type (JSON object)`);
    return [null, 2];
  }
  let result: WriteResult;
  try {
    result = await c.client.logicalWrite(c.path, { data: { ...data, ...newData }, options: { cas: meta['version'] ?? null } });
    if (result.error) throw result.error;
  } catch (e) {
    err(c.io, `Error writing data to ${c.path}: ${errorText(e)}`);
    return [null, 2];
  }
  return afterWrite(c, result.secret);
}

async function mergePatch(c: PatchContext, newData: Record<string, unknown>, cas: number, fallback: boolean): Promise<Outcome> {
  let result: WriteResult;
  try {
    result = await c.client.logicalMergePatch(c.path, { data: newData, options: cas > 0 ? { cas } : {} });
    if (result.error) throw result.error;
  } catch (e) {
    // 405: a server without PATCH; 403: a policy without the "patch" capability.
    if (e instanceof ApiResponseError && fallback && e.statusCode === 405) return readThenWrite(c, newData);
    if (e instanceof ApiResponseError && fallback && e.statusCode === 403) {
      err(
        c.io,
        `Data was written to ${c.path} but we recommend that you add the "patch" capability to your ` +
          'ACL policy in order to use HTTP PATCH in the future.',
      );
      return readThenWrite(c, newData);
    }
    err(c.io, `Error writing data to ${c.path}: ${errorText(e)}`);
    return [null, 2];
  }
  return afterWrite(c, result.secret);
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...KV_PATCH_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const removeData = p.flags.list('remove-data');
  const input = await kvWriteInput(io, p, removeData.length === 0);
  if (typeof input === 'number') return input;
  const { client, target: t, data: newData } = input;
  if (!t.v2) {
    err(io, 'K/V engine mount must be version 2 for patch support');
    return 2;
  }
  const fullPath = addPrefixToKvPath(t.partialPath, t.mountPath, 'data');
  // A null in a JSON merge patch removes the key.
  for (const key of removeData) newData[key] = null;

  const c: PatchContext = { io, client, path: fullPath, format: p.format, field: p.flags.string('field') };
  const method = p.flags.string('method');
  let outcome: Outcome;
  if (method === 'rw') outcome = await readThenWrite(c, newData);
  else if (method === 'patch') outcome = await mergePatch(c, newData, p.flags.int('cas'), false);
  else if (method === '') outcome = await mergePatch(c, newData, p.flags.int('cas'), true);
  else {
    err(io, `Unsupported method provided to -method flag: ${method}`);
    return 2;
  }
  const [secret, code] = outcome;
  if (code !== 0 || secret === null) return code;
  return outputKvWritten(io, fullPath, secret, p.format);
};

export const command: Command = { synopsis: 'Sets or updates data in the KV store without overwriting', help: HELP, flags: COMMAND_FLAGS, run };
