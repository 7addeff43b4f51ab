/**
 * `vault path-help [options] PATH` ([V] command/path_help.go): GET /v1/<PATH>?help=1 and print
 * the answer's `help` text, or with -format=json its `openapi` document as compact JSON. A
 * failure is `Error retrieving help: …` (Vault's sealed-server text when the server is sealed),
 * exit 2; a wrong argument count exits 1.
 */
import { errorText, exactArgs, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import type { FlagSpec } from '../flags.js';
import { err, out } from '../format.js';
import { marshalCompact } from '../go-json.js';
import { sanitizePath } from '../go-path.js';
import { commandHelp, FORMAT_DOC } from '../help-flags.js';
import type { CliCommand, Command } from '../io.js';
import type { PathHelp } from '../../api/client.js';

/** Vault's message when the server is sealed (the mounts, hence the paths, are unknown). */
const SEALED_MESSAGE = `Error: Vault is sealed.

The "path-help" command requires the Vault to be unsealed so that the mount
points of the secret engines are known.`;

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS];

const HELP = commandHelp(
  `Usage: vault path-help [options] PATH

  Prints the help the server holds for an API path, in markdown: system
  paths, secrets engines and auth methods all describe themselves.

  Help for whatever is mounted at secret/:

      $ vault path-help secret/

  The text names further paths, whose help is read the same way:

      $ vault path-help sys/mounts

  With -format=json the path's OpenAPI document is printed instead.`,
  [FORMAT_DOC],
  [],
);

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactArgs(io, p.flags.args, 1)) return 1;
  const client = await p.client();
  const path = sanitizePath(p.flags.args[0] ?? '');
  let help: PathHelp;
  try {
    help = await client.help(path);
  } catch (e) {
    const text = errorText(e);
    err(io, text.includes('Vault is sealed') ? SEALED_MESSAGE : `Error retrieving help: ${text}`);
    return 2;
  }
  out(io, p.format === 'json' ? marshalCompact(help.openapi) : help.help);
  return 0;
};

export const command: Command = { synopsis: 'Retrieve API help for paths', help: HELP, flags: COMMAND_FLAGS, run };
