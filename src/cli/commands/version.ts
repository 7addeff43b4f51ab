/**
 * `vault version`, `vault -v`, `vault --version`: Vault prints
 * `Vault v1.13.2 (<commit>), built 2023-04-25T13:02:50Z`; tsvault puts its own name where the
 * commit goes.
 */
import { out } from '../format.js';
import type { CliCommand, Command } from '../io.js';
import { versionString } from '../version-line.js';

const HELP = `Usage: vault version

  Prints the version of this Vault CLI. This does not print the target Vault
  server version.

  Print the version:

      $ vault version

  There are no arguments or flags to this command. Any additional arguments or
  flags are ignored.`;

const run: CliCommand = async (_args, io) => {
  out(io, versionString());
  return 0;
};

export const command: Command = { synopsis: 'Prints the Vault CLI version', help: HELP, flags: [], run };
