/**
 * `vault secrets move [options] SOURCE DESTINATION` ([V] command/secrets_move.go): POST sys/remount,
 * then polls the move's status (src/cli/mount-move.ts).
 */
import { HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import { ensureTrailingSlash } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { moveMount } from '../../mount-move.js';

const HELP = commandHelp(
  `Usage: vault secrets move [options] SOURCE DESTINATION

  Moves an existing secrets engine to a new path. Any leases from the old
  secrets engine are revoked, but all configuration associated with the engine
  is preserved. It starts the move and polls its status until it ends.

  WARNING! Moving a secrets engine will revoke any leases from the
  old engine.

  Move the secrets engine at secret/ to generic/:

      $ vault secrets move secret/ generic/`,
  [],
  [],
);

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!exactArgs(io, a, 2)) return 1;
  const client = await p.client();
  return moveMount(io, client, 'secrets engine', ensureTrailingSlash(a[0]!), ensureTrailingSlash(a[1]!));
};

export const command: Command = { synopsis: 'Move a secrets engine to a new path', help: HELP, flags: HTTP_FLAGS, run };
