/**
 * Vault's api.MountOutput as `vault secrets list` and `vault auth list` decode and print it
 * ([V] api/sys_mounts.go): each mount as a Map in Go's field order (so -format=json prints the
 * struct as json.MarshalIndent does), the mounts sorted by path, and the detailed-table cells.
 */
import { TsvaultError } from '../errors.js';
import { goValue } from './format.js';
import { goSortKeys } from './go-json.js';
import { secretFromJson } from './secret.js';

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
export function mountOutput(raw: unknown): Map<string, unknown> {
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

/** ListMounts / ListAuth: the answer's `data` decoded, sorted by path; Vault's error when empty. */
export function mountsFromAnswer(answer: unknown): Map<string, Map<string, unknown>> {
  const secret = secretFromJson(answer);
  if (secret === null || secret.data === null) {
    throw new TsvaultError('API_REQUEST', 'data from server response is empty');
  }
  const data = secret.data;
  return new Map(goSortKeys(Object.keys(data)).map((k) => [k, mountOutput(data[k])]));
}

/** One field of a decoded mount. */
export function field<T>(m: Map<string, unknown>, k: string): T {
  return m.get(k) as T;
}

/** A field of the mount's config. */
export function configField<T>(m: Map<string, unknown>, k: string): T {
  return field<Map<string, unknown>>(m, 'config').get(k) as T;
}

/** calcTTL: blank for system and cubbyhole mounts, the seconds when set, else "system". */
export function ttlCell(type: string, ttl: number): string {
  if (type === 'system' || type === 'cubbyhole') return '';
  return ttl !== 0 ? String(ttl) : 'system';
}

/** The Plugin column: the type, or the config's plugin_name for a "plugin" mount. */
export function pluginCell(m: Map<string, unknown>): string {
  const type = field<string>(m, 'type');
  return type === 'plugin' ? str(configField(m, 'plugin_name')) : type;
}

/** %v of the mount options (a nil map prints "map[]"). */
export function optionsCell(m: Map<string, unknown>): string {
  return goValue(field<unknown>(m, 'options') ?? {});
}
