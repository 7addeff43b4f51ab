import type { LogFormat, LogLevel } from '../log/types.js';

/** Where a value came from, for warnings and errors. */
export interface SourcePos {
  file: string;
  line?: number;
  col?: number;
}

export interface StorageConfig {
  type: string; // "file", "inmem", ...
  /** Vault passes storage settings as strings (map[string]string); so do we. */
  config: Readonly<Record<string, string>>;
  /** Vault lifts these common keys out of the storage block (`redirect_addr`/`advertise_addr`, ...). */
  redirectAddr?: string;
  clusterAddr?: string;
  disableClustering?: boolean;
  pos: SourcePos;
}

export interface ListenerConfig {
  type: 'tcp';
  address: string; // host:port, default 127.0.0.1:8200
  tlsDisable: boolean;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  tlsMinVersion: 'tls10' | 'tls11' | 'tls12' | 'tls13'; // default tls12
  /** `telemetry { unauthenticated_metrics_access = true }`: sys/metrics without a token here. */
  unauthenticatedMetricsAccess?: boolean;
  /** Limits for slow and idle clients set in the block (config/listener-timeouts.ts); absent = defaults. */
  limits?: Partial<ListenerTimeouts>;
  pos: SourcePos;
}

/** A listener's limits, milliseconds (0 = none), and its connection cap (0 = none). */
export interface ListenerTimeouts {
  readHeaderMs: number;
  readMs: number;
  writeMs: number;
  idleMs: number;
  maxRequestDurationMs: number;
  maxConnections: number;
}

/** The `telemetry` block (Vault's configutil.Telemetry, the keys tsvault acts on). Durations in seconds. */
export interface TelemetryConfig {
  /** 0 turns the Prometheus sink off; Vault's default 24h when the block is present. */
  prometheusRetentionTime: number;
  disableHostname: boolean;
  enableHostnameLabel: boolean;
  /** Replaces the `vault` prefix of every metric name. */
  metricsPrefix?: string;
  /** 0 for "none"; default 10m. */
  usageGaugePeriod: number;
  statsdAddress?: string;
  statsiteAddress?: string;
  dogstatsdAddr?: string;
  dogstatsdTags: readonly string[];
  pos: SourcePos;
}

export interface SealBlockConfig {
  type: string; // the HCL label: "shamir", "awskms", "transit", ...
  disabled: boolean;
  /** Every other key, as a string, for the seal plugin to interpret. */
  config: Readonly<Record<string, string>>;
  pos: SourcePos;
}

export interface ConfigWarning {
  pos: SourcePos;
  message: string;
}

/** The validated, frozen server configuration that the daemon builds everything from. */
export interface ServerConfig {
  storage: StorageConfig;
  haStorage?: StorageConfig;
  listeners: readonly ListenerConfig[];
  seals: readonly SealBlockConfig[];
  /** Absent without a `telemetry` block: Prometheus off, the JSON form of sys/metrics only. */
  telemetry?: TelemetryConfig;
  ui: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
  apiAddr?: string;
  clusterAddr?: string;
  clusterName?: string;
  disableMlock: boolean;
  /** HA standbys redirect (307) instead of forwarding (tsvault's key; Vault's disable_clustering does the same). */
  disableForwarding: boolean;
  pluginDirectory?: string;
  /** Seconds. Vault's defaults: 768h (2764800 s) for both. */
  defaultLeaseTtl: number;
  maxLeaseTtl: number;
  /** Files actually read, in order. */
  files: readonly string[];
  /** Unknown keys and other non-fatal findings, each with its position. */
  warnings: readonly ConfigWarning[];
}
