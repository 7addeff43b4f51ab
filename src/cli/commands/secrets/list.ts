/**
 * `vault secrets list [-detailed]` ([V] command/secrets_list.go): GET sys/mounts and print
 * `Path  Type  Accessor  Description` (or the detailed columns), sorted by path; JSON prints the
 * mounts as Vault's MountOutput structs.
 */
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { columnize, err, goValue, out } from '../../format.js';
import { goSortKeys, marshalIndent } from '../../go-json.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import type { FlagSpec } from '../../flags.js';
import { secretFromJson } from '../../secret.js';
import { TsvaultError } from '../../../errors.js';

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

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const CONFIG_OPTIONAL = [
  'audit_non_hmac_request_keys',
  'audit_non_hmac_response_keys',
  'listing_visibility',
  'passthrough_request_headers',
  'allowed_response_headers',
  'token_type',
  'allowed_managed_keys',
  'user_lockout_config',
  'plugin_name',
  'delegated_auth_accessors',
  'identity_token_key',
];

/** api.MountOutput in Go's field order (a Map, so json keeps it). */
function mountOutput(raw: unknown): Map<string, unknown> {
  const m = obj(raw);
  const c = obj(m['config']);
  const config = new Map<string, unknown>([
    ['default_lease_ttl', typeof c['default_lease_ttl'] === 'number' ? c['default_lease_ttl'] : 0],
    ['max_lease_ttl', typeof c['max_lease_ttl'] === 'number' ? c['max_lease_ttl'] : 0],
    ['force_no_cache', c['force_no_cache'] === true],
  ]);
  for (const key of CONFIG_OPTIONAL) {
    const v = c[key];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (!empty) config.set(key, v);
  }
  const options = m['options'];
  return new Map<string, unknown>([
    ['uuid', str(m['uuid'])],
    ['type', str(m['type'])],
    ['description', str(m['description'])],
    ['accessor', str(m['accessor'])],
    ['config', config],
    ['options', options !== null && typeof options === 'object' ? options : null],
    ['local', m['local'] === true],
    ['seal_wrap', m['seal_wrap'] === true],
    ['external_entropy_access', m['external_entropy_access'] === true],
    ['plugin_version', str(m['plugin_version'])],
    ['running_plugin_version', str(m['running_plugin_version'])],
    ['running_sha256', str(m['running_sha256'])],
    ['deprecation_status', str(m['deprecation_status'])],
  ]);
}

function get<T>(m: Map<string, unknown>, k: string): T {
  return m.get(k) as T;
}

function detailedRow(path: string, m: Map<string, unknown>): string[] {
  const type = get<string>(m, 'type');
  const config = get<Map<string, unknown>>(m, 'config');
  const ttl = (v: number): string => (type === 'system' || type === 'cubbyhole' ? '' : v !== 0 ? String(v) : 'system');
  const plugin = type === 'plugin' ? str(config.get('plugin_name')) : type;
  return [
    path,
    plugin,
    get<string>(m, 'accessor'),
    ttl(get<number>(config, 'default_lease_ttl')),
    ttl(get<number>(config, 'max_lease_ttl')),
    String(config.get('force_no_cache')),
    get<boolean>(m, 'local') ? 'local' : 'replicated',
    String(get<boolean>(m, 'seal_wrap')),
    String(get<boolean>(m, 'external_entropy_access')),
    goValue(get<unknown>(m, 'options') ?? {}),
    get<string>(m, 'description'),
    get<string>(m, 'uuid'),
    get<string>(m, 'plugin_version'),
    get<string>(m, 'running_plugin_version'),
    get<string>(m, 'running_sha256'),
    get<string>(m, 'deprecation_status'),
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
    const secret = secretFromJson(await client.listMounts());
    if (secret === null || secret.data === null) {
      throw new TsvaultError('API_REQUEST', 'data from server response is empty');
    }
    const data = secret.data;
    mounts = new Map(goSortKeys(Object.keys(data)).map((k) => [k, mountOutput(data[k])]));
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
    detailed ? detailedRow(path, m) : [path, get<string>(m, 'type'), get<string>(m, 'accessor'), get<string>(m, 'description')],
  );
  out(io, columnize([header, header.map((h) => '-'.repeat(h.length)), ...rows]));
  return 0;
};

export const command: Command = { synopsis: 'List enabled secrets engines', help: HELP, flags: COMMAND_FLAGS, run };
