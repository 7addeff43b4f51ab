/**
 * `vault auth move [options] SOURCE DESTINATION` ([V] command/auth_move.go): POST sys/remount,
 * then polls the move's status (src/cli/mount-move.ts).
 */
import { HTTP_FLAGS } from '../../command.js';
import { commandHelp } from '../../help-flags.js';
import type { Command } from '../../io.js';
import { moveCommand } from '../../mount-move.js';

const HELP = commandHelp(
  `Usage: vault auth move [options] SOURCE DESTINATION

  Moves an existing auth method to a new path. Any leases from the old
  auth method are revoked, but all configuration associated with the method
  is preserved. It starts the move and polls its status until it ends.

  WARNING! Moving an auth method will revoke any leases from the
  old method.

  Move the auth method at auth/approle/ to auth/generic/:

      $ vault auth move auth/approle/ auth/generic/`,
  [],
  [],
);

const run = moveCommand('auth method');

export const command: Command = { synopsis: 'Move an auth method to a new path', help: HELP, flags: HTTP_FLAGS, run };
