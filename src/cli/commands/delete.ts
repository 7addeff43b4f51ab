/**
 * `vault delete [options] PATH [K=V...]` ([V] command/delete.go): DELETE the path (extra K=V
 * pairs go in the query). `Success! Data deleted (if it existed) at: PATH` when the server
 * answers without a body.
 */
import { FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC } from '../help-flags.js';
import type { CliCommand, Command } from '../io.js';
import type { FlagSpec } from '../flags.js';
import { pathQueryArgs } from '../path-query-args.js';
import { writeAndReport } from '../write-report.js';

const HELP = commandHelp(
  `Usage: vault delete [options] PATH

  Deletes secrets and configuration from Vault at the given path. The behavior
  of "delete" is delegated to the backend corresponding to the given path.

  Remove data in the status secret backend:

      $ vault delete secret/my-secret

  Uninstall an encryption key in the transit backend:

      $ vault delete transit/keys/my-key

  Delete an IAM role:

      $ vault delete aws/roles/ops

  For a full list of examples and paths, please see the documentation that
  corresponds to the secret backend in use.`,
  [FIELD_DOC, FORMAT_DOC],
  [],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const input = await pathQueryArgs(io, p, { expected: 'at least 1', parseFailure: 'Failed to parse string list data' });
  if (typeof input === 'number') return input;
  const { client, path, data } = input;
  const report = { io, format: p.format, path, kind: 'delete', field: p.flags.string('field') } as const;
  return writeAndReport(report, () => client.logicalDelete(path, data));
};

export const command: Command = { synopsis: 'Delete secrets and configuration', help: HELP, flags: COMMAND_FLAGS, run };
