/**
 * Body readers shared by the generate-root and rekey handlers, and their common update handler.
 * Vault decodes these bodies into Go structs, whose field names match case-insensitively; a value
 * of the wrong JSON type is a 400.
 */
import { HttpError } from '../../http/errors.js';
import { raw, type HttpHandler } from './http-paths.js';
import { fieldAnyCase } from './json-fields.js';
import { decodeUnsealKey } from './seal-paths.js';

/** A string field: absent or null is "", anything but a string is a 400. */
export function stringField(body: Record<string, unknown>, name: string): string {
  const v = fieldAnyCase(body, name);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    throw new HttpError('CORE_INVALID_REQUEST', [`failed to parse JSON input: json: cannot unmarshal ${goJsonType(v)} into field ${name} of type string`]);
  }
  return v;
}

function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/**
 * The `key` and `nonce` of an update request, the key decoded from hex or base64. The caller
 * zeroes the key when done.
 */
export function keyShareBody(body: Record<string, unknown>): { key: Buffer; nonce: string } {
  const key = stringField(body, 'key');
  const nonce = stringField(body, 'nonce');
  if (key === '') throw new HttpError('CORE_INVALID_REQUEST', ["'key' must be specified in request body as JSON"]);
  return { key: decodeUnsealKey(key), nonce };
}

/**
 * The handler of a generate-root or rekey update path: the body's key share and nonce go to
 * `update`, whose result is the 200 answer; the key is zeroed afterwards either way.
 */
export function keyShareUpdateHandler(update: (key: Buffer, nonce: string) => Promise<unknown>): HttpHandler {
  return async (req) => {
    const { key, nonce } = keyShareBody(await req.http.body());
    try {
      return raw(200, await update(key, nonce));
    } finally {
      key.fill(0);
    }
  };
}
