/**
 * `vault auth list [-detailed]` ([V] command/auth_list.go): GET sys/auth and print
 * `Path  Type  Accessor  Description  Version` (or the detailed columns), sorted by path; any
 * other format prints the mounts as Vault's MountOutput structs.
 */
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { Command } from '../../io.js';
import { MOUNT_LIST_FLAGS, mountListRun } from '../../mount-list.js';
import { configField, field } from '../../mount-output.js';

const HELP = commandHelp(
  `Usage: vault auth list [options]

  Lists the enabled auth methods on the Vault server. This command also outputs
  information about the method including configuration and human-friendly
  descriptions. A TTL of "system" indicates that the system default is in use.

  List all enabled auth methods:

      $ vault auth list

  List all enabled auth methods with detailed output:

      $ vault auth list -detailed`,
  [FORMAT_DOC],
  [
    [
      'Command Options',
      [
        {
          name: 'detailed',
          example: '',
          default: 'false',
          usage:
            'Print detailed information such as configuration and replication status about each auth ' +
            'method. This option is only applicable to table-formatted output.',
        },
      ],
    ],
  ],
);

const run = mountListRun({
  fetch: (client) => client.listAuth(),
  failure: 'Error listing enabled authentications',
  simpleHeader: ['Path', 'Type', 'Accessor', 'Description', 'Version'],
  simpleRow: (path, m) => [path, field(m, 'type'), field(m, 'accessor'), field(m, 'description'), field(m, 'plugin_version')],
  sixth: { header: 'Token Type', cell: (m) => String(configField<unknown>(m, 'token_type') ?? '') },
});

export const command: Command = { synopsis: 'Lists enabled auth methods', help: HELP, flags: MOUNT_LIST_FLAGS, run };
