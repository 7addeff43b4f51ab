/**
 * `vault write [options] PATH [K=V...]` ([V] command/write.go): PUT the data (K=V pairs,
 * `K=@file`, `K=-`, a lone `-` for a JSON object on stdin). A 204 prints
 * `Success! Data written to: PATH`; an answer is printed as a secret.
 */
import { parseArgsData } from '../args-data.js';
import { errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import type { FlagSpec } from '../flags.js';
import { err } from '../format.js';
import { sanitizePath } from '../go-path.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC } from '../help-flags.js';
import type { CliCommand, Command } from '../io.js';
import { writeAndReport } from '../write-report.js';

const WRITE_FLAGS: readonly FlagSpec[] = [{ name: 'force', type: 'bool', aliases: ['f'] }];

const HELP = commandHelp(
  `Usage: vault write [options] PATH [DATA K=V...]

  Writes data to Vault at the given path. The data can be credentials, secrets,
  configuration, or arbitrary data. The specific behavior of this command is
  determined at the thing mounted at the path.

  Data is specified as "key=value" pairs. If the value begins with an "@", then
  it is loaded from a file. If the value is "-", Vault will read the value from
  stdin.

  Persist data in the generic secrets engine:

      $ vault write secret/my-secret foo=bar

  Create a new encryption key in the transit secrets engine:

      $ vault write -f transit/keys/my-key

  Upload an AWS IAM policy from a file on disk:

      $ vault write aws/roles/ops policy=@policy.json

  Configure access to Consul by providing an access token:

      $ echo $MY_TOKEN | vault write consul/config/access token=-

  For a full list of examples and paths, please see the documentation that
  corresponds to the secret engines in use.`,
  [FIELD_DOC, FORMAT_DOC],
  [
    [
      'Command Options',
      [
        {
          name: 'force',
          example: '',
          aliases: ['f'],
          default: 'false',
          usage:
            'Allow the operation to continue with no key=value pairs. This allows writing to keys ' +
            'that do not need or expect data.',
        },
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...WRITE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (a.length < 1) {
    err(io, `Not enough arguments (expected 1, got ${a.length})`);
    return 1;
  }
  if (a.length === 1 && !p.flags.bool('force')) {
    err(io, 'Must supply data or use -force');
    return 1;
  }
  const path = sanitizePath(a[0] ?? '');
  let data;
  try {
    data = await parseArgsData(io, a.slice(1));
  } catch (e) {
    err(io, `Failed to parse K=V data: ${errorText(e)}`);
    return 1;
  }
  const client = await p.client();
  const report = { io, format: p.format, path, kind: 'write', field: p.flags.string('field') } as const;
  return writeAndReport(report, () => client.logicalWrite(path, data));
};

export const command: Command = { synopsis: 'Write data, configuration, and secrets', help: HELP, flags: COMMAND_FLAGS, run };
