/**
 * `vault secrets disable [options] PATH` ([V] command/secrets_disable.go): DELETE
 * sys/mounts/<path>; `Success! Disabled the secrets engine (if it existed) at: PATH/`.
 */
import { HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import { ensureTrailingSlash, sanitizePath } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { changeAndReport } from '../../write-report.js';

const HELP = commandHelp(
  `Usage: vault secrets disable [options] PATH

  Disables a secrets engine at the given PATH. The argument corresponds to
  the enabled PATH of the engine, not the TYPE! All secrets created by this
  engine are revoked and its Vault data is removed.

  Disable the secrets engine enabled at aws/:

      $ vault secrets disable aws/`,
  [],
  [],
);

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!exactArgs(io, a, 1)) return 1;
  const client = await p.client();
  const path = ensureTrailingSlash(sanitizePath(a[0] ?? ''));
  return changeAndReport(io, () => client.unmount(path), {
    failure: `Error disabling secrets engine at ${path}`,
    success: `Success! Disabled the secrets engine (if it existed) at: ${path}`,
  });
};

export const command: Command = { synopsis: 'Disable a secret engine', help: HELP, flags: HTTP_FLAGS, run };
