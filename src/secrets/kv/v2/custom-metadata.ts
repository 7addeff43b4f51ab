/**
 * custom_metadata as vault-plugin-secrets-kv reads it (path_metadata.go: parseCustomMetadata,
 * validateCustomMetadata): values weakly decoded to strings, at most 64 keys, keys 1..128 bytes,
 * values 1..512 bytes, both printable; all violations reported together as a multierror.
 */
import { badRequest } from '../../../logical/errors.js';
import { multiError } from '../input.js';
import type { JsonObject } from '../merge-patch.js';

const MAX_KEYS = 64;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 512;
const PREFIX = 'custom_metadata validation failed';

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

function goType(v: unknown): string {
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

/** mapstructure.WeakDecode into a string. */
function weakString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw badRequest(`${PREFIX}: '' expected type 'string', got unconvertible type '${goType(v)}'`);
}

/**
 * The map to store. With `dropNulls` (PATCH), null values are left out of the result, since they
 * mean "remove this key" to the merge patch that follows.
 */
export function parseCustomMetadata(raw: JsonObject, dropNulls: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (dropNulls && v === null) continue;
    Object.defineProperty(out, k, { value: weakString(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A PATCH's custom_metadata as a merge patch: values as strings, nulls kept (they remove keys). */
export function customMetadataPatch(raw: JsonObject): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(raw)) {
    Object.defineProperty(out, k, { value: v === null ? null : weakString(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Throws Vault's 400 with every problem found. */
export function validateCustomMetadata(map: Record<string, string>): void {
  const entries = Object.entries(map);
  if (entries.length > MAX_KEYS) {
    throw badRequest(multiError([`${PREFIX}: payload must contain at most ${MAX_KEYS} keys, provided ${entries.length}`]));
  }
  const problems: string[] = [];
  for (const [key, value] of entries) {
    const keyLen = Buffer.byteLength(key, 'utf8');
    const valueLen = Buffer.byteLength(value, 'utf8');
    if (keyLen === 0 || keyLen > MAX_KEY_LENGTH) {
      problems.push(`${PREFIX}: length of key ${JSON.stringify(key)} is ${keyLen} but must be 0 < len(key) <= ${MAX_KEY_LENGTH}`);
    }
    if (valueLen === 0 || valueLen > MAX_VALUE_LENGTH) {
      problems.push(
        `${PREFIX}: length of value for key ${JSON.stringify(key)} is ${valueLen} but must be 0 < len(value) <= ${MAX_VALUE_LENGTH}`,
      );
    }
    if (!PRINTABLE.test(key)) problems.push(`${PREFIX}: key ${JSON.stringify(key)} (${key}) contains unprintable characters`);
    if (!PRINTABLE.test(value)) problems.push(`${PREFIX}: value for key ${JSON.stringify(key)} contains unprintable characters`);
  }
  if (problems.length > 0) throw badRequest(multiError(problems));
}
