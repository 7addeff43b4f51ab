/**
 * `vault kv put [-mount=M] [-cas=N] KEY K=V...` ([V] command/kv_put.go): writes the data (for
 * KV v2 as `{"data": …, "options": {"cas": N}}` to <mount>/data/<key>) and prints the
 * `== Secret Path ==` block with the new version's metadata; KV v1 answers
 * `Success! Data written to: secret/foo`.
 */
import { FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC, MOUNT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { addPrefixToKvPath, kvV1Path } from '../../kv-helpers.js';
import { kvWriteInput, outputKvWritten } from '../../kv-write-input.js';
import { writeAndReport } from '../../write-report.js';
import type { VaultSecret } from '../../secret.js';

const KV_PUT_FLAGS: readonly FlagSpec[] = [
  { name: 'cas', type: 'int', default: -1 },
  { name: 'mount', type: 'string' },
];

const HELP = commandHelp(
  `Usage: vault kv put [options] KEY [DATA]

  Writes the data to the given path in the key-value store. The data can be of
  any type.

      $ vault kv put -mount=secret foo bar=baz

  The deprecated path-like syntax can also be used, but this should be avoided
  for KV v2, as the fact that it is not actually the full API path to
  the secret (secret/data/foo) can cause confusion:

      $ vault kv put secret/foo bar=baz

  The data can also be consumed from a file on disk by prefixing with the "@"
  symbol. For example:

      $ vault kv put -mount=secret foo @data.json

  Or it can be read from stdin using the "-" symbol:

      $ echo "abcd1234" | vault kv put -mount=secret foo bar=-

  To perform a Check-And-Set operation, specify the -cas flag with the
  appropriate version number corresponding to the key you want to perform
  the CAS operation on:

      $ vault kv put -mount=secret -cas=1 foo bar=baz

  Additional flags and more advanced use cases are detailed below.`,
  [FIELD_DOC, FORMAT_DOC],
  [
    [
      'Common Options',
      [
        {
          name: 'cas',
          example: 'int',
          default: '-1',
          usage:
            'Specifies to use a Check-And-Set operation. If not set the write will be allowed. If ' +
            'set to 0 a write will only be allowed if the key doesn’t exist. If the index is ' +
            'non-zero the write will only be allowed if the key’s current version matches the ' +
            'version specified in the cas parameter.',
        },
        MOUNT_DOC,
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...KV_PUT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const input = await kvWriteInput(io, p, true);
  if (typeof input === 'number') return input;
  const { client, target: t, data } = input;
  let fullPath: string;
  let body: Record<string, unknown> = data;
  if (t.v2) {
    fullPath = addPrefixToKvPath(t.partialPath, t.mountPath, 'data');
    const cas = p.flags.int('cas');
    body = { data, options: cas > -1 ? { cas } : {} };
  } else {
    fullPath = kvV1Path(t);
  }

  const show = (secret: VaultSecret): number => outputKvWritten(io, fullPath, secret, p.format);
  const report = { io, format: p.format, path: fullPath, kind: 'write', field: p.flags.string('field'), show } as const;
  return writeAndReport(report, () => client.logicalWrite(fullPath, body));
};

export const command: Command = { synopsis: 'Sets or updates data in the KV store', help: HELP, flags: COMMAND_FLAGS, run };
