/**
 * Request fields the KV engine reads beyond src/logical/fields.ts, decoded as Vault's
 * framework.FieldData decodes them (mapstructure.WeakDecode) and failing with its message shape:
 * `error converting input <value> for field "<name>": <reason>`.
 */
import { parseDurationSeconds } from '../../duration.js';
import { isSensitiveField, quoteInput, REDACTED } from '../../log/redact.js';
import { badRequest } from '../../logical/errors.js';
import { isJsonObject, type JsonObject } from './merge-patch.js';

type Data = Record<string, unknown>;

function fail(name: string, v: unknown, reason: string): never {
  // A reason may quote the input too (`time: invalid duration "…"`): not for a secret field.
  const quoted = typeof v === 'string' ? v.trim().replace(/^-/, '') : '';
  const why = isSensitiveField(name) && quoted !== '' ? reason.split(quoted).join(REDACTED) : reason;
  throw badRequest(`error converting input ${quoteInput(name, v)} for field "${name}": ${why}`);
}

/** Whether the request carries the field (null counts as absent). */
export function isSet(data: Data, name: string): boolean {
  return data[name] !== undefined && data[name] !== null;
}

/** A TypeMap field; undefined when absent. */
export function objectField(data: Data, name: string): JsonObject | undefined {
  const v = data[name];
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) return fail(name, v, 'cannot parse as map');
  return v;
}

/** mapstructure's weak int: integers, numeric strings, booleans; floats truncate. */
export function weakInt(v: unknown): number | undefined {
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** TypeSignedDurationSecond: seconds, negative allowed (`-1`, `"-1s"`). */
export function signedDuration(data: Data, name: string): number {
  const v = data[name];
  if (v === undefined || v === null || v === '') return 0;
  const negative = (typeof v === 'number' && v < 0) || (typeof v === 'string' && v.trim().startsWith('-'));
  const magnitude = typeof v === 'number' ? Math.abs(v) : typeof v === 'string' ? v.trim().replace(/^-/, '') : v;
  try {
    const seconds = parseDurationSeconds(magnitude);
    return negative ? -seconds : seconds;
  } catch (err) {
    return fail(name, v, err instanceof Error ? err.message : 'cannot parse as duration');
  }
}

/** TypeDurationSecond: as signedDuration, but a negative value is Vault's `cannot provide negative value '<n>'`. */
export function unsignedDuration(data: Data, name: string): number {
  const seconds = signedDuration(data, name);
  if (seconds < 0) return fail(name, data[name], `cannot provide negative value '${seconds}'`);
  return seconds;
}

/** TypeCommaIntSlice: `[1, 2]`, `"1,2"`, `1`. */
export function intList(data: Data, name: string): number[] {
  const v = data[name];
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [v];
  return items.map((item) => {
    const n = weakInt(typeof item === 'string' ? item.trim() : item);
    if (n === undefined) return fail(name, v, 'cannot parse as int list');
    return n;
  });
}

/** go-multierror's text, which Vault returns as one error string. */
export function multiError(messages: readonly string[]): string {
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]!}\n\n`;
  return `${messages.length} errors occurred:\n\t${messages.map((m) => `* ${m}`).join('\n\t')}\n\n`;
}
