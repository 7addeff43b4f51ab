/**
 * Every config key tsvault reads, declared once: how its value is read, its default, the
 * environment variables that override it, and how several files combine it. Keys Vault knows but
 * tsvault does not use are listed so that they pass without a warning.
 *
 * Precedence (Vault's): environment over the config files over the defaults. Among several files,
 * `merge` says how a later file's value combines with an earlier one (Vault's Config.Merge).
 */
import { parseDurationSeconds as parseDuration } from '../duration.js';
import { ConfigError } from '../errors.js';
import type { LogFormat, LogLevel } from '../log/types.js';
import { type BlockItem, findNode, isPlainObject, posOf } from './hcl.js';
import { decodeListenerLimits, isListenerLimitKey } from './listener-timeouts.js';
import { decodeListenerTelemetry, TELEMETRY_KEY } from './telemetry.js';
import type { ConfigWarning, ListenerConfig, SealBlockConfig, ServerConfig, StorageConfig } from './types.js';

export const PRECEDENCE = ['environment', 'file', 'default'] as const;

export type MergeRule = 'last' | 'or' | 'max';

export interface KeySpec<T> {
  hcl: string;
  /** Reads a raw HCL/JSON value; throws an Error saying what is wrong with it. */
  parse: (raw: unknown) => T;
  default?: T;
  /** Checked in order; the first non-empty one wins over every file. */
  env?: readonly string[];
  /** How an environment string is read when Vault reads it differently (strconv.ParseBool). */
  envParse?: (raw: string) => T;
  merge: MergeRule;
}

export const DEFAULT_LEASE_TTL = 768 * 3600; // 768h, Vault's default for both TTLs

// ---------------------------------------------------------------------------------------------
// Value readers (Vault's parseutil / mapstructure "weak" decoding)

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a block';
  return v === null ? 'null' : `${typeof v} ${JSON.stringify(v)}`;
}

/** strconv.ParseBool: what Vault accepts from the environment. */
export function parseStrictBool(raw: string): boolean {
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new Error(`cannot parse ${JSON.stringify(raw)} as bool`);
}

/** parseutil.ParseBool: true, 1, "1", "true", "t", … ; "" is false. */
export function parseBool(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw !== 0;
  if (typeof raw === 'string') return raw === '' ? false : parseStrictBool(raw);
  throw new Error(`expected a bool, got ${describe(raw)}`);
}

/** A plain string value (addresses, paths, names). */
export function parseText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  throw new Error(`expected a string, got ${describe(raw)}`);
}

/** parseutil.ParseString, as Vault reads seal settings: bools become "1"/"0". */
export function parseWeakString(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'boolean') return raw ? '1' : '0';
  if (typeof raw === 'number') return String(raw);
  throw new Error(`expected a string, got ${describe(raw)}`);
}

