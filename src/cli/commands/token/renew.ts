/**
 * `vault token renew [-accessor] [-increment=D] [TOKEN]` ([V] command/token_renew.go):
 * renew-self without an argument, renew or renew-accessor with one; prints the token table.
 */
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { err } from '../../format.js';
import { truncateToSeconds } from '../../go-duration.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import type { FlagSpec } from '../../flags.js';
import { outputSecret } from '../../secret-output.js';
import { secretFromJson, type VaultSecret } from '../../secret.js';
import { ACCESSOR_DOC } from '../../token-docs.js';

const HELP = commandHelp(
  `Usage: vault token renew [options] [TOKEN]

  Renews a token's lease, extending the amount of time it can be used. If a
  TOKEN is not provided, the locally authenticated token is used. A token
  accessor can be used as well. Lease renewal will fail if the token is not
  renewable, the token has already been revoked, or if the token has already
  reached its maximum TTL.

  Renew a token (this uses the /auth/token/renew endpoint and permission):

      $ vault token renew 96ddf4bc-d217-f3ba-f9bd-017055595017

  Renew the currently authenticated token (this uses the /auth/token/renew-self
  endpoint and permission):

      $ vault token renew

  Renew a token requesting a specific increment value:

      $ vault token renew -increment=30m 96ddf4bc-d217-f3ba-f9bd-017055595017

  For a full list of examples, please see the documentation.`,
  [FORMAT_DOC],
  [
    [
      'Command Options',
      [
        ACCESSOR_DOC,
        {
          name: 'increment',
          example: 'duration',
          aliases: ['i'],
          usage:
            'Request a specific increment for renewal. This increment may not be honored, for ' +
            'instance in the case of periodic tokens. If not supplied, Vault will use the default ' +
            'TTL. This is specified as a numeric string with suffix like "30s" or "5m".',
        },
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [
    ...HTTP_FLAGS,
    ...FORMAT_FLAGS,
    { name: 'accessor', type: 'bool' },
    { name: 'increment', type: 'duration', aliases: ['i'] },
  ];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!checkArgCount(io, a, 1)) return 1;
  const token = (a[0] ?? '').trim();
  const increment = truncateToSeconds(p.flags.duration('increment'));
  const client = await p.client();
  let secret: VaultSecret | null;
  try {
    if (token === '') secret = secretFromJson(await client.tokenRenewSelf(increment));
    else if (p.flags.bool('accessor')) secret = secretFromJson(await client.tokenRenewAccessor(token, increment));
    else secret = secretFromJson(await client.tokenRenew(token, increment));
  } catch (e) {
    err(io, `Error renewing token: ${errorText(e)}`);
    return 2;
  }
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Renew a token lease', help: HELP, flags: COMMAND_FLAGS, run };
