/**
 * `vault lease revoke [-prefix] [-force] [-sync] ID` ([V] command/lease_revoke.go): PUT
 * sys/leases/revoke/<id>, revoke-prefix/<id> (both with {"sync": bool}) or revoke-force/<id>.
 * Without -sync the revocation is queued: `All revocation operations queued successfully!`.
 */
import { errorText, exactArgs, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, out, wrapAtLength } from '../../format.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';

const HELP = commandHelp(
  `Usage: vault lease revoke [options] ID

  Revokes secrets by their lease ID. This command can revoke a single secret
  or multiple secrets based on a path-matched prefix.

  The default behavior when not using -force is to revoke asynchronously; Vault
  will queue the revocation and keep trying if it fails (including across
  restarts). The -sync flag can be used to force a synchronous operation, but
  it is then up to the caller to retry on failure. Force mode always operates
  synchronously.

  Revoke a single lease:

      $ vault lease revoke database/creds/readonly/2f6a614c...

  Revoke all leases for a role:

      $ vault lease revoke -prefix aws/creds/deploy

  Force delete leases from Vault even if secret engine revocation fails:

      $ vault lease revoke -force -prefix consul/creds

  For a full list of examples and paths, please see the documentation that
  corresponds to the secret engine in use.`,
  [],
  [
    [
      'Command Options',
      [
        {
          name: 'force',
          example: '',
          aliases: ['f'],
          default: 'false',
          usage:
            'Delete the lease from Vault even if the secret engine revocation fails. This is meant for ' +
            'recovery situations where the secret in the target secret engine was manually removed. If ' +
            'this flag is specified, -prefix is also required.',
        },
        {
          name: 'prefix',
          example: '',
          default: 'false',
          usage:
            'Treat the ID as a prefix instead of an exact lease ID. This can revoke multiple leases simultaneously.',
        },
        {
          name: 'sync',
          example: '',
          default: 'false',
          usage: 'Force a synchronous operation; on failure it is up to the client to retry.',
        },
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  { name: 'force', type: 'bool', aliases: ['f'] },
  { name: 'prefix', type: 'bool' },
  { name: 'sync', type: 'bool' },
];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  if (!exactArgs(io, f.args, 1)) return 1;
  const [force, prefix, sync] = [f.bool('force'), f.bool('prefix'), f.bool('sync')];
  if (force && !prefix) {
    err(io, 'Specifying -force requires also specifying -prefix');
    return 1;
  }
  const client = await p.client();
  const leaseId = (f.args[0] ?? '').trim();
  if (force) err(io, wrapAtLength('Warning! Force-removing leases can cause Vault to become out of sync with secret engines!'));
  try {
    await client.leaseRevoke({ leaseId, force, prefix, sync });
  } catch (e) {
    const what = force
      ? `Error force revoking leases with prefix ${leaseId}`
      : prefix
        ? `Error revoking leases with prefix ${leaseId}`
        : `Error revoking lease ${leaseId}`;
    err(io, `${what}: ${errorText(e)}`);
    return 2;
  }
  if (force) out(io, `Success! Force revoked any leases with prefix: ${leaseId}`);
  else if (sync) out(io, prefix ? `Success! Revoked any leases with prefix: ${leaseId}` : `Success! Revoked lease: ${leaseId}`);
  else out(io, 'All revocation operations queued successfully!');
  return 0;
};

export const command: Command = { synopsis: 'Revokes leases and secrets', help: HELP, flags: COMMAND_FLAGS, run };
