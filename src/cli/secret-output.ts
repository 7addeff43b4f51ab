/**
 * Vault's output of secrets, maps and lists ([V] command/format.go, command/util.go):
 * OutputSecret (lease rows, token rows, wrap rows, then the sorted data with TTL-like keys shown
 * as durations), OutputData for a map, OutputList for a LIST answer, the warnings block, and
 * PrintRawField for -field. JSON prints the value json.MarshalIndent would.
 */
import { columnize, err, goValue, humanDuration, out, printRaw, wrapAtLength, type OutputFormat } from './format.js';
import { goSortKeys, marshalIndent } from './go-json.js';
import { goQuote } from './flags.js';
import { goTimeString } from './go-time.js';
import type { CliIO } from './io.js';
import { secretJson, type VaultSecret } from './secret.js';

/** A Go nil slice or map held in an interface: not "absent", printed as "[]"/"map[]", JSON null. */
export class GoNil {
  constructor(readonly text: string) {}
}

/** looksLikeDuration. */
export function looksLikeDuration(k: string): boolean {
  return (
    k === 'period' ||
    k.endsWith('_period') ||
    k === 'ttl' ||
    k.endsWith('_ttl') ||
    k === 'duration' ||
    k.endsWith('_duration') ||
    k === 'lease_max' ||
    k === 'ttl_max'
  );
}

/** humanDurationInt: whole numbers of seconds become "768h"; anything else is left alone. */
export function humanDurationValue(v: unknown): unknown {
  return typeof v === 'number' && Number.isInteger(v) ? humanDuration(v) : v;
}

/** Go's %v of a value, including GoNil. */
export function goText(v: unknown): string {
  return v instanceof GoNil ? v.text : goValue(v);
}

/** tableOutput: the header row, a rule of dashes per header cell, the rows; columnized. */
export function tableOutput(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const rule = header.map((h) => '-'.repeat(h.trim().length));
  return columnize([header, rule, ...rows]);
}

/** printWarnings: on stderr, each wrapped with a two-space pad, then a blank line. */
export function printWarnings(io: CliIO, secret: VaultSecret | null): void {
  if (!secret?.warnings || secret.warnings.length === 0) return;
  err(io, 'WARNING! The following warnings were returned from Vault:\n');
  for (const warning of secret.warnings) {
    err(io, wrapAtLength(`* ${warning}`, 2));
    err(io, '');
  }
}

/** The Key/Value rows of TableFormatter.OutputSecret. */
export function secretRows(secret: VaultSecret): [string, string][] {
  const rows: [string, string][] = [];
  if (secret.lease_duration > 0) {
    if (secret.lease_id !== '') {
      rows.push(['lease_id', secret.lease_id]);
      rows.push(['lease_duration', humanDuration(secret.lease_duration)]);
      rows.push(['lease_renewable', String(secret.renewable)]);
    } else {
      rows.push(['refresh_interval', humanDuration(secret.lease_duration)]);
    }
  }
  const auth = secret.auth;
  if (auth) {
    const req = auth.mfa_requirement as { mfa_request_id?: unknown } | null;
    if (req !== null && typeof req === 'object') {
      rows.push(['mfa_request_id', String(req.mfa_request_id ?? '')]);
    } else {
      const list = (l: string[] | null): string => `[${(l ?? []).map((s) => goQuote(s)).join(' ')}]`;
      rows.push(['token', auth.client_token]);
      rows.push(['token_accessor', auth.accessor]);
      // A zero lease is most likely a root token: Vault shows infinity.
      rows.push(['token_duration', auth.lease_duration === 0 ? '∞' : humanDuration(auth.lease_duration)]);
      rows.push(['token_renewable', String(auth.renewable)]);
      rows.push(['token_policies', list(auth.token_policies)]);
      rows.push(['identity_policies', list(auth.identity_policies)]);
      rows.push(['policies', list(auth.policies)]);
      // Go ranges over the map in random order; sorted keeps the output stable.
      for (const k of goSortKeys(Object.keys(auth.metadata ?? {}))) {
        rows.push([`token_meta_${k}`, auth.metadata?.[k] ?? '']);
      }
    }
  }
  const wrap = secret.wrap_info;
  if (wrap) {
    rows.push(['wrapping_token:', String(wrap['token'] ?? '')]);
    rows.push(['wrapping_accessor:', String(wrap['accessor'] ?? '')]);
    rows.push(['wrapping_token_ttl:', goText(humanDurationValue(wrap['ttl'] ?? 0))]);
    const created = wrap['creation_time'];
    rows.push(['wrapping_token_creation_time:', goTimeString(typeof created === 'string' ? created : '')]);
    rows.push(['wrapping_token_creation_path:', String(wrap['creation_path'] ?? '')]);
    if (wrap['wrapped_accessor']) rows.push(['wrapped_accessor:', String(wrap['wrapped_accessor'])]);
  }
  rows.push(...mapRows(secret.data ?? {}));
  return rows;
}

/** OutputMap's rows: sorted keys, TTL-like values as durations, %v for the rest. */
export function mapRows(data: Readonly<Record<string, unknown>>): [string, string][] {
  return goSortKeys(Object.keys(data)).map((k) => {
    const v = data[k];
    return [k, goText(looksLikeDuration(k) ? humanDurationValue(v) : v)];
  });
}

