/**
 * `vault list [options] PATH` ([V] command/list.go): LIST the path (sent as GET ?list=true) and
 * print the keys under "Keys". `No value found at PATH` (exit 2) when there is nothing; other
 * formats print `{}` and exit 2 instead.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare, exactArgs } from '../command.js';
import { err } from '../format.js';
import { sanitizePath } from '../go-path.js';
import { commandHelp, FORMAT_DOC, type FlagDoc } from '../help-flags.js';
import type { CliCommand, Command } from '../io.js';
import type { FlagSpec } from '../flags.js';
import { detailedFlag, finishList } from '../list-output.js';
import type { VaultSecret } from '../secret.js';

const DETAILED_DOC: FlagDoc = {
  name: 'detailed',
  example: '',
  default: 'false',
  env: 'VAULT_DETAILED',
  usage: 'Enables additional metadata during some operations',
};

const HELP = commandHelp(
  `Usage: vault list [options] PATH

  Lists data from Vault at the given path. This can be used to list keys in a,
  given secret engine.

  List values under the "my-app" folder of the generic secret engine:

      $ vault list secret/my-app/

  For a full list of examples and paths, please see the documentation that
  corresponds to the secret engine in use. Not all engines support listing.`,
  [DETAILED_DOC, FORMAT_DOC],
  [],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'detailed', type: 'bool' }];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!exactArgs(io, a, 1)) return 1;
  const client = await p.client();
  const path = sanitizePath(a[0] ?? '');
  let secret: VaultSecret | null;
  try {
    secret = await client.logicalList(path);
  } catch (e) {
    err(io, `Error listing ${path}: ${errorText(e)}`);
    return 2;
  }
  const detailed = detailedFlag(p.flags.isSet('detailed'), p.flags.bool('detailed'), io.env);
  return finishList(io, path, secret, p.format, detailed, false);
};

export const command: Command = { synopsis: 'List data or secrets', help: HELP, flags: COMMAND_FLAGS, run };
