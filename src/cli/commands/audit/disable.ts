/**
 * `vault audit disable [options] PATH` ([V] command/audit_disable.go): DELETE sys/audit/<path>;
 * `Success! Disabled audit device (if it was enabled) at: PATH/`. Wrong argument count exits 1,
 * an API error 2.
 */
import { exactArgs, HTTP_FLAGS, prepare } from '../../command.js';
import { ensureTrailingSlash, sanitizePath } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { changeAndReport } from '../../write-report.js';

const HELP = commandHelp(
  `Usage: vault audit disable [options] PATH

  Disables the audit device mounted at PATH: nothing more is sent to it. What
  it already wrote stays where it is.

  PATH is where the device is mounted (as "vault audit list" shows it), which
  is not always its type.

  Disable the device mounted at "file/":

      $ vault audit disable file/`,
  [],
  [],
);

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactArgs(io, p.flags.args, 1)) return 1;
  const path = ensureTrailingSlash(sanitizePath(p.flags.args[0] ?? ''));
  const client = await p.client();
  return changeAndReport(io, () => client.disableAudit(path), {
    failure: 'Error disabling audit device',
    success: `Success! Disabled audit device (if it was enabled) at: ${path}`,
  });
};

export const command: Command = { synopsis: 'Disables an audit device', help: HELP, flags: HTTP_FLAGS, run };