/** How Vault turns storage settings into strings: strings as they are, anything else as JSON. */
export function storageString(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/** parseutil.ParseDurationSecond, with the config's description of a wrong type. */
export function parseDurationSeconds(raw: unknown): number {
  if (typeof raw !== 'number' && typeof raw !== 'string') throw new Error(`expected a duration, got ${describe(raw)}`);
  return parseDuration(raw);
}

/** Vault's logging.ParseLogLevel, with its aliases (notice, warning, err). */
export function parseLogLevel(raw: unknown): LogLevel {
  const level = parseText(raw).trim().toLowerCase();
  const aliases: Record<string, LogLevel> = {
    trace: 'trace', debug: 'debug', notice: 'info', info: 'info', '': 'info',
    warn: 'warn', warning: 'warn', err: 'error', error: 'error',
  };
  const parsed = aliases[level];
  if (parsed === undefined) throw new Error(`unknown log level: ${level}`);
  return parsed;
}

/** Vault's logging.ParseLogFormat. */
export function parseLogFormat(raw: unknown): LogFormat {
  const format = parseText(raw).trim().toLowerCase();
  if (format === '' || format === 'standard') return 'standard';
  if (format === 'json') return 'json';
  throw new Error(`unknown log format: ${parseText(raw)}`);
}

export const TLS_VERSIONS = ['tls10', 'tls11', 'tls12', 'tls13'] as const;

export function parseTlsVersion(raw: unknown): ListenerConfig['tlsMinVersion'] {
  const v = parseText(raw);
  if ((TLS_VERSIONS as readonly string[]).includes(v)) return v as ListenerConfig['tlsMinVersion'];
  throw new Error(
    `'tls_min_version' value ${JSON.stringify(v)} not supported, please specify one of [${TLS_VERSIONS.join(',')}]`,
  );
}

// ---------------------------------------------------------------------------------------------
// Top level

export type ScalarField =
  | 'ui' | 'logLevel' | 'logFormat' | 'apiAddr' | 'clusterAddr' | 'clusterName'
  | 'disableMlock' | 'pluginDirectory' | 'defaultLeaseTtl' | 'maxLeaseTtl' | 'disableForwarding';

export const TOP_LEVEL: { readonly [F in ScalarField]: KeySpec<NonNullable<ServerConfig[F]>> } = {
  ui: { hcl: 'ui', parse: parseBool, default: false, env: ['VAULT_UI'], envParse: parseStrictBool, merge: 'or' },
  logLevel: { hcl: 'log_level', parse: parseLogLevel, default: 'info', env: ['VAULT_LOG_LEVEL'], merge: 'last' },
  logFormat: { hcl: 'log_format', parse: parseLogFormat, default: 'standard', env: ['VAULT_LOG_FORMAT'], merge: 'last' },
  apiAddr: {
    hcl: 'api_addr', parse: parseText, merge: 'last',
    env: ['VAULT_API_ADDR', 'VAULT_REDIRECT_ADDR', 'VAULT_ADVERTISE_ADDR'],
  },
  clusterAddr: { hcl: 'cluster_addr', parse: parseText, env: ['VAULT_CLUSTER_ADDR'], merge: 'last' },
  clusterName: { hcl: 'cluster_name', parse: parseText, merge: 'last' },
  disableMlock: {
    hcl: 'disable_mlock', parse: parseBool, default: false,
    env: ['VAULT_DISABLE_MLOCK'], envParse: parseStrictBool, merge: 'or',
  },
  pluginDirectory: { hcl: 'plugin_directory', parse: parseText, merge: 'last' },
  defaultLeaseTtl: { hcl: 'default_lease_ttl', parse: parseDurationSeconds, default: DEFAULT_LEASE_TTL, merge: 'max' },
  maxLeaseTtl: { hcl: 'max_lease_ttl', parse: parseDurationSeconds, default: DEFAULT_LEASE_TTL, merge: 'max' },
  // tsvault's: an HA standby answers 307 to the active node instead of forwarding.
  disableForwarding: { hcl: 'disable_forwarding', parse: parseBool, default: false, merge: 'or' },
};

/** `vault server -dev-listen-address` reads this variable too. */
export const DEV_LISTEN_ADDRESS_ENV = 'VAULT_DEV_LISTEN_ADDRESS';

/** Blocks tsvault reads; `backend`/`ha_backend` are Vault's old names, `hsm` the old `seal`. */
export const STORAGE_KEYS = ['storage', 'backend'] as const;
export const HA_STORAGE_KEYS = ['ha_storage', 'ha_backend'] as const;
export const SEAL_KEYS = ['seal', 'hsm'] as const;
export const LISTENER_KEY = 'listener';

/** Top-level keys Vault knows and tsvault accepts without using them. */
export const IGNORED_TOP_LEVEL = new Set([
  'administrative_namespace_path', 'cache_size', 'cloud', 'cluster_cipher_suites', 'default_max_request_duration',
  'detect_deadlocks', 'disable_cache', 'disable_clustering', 'disable_indexing', 'disable_performance_standby',
  'disable_printable_check', 'disable_sealwrap', 'disable_sentinel_trace', 'enable_multiseal',
  'enable_post_unseal_trace', 'enable_raw_endpoint', 'enable_response_header_hostname',
  'enable_response_header_raft_node_id', 'entropy', 'experiments', 'imprecise_lease_role_tracking',
  'introspection_endpoint', 'kms', 'license_path', 'log_file', 'log_requests_level', 'log_rotate_bytes',
  'log_rotate_duration', 'log_rotate_max_files', 'pid_file', 'plugin_file_permissions', 'plugin_file_uid',
  'plugin_tmpdir', 'post_unseal_trace_directory', 'raw_storage_endpoint', 'remove_irrevocable_lease_after',
  'replication', 'reporting', 'sentinel', 'service_registration', 'user_lockout',
]);

// ---------------------------------------------------------------------------------------------
// Blocks

/** Storage settings that look secret; sanitize.ts redacts them (also as a `_<name>` suffix). */
export const SENSITIVE_STORAGE_KEYS = [
  'password', 'token', 'connection_url', 'secret_key', 'access_key', 'session_token',
] as const;

/** Settings Vault lifts out of every storage block instead of passing them to the backend. */
const STORAGE_COMMON = ['redirect_addr', 'advertise_addr', 'cluster_addr', 'disable_clustering'];

function invalid(key: string, item: BlockItem, err: unknown): ConfigError {
  const reason = err instanceof Error ? err.message : String(err);
  const pos = posOf(item.pos.file, findNode(item.nodes, key), item.pos);
  return new ConfigError('CONFIG_INVALID', `invalid value for ${key}: ${reason}`, pos, { cause: err });
}

/** A backend's check of its block's values (storage/registry.ts): the key at fault and why, or undefined. */
type StorageSettingsCheck = (type: string, config: Readonly<Record<string, string>>) => { key: string; message: string } | undefined;

export function decodeStorage(items: readonly BlockItem[], blockName: string, check?: StorageSettingsCheck): StorageConfig {
  if (items.length > 1) {
    throw new ConfigError('CONFIG_INVALID', `only one ${JSON.stringify(blockName)} block is permitted`, items[1]!.pos);
  }
  const item = items[0]!;
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(item.body)) {
    if (!STORAGE_COMMON.includes(k)) config[k] = storageString(v);
  }
  const common = (k: string): string | undefined =>
    item.body[k] === undefined ? undefined : storageString(item.body[k]);
  const storage: StorageConfig = {
    type: (item.label ?? blockName).toLowerCase(),
    config,
    pos: item.pos,
  };
  const problem = check?.(storage.type, config);
  if (problem !== undefined) throw invalid(problem.key, item, new Error(problem.message));
  const redirect = common('redirect_addr') ?? common('advertise_addr');
  if (redirect !== undefined) storage.redirectAddr = redirect;
  const cluster = common('cluster_addr');
  if (cluster !== undefined) storage.clusterAddr = cluster;
  const disable = common('disable_clustering');
  if (disable !== undefined) {
    try {
      storage.disableClustering = parseStrictBool(disable);
    } catch (err) {
      throw invalid('disable_clustering', item, err);
    }
  }
  return storage;
}

