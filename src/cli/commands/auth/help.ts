/**
 * `vault auth help [options] TYPE | PATH` ([V] command/auth_help.go): the login handler's help
 * for a TYPE tsvault has a handler for; otherwise the PATH is looked up in sys/auth and the help
 * of its type's handler printed. No request reaches the auth method itself (Vault's CLI does not
 * ask the server for help text either).
 */
import { exactArgs, errorText, HTTP_FLAGS, prepare } from '../../command.js';
import { goQuote } from '../../flags.js';
import { err, out, wrapAtLength } from '../../format.js';
import { ensureTrailingSlash, sanitizePath } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { LOGIN_HANDLERS } from '../../login-handlers/index.js';
import { field, mountsFromAnswer } from '../../mount-output.js';

const HELP = commandHelp(
  `Usage: vault auth help [options] TYPE | PATH

  Prints usage and help for an auth method.

    - If given a TYPE, this command prints the default help for the
      auth method of that type.

    - If given a PATH, this command prints the help output for the
      auth method enabled at that path. This path must already
      exist.

  Get usage instructions for the userpass auth method:

      $ vault auth help userpass

  Print usage for the auth method enabled at my-method/:

      $ vault auth help my-method/

  Each auth method produces its own help output.`,
  [],
  [],
);

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactArgs(io, p.flags.args, 1)) return 1;
  const client = await p.client();
  const arg = p.flags.args[0] ?? '';
  const authType = arg.trim();
  let handler = LOGIN_HANDLERS.get(authType);
  if (handler === undefined) {
    // Not a type: maybe the path of an enabled method.
    let auths: Map<string, Map<string, unknown>>;
    try {
      auths = mountsFromAnswer(await client.listAuth());
    } catch (e) {
      err(io, `Error listing auth methods: ${errorText(e)}`);
      return 2;
    }
    const authPath = ensureTrailingSlash(sanitizePath(arg));
    const mount = auths.get(authPath);
    if (mount === undefined) {
      err(io, `No auth method available on the server at ${goQuote(authPath)}`);
      return 1;
    }
    handler = LOGIN_HANDLERS.get(field<string>(mount, 'type'));
    if (handler === undefined) {
      err(io, wrapAtLength(`No method-specific CLI handler available for auth method ${goQuote(authType)}`));
      return 2;
    }
  }
  out(io, handler.help);
  return 0;
};

export const command: Command = { synopsis: 'Prints usage for an auth method', help: HELP, flags: HTTP_FLAGS, run };
