/**
 * The run of `vault secrets list` and `vault auth list` ([V] command/secrets_list.go,
 * auth_list.go): fetch the mount table, print it as Vault's MountOutput structs for -format=json,
 * else the simple or `-detailed` table. The two differ only in what they fetch, their error line,
 * their simple columns and one detailed column (Force No Cache / Token Type).
 */
import type { VaultClient } from '../api/client.js';
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from './command.js';
import type { FlagSpec } from './flags.js';
import { columnize, err, out } from './format.js';
import { marshalIndent } from './go-json.js';
import type { CliCommand } from './io.js';
import { configField, field, mountsFromAnswer, optionsCell, pluginCell, ttlCell } from './mount-output.js';

type Mount = Map<string, unknown>;

export interface MountListing {
  fetch(client: VaultClient): Promise<unknown>;
  /** `Error listing secrets engines` */
  failure: string;
  simpleHeader: readonly string[];
  simpleRow(path: string, m: Mount): string[];
  /** The sixth detailed column: its header and cell. */
  sixth: { header: string; cell(m: Mount): string };
}

export const MOUNT_LIST_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'detailed', type: 'bool' }];

function detailedHeader(sixth: string): string[] {
  return [
    'Path', 'Plugin', 'Accessor', 'Default TTL', 'Max TTL', sixth, 'Replication', 'Seal Wrap', 'External Entropy Access',
    'Options', 'Description', 'UUID', 'Version', 'Running Version', 'Running SHA256', 'Deprecation Status',
  ];
}

function detailedRow(path: string, m: Mount, sixth: (m: Mount) => string): string[] {
  const type = field<string>(m, 'type');
  return [
    path,
    pluginCell(m),
    field<string>(m, 'accessor'),
    ttlCell(type, configField<number>(m, 'default_lease_ttl')),
    ttlCell(type, configField<number>(m, 'max_lease_ttl')),
    sixth(m),
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

export function mountListRun(listing: MountListing): CliCommand {
  return async (args, io) => {
    const p = prepare(io, args, MOUNT_LIST_FLAGS);
    if (typeof p === 'number') return p;
    if (!checkArgCount(io, p.flags.args, 0)) return 1;
    const client = await p.client();
    let mounts: Map<string, Mount>;
    try {
      mounts = mountsFromAnswer(await listing.fetch(client));
    } catch (e) {
      err(io, `${listing.failure}: ${errorText(e)}`);
      return 2;
    }
    if (p.format !== 'table') {
      out(io, marshalIndent(mounts));
      return 0;
    }
    const detailed = p.flags.bool('detailed');
    const header = detailed ? detailedHeader(listing.sixth.header) : [...listing.simpleHeader];
    const rows = [...mounts].map(([path, m]) => (detailed ? detailedRow(path, m, listing.sixth.cell) : listing.simpleRow(path, m)));
    out(io, columnize([header, header.map((h) => '-'.repeat(h.length)), ...rows]));
    return 0;
  };
}
