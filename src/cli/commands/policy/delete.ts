/** `vault policy delete NAME` ([V] command/policy_delete.go). */
import { HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import type { CliCommand, Command } from '../../io.js';
import { commandHelp } from '../../help-flags.js';
import { changeAndReport } from '../../write-report.js';

const HELP = commandHelp(
  `Usage: vault policy delete [options] NAME

  Deletes the policy named NAME in the Vault server. Once the policy is deleted,
  all tokens associated with the policy are affected immediately.

  Delete the policy named "my-policy":

      $ vault policy delete my-policy

  Note that it is not possible to delete the "default" or "root" policies.
  These are built-in policies.`,
  [],
  [],
);;

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactArgs(io, p.flags.args, 1)) return 1;
  const client = await p.client();
  const name = (p.flags.args[0] ?? '').trim().toLowerCase();
  return changeAndReport(io, () => client.deletePolicy(name), {
    failure: `Error deleting ${name}`,
    success: `Success! Deleted policy: ${name}`,
  });
};

export const command: Command = { synopsis: 'Deletes a policy by name', help: HELP, flags: HTTP_FLAGS, run };
