/**
 * `vault secrets list [-detailed]` ([V] command/secrets_list.go): GET sys/mounts and print
 * `Path  Type  Accessor  Description` (or the detailed columns), sorted by path; JSON prints the
 * mounts as Vault's MountOutput structs.
 */
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { columnize, err, out } from '../../format.js';
import { marshalIndent } from '../../go-json.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import type { FlagSpec } from '../../flags.js';
import { configField, field, mountsFromAnswer, optionsCell, pluginCell, ttlCell } from '../../mount-output.js';

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

function detailedRow(path: string, m: Map<string, unknown>): string[] {
  const type = field<string>(m, 'type');
  return [
    path,
    pluginCell(m),
    field<string>(m, 'accessor'),
    ttlCell(type, configField<number>(m, 'default_lease_ttl')),
    ttlCell(type, configField<number>(m, 'max_lease_ttl')),
    String(configField<boolean>(m, 'force_no_cache')),
    field<boolean>(m, 'local') ? 'local' : 'replicated',
    String(field<boolean>(m, 'seal_wrap')),
    String(field<boolean>(m, 'external_entropy_access')),
    optionsCell(m),
    field<string>(m, 'description'),
    field<string>(m, 'uuid'),
    field<string>(m, 'plugin_version'),
    field<string>(m, 'running_plugin_version'),
    field<string>(m, 'running_sha256'),
    field<string>(m, 'deprecation_status'),
  ];
}

const DETAILED_HEADER =
  'Path|Plugin|Accessor|Default TTL|Max TTL|Force No Cache|Replication|Seal Wrap|External Entropy Access|' +
  'Options|Description|UUID|Version|Running Version|Running SHA256|Deprecation Status';

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'detailed', type: 'bool' }];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  let mounts: Map<string, Map<string, unknown>>;
  try {
    mounts = mountsFromAnswer(await client.listMounts());
  } catch (e) {
    err(io, `Error listing secrets engines: ${errorText(e)}`);
    return 2;
  }
  if (p.format !== 'table') {
    out(io, marshalIndent(mounts));
    return 0;
  }
  const detailed = p.flags.bool('detailed');
  const header = detailed ? DETAILED_HEADER.split('|') : ['Path', 'Type', 'Accessor', 'Description'];
  const rows = [...mounts].map(([path, m]) =>
    detailed ? detailedRow(path, m) : [path, field<string>(m, 'type'), field<string>(m, 'accessor'), field<string>(m, 'description')],
  );
  out(io, columnize([header, header.map((h) => '-'.repeat(h.length)), ...rows]));
  return 0;
};

export const command: Command = { synopsis: 'List enabled secrets engines', help: HELP, flags: COMMAND_FLAGS, run };
