/**
 * `vault operator step-down` ([V] command/operator_step_down.go): the active HA node gives up the
 * lock; `Success! Stepped down: <address>` and exit 0, `Error stepping down: ...` and exit 2.
 */
import { checkArgCount, HTTP_FLAGS, prepare } from '../../command.js';
import { HTTP_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, Command } from '../../io.js';
import { changeAndReport } from '../../write-report.js';

const HELP = `Usage: vault operator step-down [options]

  Forces the Vault server at the given address to step down from active duty.
  While the affected node will have a delay before attempting to acquire the
  leader lock again, if no other Vault nodes acquire the lock beforehand, it
  is possible for the same node to re-acquire the lock and become active
  again.

  Force Vault to step down as the leader:

      $ vault operator step-down

${HTTP_OPTIONS_HELP}`;

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  return changeAndReport(io, () => client.stepDown(), { failure: 'Error stepping down', success: `Success! Stepped down: ${client.address}` });
};

export const command: Command = { synopsis: 'Forces Vault to resign active duty', help: HELP, flags: HTTP_FLAGS, run };
