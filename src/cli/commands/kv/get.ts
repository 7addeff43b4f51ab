/**
 * `vault kv get [-mount=M] [-version=N] KEY` ([V] command/kv_get.go): for KV v2 the
 * `== Secret Path ==` block, the `Metadata` table and the `Data` table; for v1 only the data.
 * `No value found at secret/data/foo` and exit 2 when the key does not exist.
 */
import { FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, out } from '../../format.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC, MOUNT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import {
  addPrefixToKvPath,
  exactlyOne,
  headerForMap,
  kvReadRequest,
  kvV1Path,
  outputPath,
  resolveKv,
} from '../../kv-helpers.js';
import { readOrReport } from '../../read-report.js';
import { outputData, outputSecret, printMapField, printSecretField, printWarnings } from '../../secret-output.js';

const KV_GET_FLAGS: readonly FlagSpec[] = [
  { name: 'version', type: 'int' },
  { name: 'mount', type: 'string' },
];

const HELP = commandHelp(
  `Usage: vault kv get [options] KEY

  Retrieves the value from Vault's key-value store at the given key name. If no
  key exists with that name, an error is returned. If a key exists with that
  name but has no data, nothing is returned.

      $ vault kv get -mount=secret foo

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv get secret/foo

  To view the given key name at a specific version in time, specify the "-version"
  flag:

      $ vault kv get -mount=secret -version=1 foo

  Additional flags and more advanced use cases are detailed below.`,
  [FIELD_DOC, FORMAT_DOC],
  [
    [
      'Common Options',
      [
        MOUNT_DOC,
        { name: 'version', example: 'int', usage: 'If passed, the value at the version number will be returned.' },
      ],
    ],
  ],
);

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...KV_GET_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!exactlyOne(io, a)) return 1;
  const client = await p.client();
  // kv get only drops one leading slash from its argument.
  const t = await resolveKv(io, client, p.flags.string('mount'), a[0] ?? '', (s) => s.replace(/^\//, ''));
  if (t === null) return 2;
  const version = p.flags.int('version');
  const fullPath = t.v2 ? addPrefixToKvPath(t.partialPath, t.mountPath, 'data') : kvV1Path(t);
  const query = t.v2 && version > 0 ? { version: [String(version)] } : undefined;

  const secret = await readOrReport(io, fullPath, () => kvReadRequest(client, fullPath, query));
  if (typeof secret === 'number') return secret;

  const field = p.flags.string('field');
  if (field !== '') {
    if (!t.v2) return printSecretField(io, secret, field, p.format);
    const data = secret.data?.['data'];
    if (data === undefined || data === null) {
      err(io, `No data found at ${fullPath}`);
      return 2;
    }
    // A literal "data" field: the key named "data" if there is one, else the data block.
    if (field === 'data' && !(isMap(data) && 'data' in data)) return printSecretField(io, secret, field, p.format);
    return printMapField(io, isMap(data) ? data : {}, field, p.format);
  }

  if (secret.wrap_info !== null || p.format !== 'table') return outputSecret(io, secret, p.format);
  printWarnings(io, secret);
  if (t.v2) outputPath(io, fullPath, 'Secret Path');
  const metadata = secret.data?.['metadata'];
  if (isMap(metadata)) {
    out(io, headerForMap('Metadata', metadata));
    outputData(io, metadata, p.format);
    out(io, '');
  }
  let data: Record<string, unknown> | null = secret.data;
  if (t.v2 && data !== null) data = isMap(data['data']) ? data['data'] : null;
  if (data !== null) {
    out(io, headerForMap('Data', data));
    outputData(io, data, p.format);
  }
  return 0;
};

export const command: Command = { synopsis: 'Retrieves data from the KV store', help: HELP, flags: COMMAND_FLAGS, run };
