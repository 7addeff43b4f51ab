/**
 * `vault secrets move [options] SOURCE DESTINATION` ([V] command/secrets_move.go): POST sys/remount,
 * then polls the move's status (src/cli/mount-move.ts).
 */
import { HTTP_FLAGS } from '../../command.js';
import { commandHelp } from '../../help-flags.js';
import type { Command } from '../../io.js';
import { moveCommand } from '../../mount-move.js';

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

const run = moveCommand('secrets engine');

export const command: Command = { synopsis: 'Move a secrets engine to a new path', help: HELP, flags: HTTP_FLAGS, run };