type ListenerField = 'address' | 'tlsDisable' | 'tlsCertFile' | 'tlsKeyFile' | 'tlsMinVersion';

export const LISTENER: { readonly [F in ListenerField]: Omit<KeySpec<NonNullable<ListenerConfig[F]>>, 'merge'> } = {
  address: { hcl: 'address', parse: parseText, default: '127.0.0.1:8200' },
  tlsDisable: { hcl: 'tls_disable', parse: parseBool, default: false },
  tlsCertFile: { hcl: 'tls_cert_file', parse: parseText },
  tlsKeyFile: { hcl: 'tls_key_file', parse: parseText },
  tlsMinVersion: { hcl: 'tls_min_version', parse: parseTlsVersion, default: 'tls12' },
};

/** Listener keys Vault knows and tsvault accepts without using them. */
export const IGNORED_LISTENER = new Set([
  'type', 'purpose', 'role', 'cluster_address', 'max_request_size',
  'require_request_header', 'tls_max_version', 'tls_cipher_suites', 'tls_prefer_server_cipher_suites',
  'tls_require_and_verify_client_cert', 'tls_client_ca_file', 'tls_disable_client_certs', 'proxy_protocol_behavior',
  'proxy_protocol_authorized_addrs', 'x_forwarded_for_authorized_addrs', 'x_forwarded_for_hop_skips',
  'x_forwarded_for_reject_not_present', 'x_forwarded_for_reject_not_authorized',
  'x_forwarded_for_client_cert_header', 'x_forwarded_for_client_cert_header_decoders', 'socket_mode',
  'socket_user', 'socket_group', 'agent_api', 'proxy_api', 'profiling', 'inflight_requests_logging',
  'cors_enabled', 'cors_allowed_origins', 'cors_allowed_headers', 'custom_response_headers', 'chroot_namespace',
  'redact_addresses', 'redact_cluster_name', 'redact_version', 'disable_replication_status_endpoints',
  'disable_request_limiter', 'max_json_depth', 'max_json_string_value_length', 'max_json_object_entry_count',
  'max_json_array_element_count', 'max_json_token', 'max_token_header_size', 'unauthenticated_metrics_access',
]);

