/**
 * Audit entries in Vault's shape (audit/types.go, audit/entry_formatter.go): `time` first, then the
 * fields in Vault's declaration order, each left out when empty as Go's `omitempty` does. Fixed
 * structures are `Map`s (their order is Vault's); data, metadata and headers are plain objects, Go
 * maps, whose keys the encoder sorts. Hashing happens here unless `log_raw` is set.
 */
import { elideListData, hashAuth, hashRequest, hashResponse, rfc3339Nano, type Hasher } from './hash.js';
import type { FormatOptions } from './format-options.js';
import type { AuditAuth, AuditInput, AuditRequest, AuditResponse } from './types.js';

/** A Go struct: fields in order, empty ones already left out. */
export type Struct = Map<string, unknown>;

/** Go's omitempty: "", 0, false, null/undefined, and empty slices and maps are left out. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Map) return false; // a struct pointer: present even when its fields are empty
  if (typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) return Object.keys(value).length === 0;
  return false;
}

function struct(fields: ReadonlyArray<readonly [string, unknown]>): Struct {
  const out: Struct = new Map();
  for (const [k, v] of fields) if (!isEmpty(v)) out.set(k, v);
  return out;
}

/** The entry's auth object. Vault always writes token_type ("default" when the token has none). */
function authStruct(auth: AuditAuth): Struct {
  return struct([
    ['accessor', auth.accessor],
    ['client_token', auth.clientToken],
    ['display_name', auth.displayName],
    ['entity_id', auth.entityId],
    ['identity_policies', auth.identityPolicies],
    ['metadata', auth.metadata],
    ['policies', auth.policies],
    ['token_policies', auth.tokenPolicies],
    ['token_issue_time', auth.tokenIssueTime],
    ['token_ttl', auth.tokenTtl],
    ['token_type', auth.tokenType || 'default'],
  ]);
}

function requestStruct(req: AuditRequest): Struct {
  return struct([
    ['client_token', req.clientToken],
    ['client_token_accessor', req.clientTokenAccessor],
    ['data', req.data],
    ['headers', req.headers],
    ['id', req.id],
    ['mount_accessor', req.mountAccessor],
    ['mount_point', req.mountPoint],
    ['mount_type', req.mountType],
    ['namespace', struct([['id', 'root']])],
    ['operation', req.operation],
    ['path', req.path],
    ['remote_address', req.remoteAddress],
    ['remote_port', req.remotePort],
    ['wrap_ttl', req.wrapTtl],
  ]);
}

function field(record: Readonly<Record<string, unknown>>, snake: string, camel: string): unknown {
  return record[snake] ?? record[camel];
}

function wrapInfoStruct(w: Readonly<Record<string, unknown>>): Struct {
  const created = field(w, 'creation_time', 'creationTime');
  return struct([
    ['accessor', w.accessor],
    ['creation_path', field(w, 'creation_path', 'creationPath')],
    ['creation_time', created instanceof Date ? rfc3339Nano(created) : created],
    ['token', w.token],
    ['ttl', w.ttl],
    ['wrapped_accessor', field(w, 'wrapped_accessor', 'wrappedAccessor')],
  ]);
}

/** The response object; mount fields come from the response or, as Vault takes them, the request. */
function responseStruct(resp: AuditResponse, req: AuditRequest): Struct {
  return struct([
    ['auth', resp.auth ? authStruct(resp.auth) : undefined],
    ['data', resp.data],
    ['mount_accessor', resp.mountAccessor ?? req.mountAccessor],
    ['mount_point', req.mountPoint],
    ['mount_type', resp.mountType ?? req.mountType],
    ['redirect', resp.redirect],
    ['secret', resp.secret ? struct([['lease_id', resp.secret.leaseId]]) : undefined],
    ['wrap_info', resp.wrapInfo ? wrapInfoStruct(resp.wrapInfo) : undefined],
    ['warnings', resp.warnings],
  ]);
}

export type EntryType = 'request' | 'response';

/** One entry, hashed as the options say, as a tree of Structs and plain values for the encoder. */
export function buildEntry(type: EntryType, input: AuditInput, options: FormatOptions, hash: Hasher, now: Date): Struct {
  let auth = input.auth ?? {};
  let request = input.request;
  let response: AuditResponse | undefined;
  const elideList = type === 'response' && options.elideListResponses && input.request.operation === 'list';
  if (type === 'response') response = input.response ?? {};
  if (!options.logRaw) {
    auth = hashAuth(auth, hash, options.hmacAccessor);
    request = hashRequest(request, hash, options.hmacAccessor);
    if (response) response = hashResponse(response, hash, options.hmacAccessor, { elideList });
  } else if (response?.data && elideList) {
    response = { ...response, data: elideListData(response.data) };
  }
  return struct([
    ['time', rfc3339Nano(now)],
    ['auth', authStruct(auth)],
    ['error', input.error],
    ['request', requestStruct(request)],
    ['response', response ? responseStruct(response, request) : undefined],
    ['type', type],
  ]);
}
