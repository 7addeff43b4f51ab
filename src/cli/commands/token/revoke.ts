/**
 * `vault token revoke [-self] [-accessor] [-mode=orphan|path] [TOKEN | ACCESSOR]`
 * ([V] command/token_revoke.go): `Success! Revoked token (if it existed)`.
 */
import { HTTP_FLAGS, prepare } from '../../command.js';
import { err } from '../../format.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import type { FlagSpec } from '../../flags.js';
import { changeAndReport } from '../../write-report.js';

const HELP = commandHelp(
  `Usage: vault token revoke [options] [TOKEN | ACCESSOR]

  Revokes authentication tokens and their children. If a TOKEN is not provided,
  the locally authenticated token is used. The "-mode" flag can be used to
  control the behavior of the revocation. See the "-mode" flag documentation
  for more information.

  Revoke a token and all the token's children:

      $ vault token revoke 96ddf4bc-d217-f3ba-f9bd-017055595017

  Revoke a token leaving the token's children:

      $ vault token revoke -mode=orphan 96ddf4bc-d217-f3ba-f9bd-017055595017

  Revoke a token by accessor:

      $ vault token revoke -accessor 9793c9b3-e04a-46f3-e7b8-748d7da248da

  For a full list of examples, please see the documentation.`,
  [],
  [
    [
      'Command Options',
      [
        { name: 'accessor', example: '', default: 'false', usage: 'Treat the argument as an accessor instead of a token.' },
        {
          name: 'mode',
          example: 'string',
          usage:
            'Type of revocation to perform. If unspecified, Vault will revoke the token and all of ' +
            'the token\'s children. If "orphan", Vault will revoke only the token, leaving the ' +
            'children as orphans. If "path", tokens created from the given authentication path ' +
            'prefix are deleted along with their children.',
        },
        { name: 'self', example: '', default: 'false', usage: 'Perform the revocation on the currently authenticated token.' },
      ],
    ],
  ],
);

/** The argument checks of token_revoke.go, in its order; the message or "". */
function usageError(self: boolean, accessor: boolean, mode: string, n: number): string {
  if (!['', 'orphan', 'path'].includes(mode)) return `Invalid mode: ${mode}`;
  if (self && n > 0) return `Too many arguments with -self (expected 0, got ${n})`;
  if (!self && n > 1) return `Too many arguments (expected 1 or -self, got ${n})`;
  if (!self && n < 1) return `Not enough arguments (expected 1 or -self, got ${n})`;
  if (self && accessor) return 'Cannot use -self with -accessor!';
  if (self && mode !== '') return 'Cannot use -self with -mode!';
  if (accessor && mode !== '') return `Cannot use -accessor with -mode=${mode}!`;
  return '';
}

const COMMAND_FLAGS: readonly FlagSpec[] = [
    ...HTTP_FLAGS,
    { name: 'accessor', type: 'bool' },
    { name: 'self', type: 'bool' },
    { name: 'mode', type: 'string' },
  ];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  const self = p.flags.bool('self');
  const accessor = p.flags.bool('accessor');
  const mode = p.flags.string('mode');
  const problem = usageError(self, accessor, mode, a.length);
  if (problem !== '') {
    err(io, problem);
    return 1;
  }
  const token = (a[0] ?? '').trim();
  const client = await p.client();
  const revoke = (): Promise<void> => {
    if (self) return client.tokenRevokeSelf();
    if (accessor) return client.tokenRevokeAccessor(token);
    if (mode === 'orphan') return client.tokenRevokeOrphan(token);
    if (mode === 'path') return client.revokePrefix(token);
    return client.tokenRevoke(token);
  };
  return changeAndReport(io, revoke, { failure: 'Error revoking token', success: 'Success! Revoked token (if it existed)' });
};

export const command: Command = { synopsis: 'Revoke a token and its children', help: HELP, flags: COMMAND_FLAGS, run };
