/**
 * `vault auth list [-detailed]` ([V] command/auth_list.go): GET sys/auth and print
 * `Path  Type  Accessor  Description  Version` (or the detailed columns), sorted by path; any
 * other format prints the mounts as Vault's MountOutput structs.
 */
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { columnize, err, out } from '../../format.js';
import { marshalIndent } from '../../go-json.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { configField, field, mountsFromAnswer, optionsCell, pluginCell, ttlCell } from '../../mount-output.js';

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

const SIMPLE_HEADER = ['Path', 'Type', 'Accessor', 'Description', 'Version'];
const DETAILED_HEADER = (
  'Path|Plugin|Accessor|Default TTL|Max TTL|Token Type|Replication|Seal Wrap|External Entropy Access|' +
  'Options|Description|UUID|Version|Running Version|Running SHA256|Deprecation Status'
).split('|');

function simpleRow(path: string, m: Map<string, unknown>): string[] {
  return [path, field(m, 'type'), field(m, 'accessor'), field(m, 'description'), field(m, 'plugin_version')];
}

function detailedRow(path: string, m: Map<string, unknown>): string[] {
  const type = field<string>(m, 'type');
  return [
    path,
    pluginCell(m),
    field(m, 'accessor'),
    ttlCell(type, configField<number>(m, 'default_lease_ttl')),
    ttlCell(type, configField<number>(m, 'max_lease_ttl')),
    String(configField<unknown>(m, 'token_type') ?? ''),
    field<boolean>(m, 'local') ? 'local' : 'replicated',
    String(field<boolean>(m, 'seal_wrap')),
    String(field<boolean>(m, 'external_entropy_access')),
    optionsCell(m),
    field(m, 'description'),
    field(m, 'uuid'),
    field(m, 'plugin_version'),
    field(m, 'running_plugin_version'),
    field(m, 'running_sha256'),
    field(m, 'deprecation_status'),
  ];
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'detailed', type: 'bool' }];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  let auths: Map<string, Map<string, unknown>>;
  try {
    auths = mountsFromAnswer(await client.listAuth());
  } catch (e) {
    err(io, `Error listing enabled authentications: ${errorText(e)}`);
    return 2;
  }
  if (p.format !== 'table') {
    out(io, marshalIndent(auths));
    return 0;
  }
  const detailed = p.flags.bool('detailed');
  const header = detailed ? DETAILED_HEADER : SIMPLE_HEADER;
  const rows = [...auths].map(([path, m]) => (detailed ? detailedRow(path, m) : simpleRow(path, m)));
  out(io, columnize([header, header.map((h) => '-'.repeat(h.length)), ...rows]));
  return 0;
};

export const command: Command = { synopsis: 'Lists enabled auth methods', help: HELP, flags: COMMAND_FLAGS, run };
