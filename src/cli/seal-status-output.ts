/**
 * The `vault status` output shared by status and operator unseal: the seal-status response
 * merged with sys/leader (Vault's SealStatusOutput), as a table or as JSON.
 */
import type { VaultClient } from '../api/client.js';
import type { LeaderResponse, SealStatusResponse } from '../wire/seal.js';
import type { CliIO } from './io.js';
import { err, goJson, goValue, out, printRawField, table, type OutputFormat } from './format.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The leader fields Vault copies into the status output. */
export type LeaderInfo = Partial<LeaderResponse> & { ha_enabled: boolean };

/**
 * GET sys/leader the way `vault status` does: an error mentioning "Vault is sealed" means HA is
 * enabled but unknowable while sealed. Other errors are returned for the caller to print.
 */
export async function fetchLeader(client: VaultClient): Promise<LeaderInfo | Error> {
  try {
    return await client.leader();
  } catch (e) {
    const error = e as Error;
    if (String(error.message).includes('Vault is sealed')) return { ha_enabled: true };
    return error;
  }
}

function isZeroTime(t: string | undefined): boolean {
  return t === undefined || t === '' || t === ZERO_TIME;
}

/** The table rows in Vault's order ([V] command/format.go OutputSealStatusStruct). */
export function sealStatusRows(status: SealStatusResponse, leader: LeaderInfo): [string, string][] {
  const rows: [string, string][] = [];
  const add = (k: string, v: unknown): void => {
    rows.push([k, goValue(v)]);
  };
  if (status.recovery_seal && status.recovery_seal_type) {
    // Vault ≥ 1.15.4: the barrier seal and the recovery seal each get a row.
    add('Seal Type', status.type);
    add('Recovery Seal Type', status.recovery_seal_type);
  } else {
    add(status.recovery_seal ? 'Recovery Seal Type' : 'Seal Type', status.type);
  }
  add('Initialized', status.initialized);
  add('Sealed', status.sealed);
  add(status.recovery_seal ? 'Total Recovery Shares' : 'Total Shares', status.n);
  add('Threshold', status.t);
  if (status.sealed) {
    add('Unseal Progress', `${status.progress}/${status.t}`);
    add('Unseal Nonce', status.nonce ?? '');
  }
  if (status.migration) add('Seal Migration in Progress', true);
  add('Version', status.version ?? '');
  add('Build Date', status.build_date ?? '');
  add('Storage Type', status.storage_type ?? '');
  if (status.cluster_name && status.cluster_id) {
    add('Cluster Name', status.cluster_name);
    add('Cluster ID', status.cluster_id);
  }
  if (status.removed_from_cluster !== undefined) add('Removed From Cluster', status.removed_from_cluster);
  add('HA Enabled', leader.ha_enabled);
  if (leader.ha_enabled && !status.sealed) {
    add('HA Cluster', leader.leader_cluster_address ?? '');
    add('HA Mode', leader.is_self ? 'active' : 'standby');
    if (leader.is_self && !isZeroTime(leader.active_time)) add('Active Since', leader.active_time);
    if (!leader.is_self) add('Active Node Address', leader.leader_address || '<none>');
    if (leader.performance_standby) {
      add('Performance Standby Node', true);
      add('Performance Standby Last Remote WAL', leader.performance_standby_last_remote_wal ?? 0);
    }
  }
  if ((leader.raft_committed_index ?? 0) > 0) add('Raft Committed Index', leader.raft_committed_index);
  if ((leader.raft_applied_index ?? 0) > 0) add('Raft Applied Index', leader.raft_applied_index);
  if ((leader.last_wal ?? 0) !== 0) add('Last WAL', leader.last_wal);
  if (status.warnings && status.warnings.length > 0) add('Warnings', status.warnings);
  return rows;
}

/** The JSON object in Go's field order, with its omitempty rules ([V] SealStatusOutput). */
export function sealStatusJson(status: SealStatusResponse, leader: LeaderInfo): Record<string, unknown> {
  const o: Record<string, unknown> = {
    type: status.type,
    initialized: status.initialized,
    sealed: status.sealed,
    t: status.t,
    n: status.n,
    progress: status.progress,
    nonce: status.nonce ?? '',
    version: status.version ?? '',
    build_date: status.build_date ?? '',
    migration: status.migration ?? false,
  };
  if (status.cluster_name) o['cluster_name'] = status.cluster_name;
  if (status.cluster_id) o['cluster_id'] = status.cluster_id;
  o['recovery_seal'] = status.recovery_seal ?? false;
  if (status.recovery_seal_type) o['recovery_seal_type'] = status.recovery_seal_type;
  if (status.storage_type) o['storage_type'] = status.storage_type;
  if (status.removed_from_cluster !== undefined) o['removed_from_cluster'] = status.removed_from_cluster;
  if (status.warnings && status.warnings.length > 0) o['warnings'] = status.warnings;
  if (status.migration_done_at_epoch) o['migration_done_at_epoch'] = status.migration_done_at_epoch;
  o['ha_enabled'] = leader.ha_enabled;
  if (leader.is_self) o['is_self'] = true;
  // time.Time is a struct, so Go's omitempty never drops it.
  o['active_time'] = isZeroTime(leader.active_time) ? ZERO_TIME : leader.active_time;
  if (leader.leader_address) o['leader_address'] = leader.leader_address;
  if (leader.leader_cluster_address) o['leader_cluster_address'] = leader.leader_cluster_address;
  if (leader.performance_standby) o['performance_standby'] = true;
  if (leader.performance_standby_last_remote_wal) {
    o['performance_standby_last_remote_wal'] = leader.performance_standby_last_remote_wal;
  }
  if (leader.last_wal) o['last_wal'] = leader.last_wal;
  if (leader.raft_committed_index) o['raft_committed_index'] = leader.raft_committed_index;
  if (leader.raft_applied_index) o['raft_applied_index'] = leader.raft_applied_index;
  return o;
}

/**
 * OutputSealStatus: fetches sys/leader and prints the status in the chosen format, or one
 * field's raw value. Returns 0, or 1 when the leader lookup or the field fails.
 */
export async function outputSealStatus(
  io: CliIO,
  client: VaultClient,
  status: SealStatusResponse,
  format: OutputFormat,
  field = '',
): Promise<number> {
  const leader = await fetchLeader(client);
  if (leader instanceof Error) {
    err(io, `Error checking leader status: ${leader.message}`);
    return 1;
  }
  const data = sealStatusJson(status, leader);
  if (field !== '') {
    return printRawField(io, data[field], field, format);
  }
  out(io, format === 'json' ? goJson(data) : table(sealStatusRows(status, leader)));
  return 0;
}
