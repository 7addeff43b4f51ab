/**
 * `vault read [options] PATH [K=V...]` ([V] command/read.go): GET the path (extra K=V pairs go
 * in the query) and print the secret. `No value found at PATH` and exit 2 when there is none.
 */
import { FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC } from '../help-flags.js';
import type { CliCommand, Command } from '../io.js';
import type { FlagSpec } from '../flags.js';
import { pathQueryArgs } from '../path-query-args.js';
import { readOrReport } from '../read-report.js';
import { outputSecret, printSecretField } from '../secret-output.js';

const HELP = commandHelp(
  `Usage: vault read [options] PATH

  Reads data from Vault at the given path. This can be used to read secrets,
  generate dynamic credentials, get configuration details, and more.

  Read details of your own token:

      $ vault read auth/token/lookup-self

  Read entity details of a given ID:

      $ vault read identity/entity/id/2f09126d-d161-abb8-2241-555886491d97

  Generate credentials for my-role in an AWS secrets engine:

      $ vault read aws/creds/my-role

  For a full list of examples and paths, please see the documentation that
  corresponds to the secrets engine in use.`,
  [FIELD_DOC, FORMAT_DOC],
  [],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const input = await pathQueryArgs(io, p, { expected: '1', parseFailure: 'Failed to parse K=V data' });
  if (typeof input === 'number') return input;
  const { client, path, data } = input;
  const secret = await readOrReport(io, path, () => client.logicalRead(path, data));
  if (typeof secret === 'number') return secret;
  const field = p.flags.string('field');
  if (field !== '') return printSecretField(io, secret, field, p.format);
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Read data and retrieves secrets', help: HELP, flags: COMMAND_FLAGS, run };
