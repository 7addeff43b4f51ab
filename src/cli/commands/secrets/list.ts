/**
 * `vault secrets list [-detailed]` ([V] command/secrets_list.go): GET sys/mounts and print
 * `Path  Type  Accessor  Description` (or the detailed columns), sorted by path; JSON prints the
 * mounts as Vault's MountOutput structs.
 */
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { Command } from '../../io.js';
import { MOUNT_LIST_FLAGS, mountListRun } from '../../mount-list.js';
import { configField, field } from '../../mount-output.js';

const HELP = commandHelp(
  `Usage: vault secrets list [options]

  Lists the enabled secret engines on the Vault server. This command also
  outputs information about the enabled path including configured TTLs and
  human-friendly descriptions. A TTL of "system" indicates that the system
  default is in use.

  List all enabled secrets engines:

      $ vault secrets list

  List all enabled secrets engines with detailed output:

      $ vault secrets list -detailed`,
  [FORMAT_DOC],
  [
    [
      'Command Options',
      [
        {
          name: 'detailed',
          example: '',
          default: 'false',
          usage: 'Print detailed information such as TTLs and replication status about each secrets engine.',
        },
      ],
    ],
  ],
);

const run = mountListRun({
  fetch: (client) => client.listMounts(),
  failure: 'Error listing secrets engines',
  simpleHeader: ['Path', 'Type', 'Accessor', 'Description'],
  simpleRow: (path, m) => [path, field<string>(m, 'type'), field<string>(m, 'accessor'), field<string>(m, 'description')],
  sixth: { header: 'Force No Cache', cell: (m) => String(configField<boolean>(m, 'force_no_cache')) },
});

export const command: Command = { synopsis: 'List enabled secrets engines', help: HELP, flags: MOUNT_LIST_FLAGS, run };