/** OutputSecret: 0, after printing the table (nothing if there is nothing to show) or JSON. */
export function outputSecret(io: CliIO, secret: VaultSecret | null, format: OutputFormat): number {
  if (format === 'json') {
    out(io, marshalIndent(secretJson(secret)));
    return 0;
  }
  if (secret === null) return 0;
  printWarnings(io, secret);
  const rows = secretRows(secret);
  if (rows.length > 0) out(io, tableOutput(['Key', 'Value'], rows));
  return 0;
}

/** OutputData for a map: a Key/Value table (nothing when empty) or the JSON object. */
export function outputData(io: CliIO, data: unknown, format: OutputFormat): number {
  if (format === 'json') {
    out(io, marshalIndent(data));
    return 0;
  }
  const rows = mapRows((data ?? {}) as Record<string, unknown>);
  if (rows.length > 0) out(io, tableOutput(['Key', 'Value'], rows));
  return 0;
}

/**
 * OutputList for a LIST answer: the sorted keys under "Keys" (with the key_info columns when
 * -detailed), or the keys as JSON (the whole secret when -detailed). Returns 1 when the keys are
 * not strings, as Vault's table formatter does.
 */
export function outputList(io: CliIO, secret: VaultSecret, format: OutputFormat, detailed = false): number {
  const raw = secret.data?.['keys'];
  if (format === 'json') {
    out(io, marshalIndent(detailed ? secretJson(secret) : raw));
    return 0;
  }
  printWarnings(io, secret);
  const list = Array.isArray(raw) ? raw : [];
  const bad = list.find((k) => typeof k !== 'string');
  if (bad !== undefined) {
    err(io, `Could not parse output: ${goValue(bad)} is not a string`);
    return 1;
  }
  if (list.length === 0) return 0;
  const keys = goSortKeys(list as string[]);
  const info = secret.data?.['key_info'];
  const extra = detailed && info !== null && typeof info === 'object' ? (info as Record<string, unknown>) : {};
  const headers = new Set<string>();
  for (const [key, values] of Object.entries(extra)) {
    // sort.SearchStrings: a key past the last one still counts, as in Vault.
    const index = keys.findIndex((k) => k >= key);
    if ((index !== -1 && keys[index] !== key) || values === null || typeof values !== 'object') continue;
    for (const h of Object.keys(values)) headers.add(h);
  }
  const cols = goSortKeys(headers);
  const rows = keys.map((key) => {
    const values = extra[key] as Record<string, unknown> | undefined;
    if (cols.length === 0 || values === undefined) return [key];
    return [key, ...cols.map((h) => (h in values ? goText(looksLikeDuration(h) ? humanDurationValue(values[h]) : values[h]) : 'n/a'))];
  });
  out(io, tableOutput(['Keys', ...cols], rows));
  return 0;
}

/** RawField: the value -field names, undefined when absent ([V] command/util.go). */
export function rawField(secret: VaultSecret, field: string): unknown {
  const data = secret.data;
  const fromData = (): unknown => data?.[field] ?? undefined;
  const nilList = (l: string[] | null): unknown => l ?? new GoNil('[]');
  if (secret.auth) {
    const a = secret.auth;
    const byName: Record<string, () => unknown> = {
      token: () => a.client_token,
      token_accessor: () => a.accessor,
      token_duration: () => a.lease_duration,
      token_renewable: () => a.renewable,
      token_policies: () => nilList(a.token_policies),
      identity_policies: () => nilList(a.identity_policies),
      policies: () => nilList(a.policies),
    };
    return (byName[field] ?? fromData)();
  }
  if (secret.wrap_info) {
    const w = secret.wrap_info;
    const names: Record<string, string> = {
      wrapping_token: 'token',
      wrapping_accessor: 'accessor',
      wrapping_token_ttl: 'ttl',
      wrapping_token_creation_time: 'creation_time',
      wrapping_token_creation_path: 'creation_path',
      wrapped_accessor: 'wrapped_accessor',
    };
    const name = names[field];
    if (name === 'creation_time') return w[name] || '0001-01-01T00:00:00Z'; // the zero time.Time, RFC3339Nano
    return name === undefined ? fromData() : (w[name] ?? '');
  }
  switch (field) {
    case 'lease_duration':
    case 'refresh_interval':
      return secret.lease_duration;
    case 'lease_id':
      return secret.lease_id;
    case 'request_id':
      return secret.request_id;
    case 'renewable':
      return secret.renewable;
    case 'data':
      return data && 'data' in data ? data['data'] : (data ?? new GoNil('map[]'));
    default:
      return fromData();
  }
}

/** PrintRawField's printing: the bare value (%v in table format, JSON otherwise); 1 when absent. */
function printValue(io: CliIO, value: unknown, field: string, format: OutputFormat): number {
  if (value === undefined || value === null) {
    err(io, `Field ${goQuote(field)} not present in secret`);
    return 1;
  }
  if (format === 'json') printRaw(io, marshalIndent(value instanceof GoNil ? null : value));
  else printRaw(io, goText(value));
  return 0;
}

/** PrintRawField on a secret (RawField picks the value). */
export function printSecretField(io: CliIO, secret: VaultSecret, field: string, format: OutputFormat): number {
  return printValue(io, rawField(secret, field), field, format);
}

/** PrintRawField on a map: the entry named by the field. */
export function printMapField(
  io: CliIO,
  data: Readonly<Record<string, unknown>>,
  field: string,
  format: OutputFormat,
): number {
  return printValue(io, data[field], field, format);
}
