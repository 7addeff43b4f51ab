/**
 * Reading request fields the way Vault's framework.FieldData does (weak decoding: numbers from
 * numeric strings, booleans from "true"/"1", lists from comma-separated strings, durations from
 * seconds or Go duration strings). A wrong type is a 400 with the field's name.
 */
import { parseDurationSeconds } from '../duration.js';
import { quoteInput } from '../log/redact.js';
import { badRequest } from './errors.js';

type Data = Record<string, unknown>;

function fail(name: string, v: unknown, type: string): never {
  throw badRequest(`error converting input ${quoteInput(name, v)} for field "${name}": cannot parse as ${type}`);
}

export function str(data: Data, name: string, def = ''): string {
  const v = data[name];
  if (v === undefined || v === null) return def;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(name, v, 'string');
}

export function int(data: Data, name: string, def = 0): number {
  const v = data[name];
  if (v === undefined || v === null || v === '') return def;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return fail(name, v, 'int');
}

export function bool(data: Data, name: string, def = false): boolean {
  const v = data[name];
  if (v === undefined || v === null || v === '') return def;
  if (typeof v === 'boolean') return v;
  if (v === 1 || (typeof v === 'string' && /^(1|t|true)$/i.test(v))) return true;
  if (v === 0 || (typeof v === 'string' && /^(0|f|false)$/i.test(v))) return false;
  return fail(name, v, 'bool');
}

/** Seconds; accepts 3600, "3600", "1h", "1h30m", "7d". */
export function duration(data: Data, name: string, def = 0): number {
  const v = data[name];
  if (v === undefined || v === null || v === '') return def;
  try {
    return parseDurationSeconds(v);
  } catch {
    return fail(name, v, 'duration');
  }
}

/** A list of strings from a JSON array or a comma-separated string (Vault's TypeCommaStringSlice). */
export function strList(data: Data, name: string, def: string[] = []): string[] {
  const v = data[name];
  if (v === undefined || v === null) return def;
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
  if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter((x) => x !== '');
  return fail(name, v, 'comma-separated list of strings');
}

/** A map of strings (Vault's TypeKVPairs / TypeMap of strings). */
export function strMap(data: Data, name: string): Record<string, string> | undefined {
  const v = data[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) return fail(name, v, 'map');
  return Object.fromEntries(Object.entries(v as Data).map(([k, x]) => [k, String(x)]));
}

/** Base64 input decoded to bytes (Vault's standard encoding). */
export function base64(data: Data, name: string): Uint8Array | undefined {
  const v = data[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw badRequest(`failed to base64-decode ${name}`);
  }
  return Buffer.from(v, 'base64');
}
