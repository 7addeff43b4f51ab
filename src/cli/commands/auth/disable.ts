/**
 * `vault auth disable [options] PATH` ([V] command/auth_disable.go): DELETE sys/auth/<path>;
 * `Success! Disabled the auth method (if it existed) at: PATH/`.
 */
import { exactArgs, HTTP_FLAGS, prepare } from '../../command.js';
import { ensureTrailingSlash, sanitizePath } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { changeAndReport } from '../../write-report.js';

const HELP = commandHelp(
  `Usage: vault auth disable [options] PATH

  Disables an existing auth method at the given PATH. The argument corresponds
  to the PATH of the mount, not the TYPE!. Once the auth method is disabled its
  path can no longer be used to authenticate.

  All access tokens generated via the disabled auth method are immediately
  revoked. This command will block until all tokens are revoked.

  Disable the auth method at userpass/:

      $ vault auth disable userpass/`,
  [],
  [],
);

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactArgs(io, p.flags.args, 1)) return 1;
  const path = ensureTrailingSlash(sanitizePath(p.flags.args[0] ?? ''));
  const client = await p.client();
  return changeAndReport(io, () => client.disableAuth(path), {
    failure: `Error disabling auth method at ${path}`,
    success: `Success! Disabled the auth method (if it existed) at: ${path}`,
  });
};

export const command: Command = { synopsis: 'Disables an auth method', help: HELP, flags: HTTP_FLAGS, run };