export function decodeListener(item: BlockItem, warnings: ConfigWarning[]): ListenerConfig {
  let type = item.label;
  if (item.body.type !== undefined) {
    try {
      type = parseText(item.body.type);
    } catch (err) {
      throw invalid('type', item, err);
    }
  }
  if (type === undefined) throw new ConfigError('CONFIG_INVALID', 'listener type must be specified', item.pos);
  if (type.toLowerCase() !== 'tcp') {
    throw new ConfigError('CONFIG_INVALID', `unsupported listener type ${JSON.stringify(type.toLowerCase())}`, item.pos);
  }
  const out: Record<string, unknown> = { type: 'tcp', pos: item.pos };
  const byHcl = new Map(Object.entries(LISTENER).map(([field, spec]) => [spec.hcl, { field, spec }]));
  for (const [field, spec] of Object.entries(LISTENER)) if (spec.default !== undefined) out[field] = spec.default;
  for (const [key, raw] of Object.entries(item.body)) {
    const known = byHcl.get(key);
    if (key === TELEMETRY_KEY) out.unauthenticatedMetricsAccess = decodeListenerTelemetry(raw, item, warnings);
    else if (isListenerLimitKey(key)) continue; // decoded below, in listener-timeouts.ts
    else if (known) {
      try {
        out[known.field] = known.spec.parse(raw);
      } catch (err) {
        throw invalid(key, item, err);
      }
    } else if (!IGNORED_LISTENER.has(key)) {
      warnings.push({ pos: posOf(item.pos.file, findNode(item.nodes, key), item.pos), message: unknownField(key) });
    }
  }
  const limits = decodeListenerLimits(item);
  if (limits) out.limits = limits;
  return out as unknown as ListenerConfig;
}

export function decodeSeal(item: BlockItem, blockName: string): SealBlockConfig {
  let disabled = false;
  const config: Record<string, string> = {};
  for (const [key, raw] of Object.entries(item.body)) {
    try {
      if (key === 'disabled') disabled = parseBool(raw);
      else config[key] = parseWeakString(raw);
    } catch (err) {
      throw invalid(key, item, err);
    }
  }
  return { type: (item.label ?? blockName).toLowerCase(), disabled, config, pos: item.pos };
}

/** Vault's text for a key it does not know (configutil.ValidateUnusedFields). */
export function unknownField(key: string): string {
  return `unknown or unsupported field ${key} found in configuration`;
}
