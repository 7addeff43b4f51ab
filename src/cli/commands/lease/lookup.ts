/**
 * `vault lease lookup ID` ([V] command/lease_lookup.go): PUT sys/leases/lookup {"lease_id"} and
 * print the lease (expire_time, id, issue_time, last_renewal, renewable, ttl) as a secret.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err } from '../../format.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { outputSecret } from '../../secret-output.js';
import { secretFromJson, type VaultSecret } from '../../secret.js';
import { leaseIdArg } from './lease-id.js';

const HELP = commandHelp(
  `Usage: vault lease lookup ID

  Lookup the lease information of a secret.

  Every secret in Vault has a lease associated with it. Users can look up
  information on the lease by referencing the lease ID.

  Lookup lease of a secret:

      $ vault lease lookup database/creds/readonly/2f6a614c...`,
  [FORMAT_DOC],
  [],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const leaseId = leaseIdArg(io, p.flags.args, '1');
  if (leaseId === null) return 1;
  const client = await p.client();
  let secret: VaultSecret | null;
  try {
    secret = secretFromJson(await client.leaseLookup(leaseId));
  } catch (e) {
    err(io, `error looking up lease id ${leaseId}: ${errorText(e)}`);
    return 2;
  }
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Lookup the lease of a secret', help: HELP, flags: COMMAND_FLAGS, run };
