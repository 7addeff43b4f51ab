import { quoteInput } from '../../log/redact.js';
import { HttpError } from '../../http/errors.js';

/**
 * Body field readers with Go's JSON decoding in mind: numbers may arrive as JSON numbers or
 * numeric strings (Vault's mapstructure weak decoding); anything else is a 400.
 */
export function intField(body: Record<string, unknown>, name: string): number {
  const v = body[name];
  if (v === undefined || v === null || v === '') return 0;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new HttpError('CORE_INVALID_REQUEST', [`failed to parse JSON input: cannot decode ${quoteInput(name, v)} into field ${name} of type int`]);
  }
  return n;
}

export function boolField(body: Record<string, unknown>, name: string): boolean {
  const v = body[name];
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(1|t|true)$/i.test(v)) return true;
  if (typeof v === 'string' && /^(0|f|false)$/i.test(v)) return false;
  throw new HttpError('CORE_INVALID_REQUEST', [`failed to parse JSON input: cannot decode ${quoteInput(name, v)} into field ${name} of type bool`]);
}

export function listField(body: Record<string, unknown>, name: string): string[] | null {
  const v = body[name];
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new HttpError('CORE_INVALID_REQUEST', [`failed to parse JSON input: field ${name} must be a list of strings`]);
}

/** Case-insensitive lookup, as Go's json decoding matches untagged struct fields. */
export function fieldAnyCase(body: Record<string, unknown>, name: string): unknown {
  if (name in body) return body[name];
  const key = Object.keys(body).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : body[key];
}
