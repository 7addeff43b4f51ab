/**
 * The configuration as sys/config/state/sanitized answers it, in Vault's shape (its
 * Config.Sanitized): top-level settings by their HCL names, `storage` as its type and the three
 * settings Vault lifts out of the block (never the block's own settings: paths, connection URLs,
 * passwords), `listeners` as `{type, config}`, `seals` as `{type, disabled}` only. It is built
 * from sanitizeConfig's copy, so a setting that slipped in here would still be redacted.
 */
import { sanitizeConfig } from './sanitize.js';
import type { ListenerConfig, ServerConfig, StorageConfig, TelemetryConfig } from './types.js';

function storageState(storage: StorageConfig): Record<string, unknown> {
  return {
    type: storage.type,
    redirect_addr: storage.redirectAddr ?? '',
    cluster_addr: storage.clusterAddr ?? '',
    disable_clustering: storage.disableClustering ?? false,
  };
}

function listenerState(l: ListenerConfig): Record<string, unknown> {
  const config: Record<string, unknown> = { address: l.address, tls_disable: l.tlsDisable };
  if (l.tlsCertFile !== undefined) config.tls_cert_file = l.tlsCertFile;
  if (l.tlsKeyFile !== undefined) config.tls_key_file = l.tlsKeyFile;
  if (!l.tlsDisable) config.tls_min_version = l.tlsMinVersion;
  return { type: l.type, config };
}

/** The telemetry block under Vault's key names (no secrets among the keys tsvault reads). */
function telemetryState(t: TelemetryConfig): Record<string, unknown> {
  return {
    prometheus_retention_time: t.prometheusRetentionTime,
    disable_hostname: t.disableHostname,
    enable_hostname_label: t.enableHostnameLabel,
    metrics_prefix: t.metricsPrefix ?? '',
    usage_gauge_period: t.usageGaugePeriod,
    statsd_address: t.statsdAddress ?? '',
    statsite_address: t.statsiteAddress ?? '',
    dogstatsd_addr: t.dogstatsdAddr ?? '',
    dogstatsd_tags: [...t.dogstatsdTags],
  };
}

export function sanitizedState(config: ServerConfig): Record<string, unknown> {
  const safe = sanitizeConfig(config) as unknown as ServerConfig;
  return {
    api_addr: safe.apiAddr ?? '',
    cluster_addr: safe.clusterAddr ?? '',
    cluster_name: safe.clusterName ?? '',
    default_lease_ttl: safe.defaultLeaseTtl,
    max_lease_ttl: safe.maxLeaseTtl,
    disable_clustering: safe.storage.disableClustering ?? false,
    disable_mlock: safe.disableMlock,
    enable_ui: safe.ui,
    listeners: safe.listeners.map(listenerState),
    log_format: safe.logFormat,
    log_level: safe.logLevel,
    plugin_directory: safe.pluginDirectory ?? '',
    seals: safe.seals.map((s) => ({ type: s.type, disabled: s.disabled })),
    storage: storageState(safe.storage),
    ...(safe.haStorage ? { ha_storage: storageState(safe.haStorage) } : {}),
    ...(safe.telemetry ? { telemetry: telemetryState(safe.telemetry) } : {}),
  };
}
