/**
 * `vault token lookup [-accessor] [TOKEN | ACCESSOR]` ([V] command/token_lookup.go):
 * lookup-self without an argument, lookup or lookup-accessor with one; prints the token's data.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { err } from '../../format.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import type { FlagSpec } from '../../flags.js';
import { outputSecret } from '../../secret-output.js';
import { secretFromJson, type VaultSecret } from '../../secret.js';
import { ACCESSOR_DOC } from '../../token-docs.js';

const HELP = commandHelp(
  `Usage: vault token lookup [options] [TOKEN | ACCESSOR]

  Displays information about a token or accessor. If a TOKEN is not provided,
  the locally authenticated token is used.

  Get information about the locally authenticated token (this uses the
  /auth/token/lookup-self endpoint and permission):

      $ vault token lookup

  Get information about a particular token (this uses the /auth/token/lookup
  endpoint and permission):

      $ vault token lookup 96ddf4bc-d217-f3ba-f9bd-017055595017

  Get information about a token via its accessor:

      $ vault token lookup -accessor 9793c9b3-e04a-46f3-e7b8-748d7da248da

  For a full list of examples, please see the documentation.`,
  [FORMAT_DOC],
  [
    [
      'Command Options',
      [
        ACCESSOR_DOC,
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'accessor', type: 'bool' }];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  const accessor = p.flags.bool('accessor');
  if (accessor && a.length !== 1) {
    err(io, `${a.length < 1 ? 'Not enough' : 'Too many'} arguments with -accessor (expected 1, got ${a.length})`);
    return 1;
  }
  if (a.length > 1) {
    err(io, `Too many arguments (expected 0-1, got ${a.length})`);
    return 1;
  }
  const token = (a[0] ?? '').trim();
  const client = await p.client();
  let secret: VaultSecret | null;
  try {
    if (token === '') secret = secretFromJson(await client.lookupSelf());
    else if (accessor) secret = secretFromJson(await client.tokenLookupAccessor(token));
    else secret = secretFromJson(await client.tokenLookup(token));
  } catch (e) {
    err(io, `Error looking up token: ${errorText(e)}`);
    return 2;
  }
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Display information about a token', help: HELP, flags: COMMAND_FLAGS, run };
