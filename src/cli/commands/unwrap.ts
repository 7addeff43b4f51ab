/**
 * `vault unwrap [options] [TOKEN]` ([V] command/unwrap.go): PUT sys/wrapping/unwrap (the token
 * in the body, or the CLI's own token unwrapped) and print the wrapped response as `vault read`
 * prints a secret, or as a list when it was a LIST answer.
 */
import { errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import type { FlagSpec } from '../flags.js';
import { err, out } from '../format.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC } from '../help-flags.js';
import type { CliCommand, Command } from '../io.js';
import { outputList, outputSecret, printSecretField } from '../secret-output.js';
import type { VaultSecret } from '../secret.js';

const HELP = commandHelp(
  `Usage: vault unwrap [options] [TOKEN]

  Unwraps a wrapped secret from Vault by the given token. The result is the
  same as the "vault read" operation on the non-wrapped secret. If no token
  is given, the data in the currently authenticated token is unwrapped.

  Unwrap the data in the cubbyhole secrets engine for a token:

      $ vault unwrap 3de9ece1-b347-e143-29b0-dc2dc31caafd

  Unwrap the data in the active token:

      $ vault login 848f9ccf-7176-098c-5e2b-75a0689d41cd
      $ vault unwrap # unwraps 848f9ccf...

  For a full list of examples and paths, please see the online documentation.`,
  [FIELD_DOC, FORMAT_DOC],
  [],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (a.length > 1) {
    err(io, `Too many arguments (expected 0-1, got ${a.length})`);
    return 1;
  }
  const token = (a[0] ?? '').trim();
  const client = await p.client();
  let secret: VaultSecret | null;
  try {
    secret = await client.unwrap(token);
  } catch (e) {
    err(io, `Error unwrapping: ${errorText(e)}`);
    return 2;
  }
  if (secret === null) {
    // UI.Info: stdout.
    if (p.format === 'table') out(io, 'Successfully unwrapped. There was no data in the wrapped secret.');
    return 0;
  }
  const field = p.flags.string('field');
  if (field !== '') return printSecretField(io, secret, field, p.format);
  // extractListData: a wrapped LIST answer is printed as a list.
  if (Array.isArray(secret.data?.['keys'])) return outputList(io, secret, p.format);
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Unwrap a wrapped secret', help: HELP, flags: COMMAND_FLAGS, run };
