/**
 * Vault's audit hashing (audit/hashstructure.go): a device's salt is the HMAC-SHA256 key, a hashed
 * value is `hmac-sha256:<hex>`, and in request and response data every string value at any depth
 * is replaced by its hash (object keys never; numbers, booleans and null are written as they are,
 * as Vault's documentation says). Tokens and, unless `hmac_accessor=false`, accessors are hashed in
 * the auth blocks, the request and wrap_info. Every function returns a copy; the input is untouched.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { JsonNumber } from '../json/number.js';
import type { AuditAuth, AuditRequest, AuditResponse } from './types.js';

export type Hasher = (value: string) => string;

/** salt.GetIdentifiedHMAC: `hmac-sha256:` and the hex HMAC-SHA256 of the value under the salt. */
export function auditHasher(salt: Uint8Array): Hasher {
  // One KeyObject for the device's life: given raw bytes, every createHmac would build one.
  const key = createSecretKey(Buffer.from(salt));
  return (value) => `hmac-sha256:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`;
}

/** Go's time.RFC3339Nano for a Date (UTC, fraction without trailing zeros). */
export function rfc3339Nano(date: Date): string {
  return date.toISOString().replace(/\.(\d*?)0*Z$/, (_m, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof JsonNumber) // a number, written as it is
  );
}

/**
 * HashStructure: a deep copy with every string value hashed, except values whose nearest enclosing
 * object key is in `ignoredKeys` (Vault's audit_non_hmac_*_keys: strings in an array under such a
 * key stay plain too). Time values become RFC 3339 strings first, as Vault's walker does.
 */
export function hashStructure(value: unknown, hash: Hasher, ignoredKeys: readonly string[] = [], key?: string): unknown {
  if (typeof value === 'string') return key !== undefined && ignoredKeys.includes(key) ? value : hash(value);
  if (value instanceof Date) return hashStructure(rfc3339Nano(value), hash, ignoredKeys, key);
  if (Array.isArray(value)) return value.map((item) => hashStructure(item, hash, ignoredKeys, key));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = hashStructure(v, hash, ignoredKeys, k);
    return out;
  }
  return value;
}

/** HashAuth: the client token, and the accessor when accessors are hashed. */
export function hashAuth(auth: AuditAuth, hash: Hasher, hmacAccessor: boolean): AuditAuth {
  const out = { ...auth };
  if (out.clientToken) out.clientToken = hash(out.clientToken);
  if (hmacAccessor && out.accessor) out.accessor = hash(out.accessor);
  return out;
}

/** HashRequest: client token, its accessor (unless hmac_accessor=false), and the request data. */
export function hashRequest(request: AuditRequest, hash: Hasher, hmacAccessor: boolean, nonHmacKeys: readonly string[] = []): AuditRequest {
  const out = { ...request };
  if (out.clientToken) out.clientToken = hash(out.clientToken);
  if (hmacAccessor && out.clientTokenAccessor) out.clientTokenAccessor = hash(out.clientTokenAccessor);
  if (out.data) out.data = hashStructure(out.data, hash, nonHmacKeys) as Record<string, unknown>;
  return out;
}

/**
 * Vault's list elision (elide_list_responses): a list response's `keys` becomes its count and
 * `key_info` the number of its entries. Top level only; returns a copy.
 */
export function elideListData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = { ...data };
  if (Array.isArray(out.keys)) out.keys = out.keys.length;
  if (isPlainObject(out.key_info)) out.key_info = Object.keys(out.key_info).length;
  return out;
}

/** HashWrapInfo: the wrapping token always, its accessor and the wrapped accessor when accessors are hashed. */
export function hashWrapInfo(wrapInfo: Readonly<Record<string, unknown>>, hash: Hasher, hmacAccessor: boolean): Record<string, unknown> {
  const out = { ...wrapInfo };
  if (typeof out.token === 'string') out.token = hash(out.token);
  if (hmacAccessor) {
    if (typeof out.accessor === 'string') out.accessor = hash(out.accessor);
    for (const k of ['wrapped_accessor', 'wrappedAccessor']) {
      if (typeof out[k] === 'string' && out[k] !== '') out[k] = hash(out[k] as string);
    }
  }
  return out;
}

/** HashResponse: the auth block, the data (elided first for list operations), and wrap_info. */
export function hashResponse(
  response: AuditResponse,
  hash: Hasher,
  hmacAccessor: boolean,
  opts: { nonHmacKeys?: readonly string[]; elideList?: boolean } = {},
): AuditResponse {
  const out = { ...response };
  if (out.auth) out.auth = hashAuth(out.auth, hash, hmacAccessor);
  if (out.data) {
    const data = opts.elideList ? elideListData(out.data) : out.data;
    out.data = hashStructure(data, hash, opts.nonHmacKeys ?? []) as Record<string, unknown>;
  }
  if (out.wrapInfo) out.wrapInfo = hashWrapInfo(out.wrapInfo, hash, hmacAccessor);
  return out;
}
