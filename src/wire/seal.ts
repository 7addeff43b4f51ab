/**
 * sys/seal-status, sys/unseal, sys/seal, sys/leader and sys/health ([V] api/sys_seal.go,
 * api/sys_leader.go, api/sys_health.go): the JSON the server sends and the client reads.
 */

/** GET sys/seal-status, PUT sys/unseal ([V] api/sys_seal.go SealStatusResponse). */
export interface SealStatusResponse {
  type: string;
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date: string;
  migration: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal: boolean;
  recovery_seal_type?: string;
  storage_type?: string;
  removed_from_cluster?: boolean;
  warnings?: string[];
  migration_done_at_epoch?: number;
}

/** PUT sys/unseal body ([V] UnsealOpts); `{reset: true}` alone resets the progress. */
export interface UnsealRequest {
  key?: string;
  reset?: boolean;
  migrate?: boolean;
}

/** GET sys/leader ([V] api/sys_leader.go LeaderResponse). */
export interface LeaderResponse {
  ha_enabled: boolean;
  is_self: boolean;
  active_time?: string;
  leader_address: string;
  leader_cluster_address: string;
  performance_standby?: boolean;
  performance_standby_last_remote_wal?: number;
  last_wal?: number;
  raft_committed_index?: number;
  raft_applied_index?: number;
}

/** GET sys/health ([V] api/sys_health.go HealthResponse); fields the server may leave out are optional. */
export interface HealthResponse {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performance_standby: boolean;
  replication_performance_mode: string;
  replication_dr_mode: string;
  server_time_utc: number;
  version: string;
  enterprise?: boolean;
  cluster_name?: string;
  cluster_id?: string;
  echo_duration_ms?: number;
  clock_skew_ms?: number;
  replication_primary_canary_age_ms?: number;
  removed_from_cluster?: boolean;
  [field: string]: unknown;
}

/**
 * Where an auto seal's start-up loop is (src/seal/auto-unseal.ts), tsvault's own field
 * `auto_unseal` in GET sys/seal-backend-status (Vault shows it only in its log): `trying` its first
 * attempt, `retrying` after a failure (the last error as logged, when the next attempt is due),
 * `unsealed` once an attempt unsealed, `stopped` when the server shut the loop down. Times are
 * RFC 3339 in UTC.
 */
export interface AutoUnsealStatus {
  state: 'trying' | 'retrying' | 'unsealed' | 'stopped';
  attempts: number;
  last_attempt?: string;
  last_error?: string;
  next_attempt?: string;
}
