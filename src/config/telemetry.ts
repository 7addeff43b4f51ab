/**
 * The `telemetry` block (Vault's configutil.Telemetry) and the listener's `telemetry { … }`
 * sub-block, declared once: which keys tsvault reads, their defaults and how a bad value is reported
 * (file:line:col of the key, as every other block).
 */
import { ConfigError } from '../errors.js';
import { type BlockItem, findNode, isPlainObject, posOf, type SourceNode } from './hcl.js';
import { parseBool, parseDurationSeconds, parseText } from './schema.js';
import type { ConfigWarning, TelemetryConfig } from './types.js';

export const TELEMETRY_KEY = 'telemetry';

/** Vault's PrometheusDefaultRetentionTime (24h) and UsageGaugeDefaultPeriod (10m), in seconds. */
export const PROMETHEUS_DEFAULT_RETENTION = 24 * 3600;
export const USAGE_GAUGE_DEFAULT_PERIOD = 600;

/** Telemetry keys Vault knows (Circonus, Stackdriver, lease metrics …) that tsvault accepts without using them. */
export const IGNORED_TELEMETRY = new Set([
  'maximum_gauge_cardinality', 'num_lease_metrics_buckets', 'add_lease_metrics_namespace_labels',
  'add_mount_point_rollback_metrics', 'opentelemetry_disable', 'filter_default', 'prefix_filter',
  'circonus_api_token', 'circonus_api_app', 'circonus_api_url', 'circonus_submission_interval',
  'circonus_submission_url', 'circonus_check_id', 'circonus_check_force_metric_activation',
  'circonus_check_instance_id', 'circonus_check_search_tag', 'circonus_check_tags', 'circonus_check_display_name',
  'circonus_broker_id', 'circonus_broker_select_tag', 'stackdriver_project_id', 'stackdriver_location',
  'stackdriver_namespace', 'stackdriver_debug_logs',
]);

function parseTags(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((t) => typeof t === 'string')) return raw as string[];
  throw new Error('expected a list of strings');
}

/** usage_gauge_period and lease_metrics_epsilon: a duration, or "none" (0). */
function durationOrNone(raw: unknown): number {
  return raw === 'none' ? 0 : parseDurationSeconds(raw);
}

type Field = Exclude<keyof TelemetryConfig, 'pos'>;

const KEYS: { readonly [hcl: string]: { field?: Field; parse: (raw: unknown) => unknown } } = {
  prometheus_retention_time: { field: 'prometheusRetentionTime', parse: parseDurationSeconds },
  disable_hostname: { field: 'disableHostname', parse: parseBool },
  enable_hostname_label: { field: 'enableHostnameLabel', parse: parseBool },
  metrics_prefix: { field: 'metricsPrefix', parse: parseText },
  usage_gauge_period: { field: 'usageGaugePeriod', parse: durationOrNone },
  statsd_address: { field: 'statsdAddress', parse: parseText },
  statsite_address: { field: 'statsiteAddress', parse: parseText },
  dogstatsd_addr: { field: 'dogstatsdAddr', parse: parseText },
  dogstatsd_tags: { field: 'dogstatsdTags', parse: parseTags },
  // Read only to be checked: a bad duration is refused as Vault refuses it.
  lease_metrics_epsilon: { parse: durationOrNone },
};

function invalid(key: string, file: string, nodes: readonly SourceNode[], fallback: TelemetryConfig['pos'], err: unknown): ConfigError {
  const reason = err instanceof Error ? err.message : String(err);
  return new ConfigError('CONFIG_INVALID', `invalid value for telemetry.${key}: ${reason}`, posOf(file, findNode(nodes, key), fallback), {
    cause: err,
  });
}

/** One file's `telemetry { … }`; Vault permits one block per file (a later file's replaces it). */
export function decodeTelemetry(items: readonly BlockItem[], warnings: ConfigWarning[]): TelemetryConfig {
  if (items.length > 1) throw new ConfigError('CONFIG_INVALID', "only one 'telemetry' block is permitted", items[1]!.pos);
  const item = items[0]!;
  if (item.label !== undefined) throw new ConfigError('CONFIG_INVALID', 'telemetry: block takes no label', item.pos);
  const out: TelemetryConfig = {
    prometheusRetentionTime: PROMETHEUS_DEFAULT_RETENTION,
    disableHostname: false,
    enableHostnameLabel: false,
    usageGaugePeriod: USAGE_GAUGE_DEFAULT_PERIOD,
    dogstatsdTags: [],
    pos: item.pos,
  };
  for (const [key, raw] of Object.entries(item.body)) {
    const spec = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (spec) {
      let value: unknown;
      try {
        value = spec.parse(raw);
      } catch (err) {
        throw invalid(key, item.pos.file, item.nodes, item.pos, err);
      }
      if (spec.field) (out as unknown as Record<string, unknown>)[spec.field] = value;
    } else if (!IGNORED_TELEMETRY.has(key)) {
      warnings.push({ pos: posOf(item.pos.file, findNode(item.nodes, key), item.pos), message: `unknown or unsupported field ${key} found in configuration` });
    }
  }
  return out;
}

/**
 * A listener's `telemetry { unauthenticated_metrics_access = true }` (Vault's ListenerTelemetry).
 * Returns whether sys/metrics is served on that listener without a token.
 */
export function decodeListenerTelemetry(raw: unknown, listener: BlockItem, warnings: ConfigWarning[]): boolean {
  const node = findNode(listener.nodes, TELEMETRY_KEY);
  const bodyNodes = node?.body ?? node?.items?.[0] ?? [];
  const file = listener.pos.file;
  const at = posOf(file, node, listener.pos);
  const bodies = Array.isArray(raw) ? raw : [raw];
  if (bodies.length > 1) throw new ConfigError('CONFIG_INVALID', "only one 'telemetry' block is permitted in a listener", at);
  const body = bodies[0];
  if (!isPlainObject(body)) throw new ConfigError('CONFIG_INVALID', '"telemetry" must be a block, not a value', at);
  let unauthenticated = false;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'unauthenticated_metrics_access') {
      try {
        unauthenticated = parseBool(value);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new ConfigError('CONFIG_INVALID', `invalid value for telemetry.${key}: ${reason}`, posOf(file, findNode(bodyNodes, key), at), {
          cause: err,
        });
      }
    } else {
      warnings.push({ pos: posOf(file, findNode(bodyNodes, key), at), message: `unknown or unsupported field ${key} found in configuration` });
    }
  }
  return unauthenticated;
}
