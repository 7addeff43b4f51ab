/**
 * `vault operator unseal [-reset] [-migrate] [KEY]` ([V] command/operator_unseal.go). Prints the
 * status table afterwards and exits 0 even while still sealed; 2 on an API error, 1 on bad
 * arguments. Without KEY it prompts on stdout and reads the key hidden from a terminal, or one
 * line from a pipe (Vault itself refuses pipes; tsvault accepts them so scripts can feed keys).
 */
import type { SealStatusResponse } from '../../../wire/seal.js';
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, wrapAtLength } from '../../format.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, Command } from '../../io.js';
import { readSecret } from '../../prompt.js';
import { outputSealStatus } from '../../seal-status-output.js';

const UNSEAL_FLAGS: readonly FlagSpec[] = [
  { name: 'reset', type: 'bool' },
  { name: 'migrate', type: 'bool' },
];

const HELP = `Usage: vault operator unseal [options] [KEY]

  Provide a portion of the root key to unseal a Vault server. Vault starts
  in a sealed state. It cannot perform operations until it is unsealed. This
  command accepts a portion of the root key (an "unseal key").

  The unseal key can be supplied as an argument to the command, but this is
  not recommended as the unseal key will be available in your history:

      $ vault operator unseal IXyR0OJnSFobekZMMCKCoVEpT7wI6l+USMzE3IcyDyo=

  Instead, run the command with no arguments and it will prompt for the key:

      $ vault operator unseal
      Key (will be hidden): IXyR0OJnSFobekZMMCKCoVEpT7wI6l+USMzE3IcyDyo=

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}

Command Options:

  -migrate
      Indicate that this share is provided with the intent that it is part of
      a seal migration process. The default is false.

  -reset
      Discard any previously entered keys to the unseal process. The default
      is false.`;

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, ...UNSEAL_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 1)) return 1;
  let key = (p.flags.args[0] ?? '').trim();

  const client = await p.client();
  if (p.flags.bool('reset')) {
    let status: SealStatusResponse;
    try {
      status = await client.unseal({ reset: true });
    } catch (e) {
      err(io, `Error resetting unseal process: ${errorText(e)}`);
      return 2;
    }
    return outputSealStatus(io, client, status, p.format);
  }

  if (key === '') {
    if (p.flags.bool('non-interactive')) {
      err(
        io,
        wrapAtLength(
          'Refusing to read from stdin with -non-interactive specified; specify unseal key as an argument to this command',
        ),
      );
      return 1;
    }
    io.stdout.write('Unseal Key (will be hidden): ');
    let value: string;
    try {
      value = await readSecret(io.stdin);
    } catch (e) {
      io.stdout.write('\n');
      err(
        io,
        wrapAtLength(
          'An error occurred attempting to ask for an unseal key. The raw error message is shown ' +
            'below, but usually this is because you attempted to pipe a value into the unseal ' +
            'command or you are executing outside of a terminal (tty). You should run the unseal ' +
            'command from a terminal for maximum security. If this is not an option, the unseal ' +
            'key can be provided as the first argument to the unseal command. The raw error ' +
            `was:\n\n${errorText(e)}`,
        ),
      );
      return 1;
    }
    io.stdout.write('\n');
    key = value.trim();
  }

  let status: SealStatusResponse;
  try {
    status = await client.unseal({ key, migrate: p.flags.bool('migrate') });
  } catch (e) {
    err(io, `Error unsealing: ${errorText(e)}`);
    return 2;
  }
  return outputSealStatus(io, client, status, p.format);
};

export const command: Command = { synopsis: 'Unseals the Vault server', help: HELP, flags: COMMAND_FLAGS, run };
