/**
 * `vault lease renew [-increment=D] ID` ([V] command/lease_renew.go): PUT sys/leases/renew
 * {"increment","lease_id"} (the increment in whole seconds) and print the renewed lease.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err } from '../../format.js';
import { truncateToSeconds } from '../../go-duration.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { outputSecret } from '../../secret-output.js';
import { secretFromJson, type VaultSecret } from '../../secret.js';
import { leaseIdArg } from './lease-id.js';

const HELP = commandHelp(
  `Usage: vault lease renew [options] ID

  Renews the lease on a secret, extending the time that it can be used before
  it is revoked by Vault.

  Every secret in Vault has a lease associated with it. If the owner of the
  secret wants to use it longer than the lease, then it must be renewed.
  Renewing the lease does not change the contents of the secret. The ID is the
  full path lease ID.

  Renew a secret:

      $ vault lease renew database/creds/readonly/2f6a614c...

  Lease renewal will fail if the secret is not renewable, the secret has already
  been revoked, or if the secret has already reached its maximum TTL.

  For a full list of examples, please see the documentation.`,
  [FORMAT_DOC],
  [
    [
      'Command Options',
      [
        {
          name: 'increment',
          example: 'duration',
          usage: 'Request a specific increment in seconds. Vault is not required to honor this request.',
        },
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'increment', type: 'duration' }];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const leaseId = leaseIdArg(io, p.flags.args, '1-2');
  if (leaseId === null) return 1;
  const client = await p.client();
  let secret: VaultSecret | null;
  try {
    secret = secretFromJson(await client.leaseRenew(leaseId, truncateToSeconds(p.flags.duration('increment'))));
  } catch (e) {
    err(io, `Error renewing ${leaseId}: ${errorText(e)}`);
    return 2;
  }
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Renews the lease of a secret', help: HELP, flags: COMMAND_FLAGS, run };
