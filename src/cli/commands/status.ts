/**
 * `vault status`: the seal status and HA state. Exit 0 unsealed, 2 sealed, 1 on error
 * ([V] command/status.go).
 */
import { checkArgCount, errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import { err } from '../format.js';
import type { CliCommand, Command } from '../io.js';
import type { FlagSpec } from '../flags.js';
import { outputSealStatus } from '../seal-status-output.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../help-text.js';

const HELP = `Usage: vault status [options]

  Prints the current state of Vault including whether it is sealed and if HA
  mode is enabled. This command prints regardless of whether the Vault is
  sealed.

  The exit code reflects the seal status:

      - 0 - unsealed
      - 1 - error
      - 2 - sealed

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}

  -field=<string>
      Print only the field with the given name, without a trailing newline
      when stdout is not a terminal.`;

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, ...FIELD_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;

  const client = await p.client();
  let status;
  try {
    status = await client.sealStatus();
  } catch (e) {
    err(io, `Error checking seal status: ${errorText(e)}`);
    return 1;
  }
  const code = await outputSealStatus(io, client, status, p.format, p.flags.string('field'));
  // 2 is reserved for "sealed", whatever the output step returned.
  return status.sealed ? 2 : code;
};

export const command: Command = { synopsis: 'Print seal and HA status', help: HELP, flags: COMMAND_FLAGS, run };
