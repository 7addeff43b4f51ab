/**
 * Batch input decoding and batch status codes as Vault's transit does them: decodeBatchRequestItems
 * (encrypt/decrypt; also used for rewrap), mapstructure into maps of strings (hmac, sign, verify),
 * and batchRequestResponse (400 on a user error in any item, 500 on an internal one, or the
 * caller's partial_failure_response_code when some items succeeded).
 */
import { JsonNumber, numberText } from '../../json/number.js';
import { exactOf } from '../../json/parse.js';
import { int } from '../../logical/fields.js';
import type { LogicalResponse } from '../../logical/types.js';
import { plainError } from './errors.js';
import { goTypeName } from './go-compat.js';

export interface BatchItem {
  context: string;
  plaintext: string;
  ciphertext: string;
  nonce: string;
  keyVersion: number;
  associatedData: string;
  reference: string;
}

type Mode = 'encrypt' | 'decrypt' | 'rewrap';
const STRING_FIELDS = ['context', 'ciphertext', 'nonce', 'associated_data', 'reference'] as const;

/** mapstructure.Error's text. */
function decodingErrors(points: string[]): never {
  const lines = points.map((p) => `* ${p}`).sort();
  throw plainError(`failed to parse batch input: ${points.length} error(s) decoding:\n\n${lines.join('\n')}`);
}

/** json.Number.Int64 (strconv.ParseInt base 10): the value, or Go's error for the text as written. */
function int64Of(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `strconv.ParseInt: parsing "${text}": invalid syntax`;
  const big = BigInt(text);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return `strconv.ParseInt: parsing "${text}": value out of range`;
  return Number(big);
}

export function decodeBatchItems(plain: unknown, mode: Mode): BatchItem[] {
  const src = exactOf(plain); // numbers as the request wrote them
  if (!Array.isArray(src)) {
    throw plainError(`failed to parse batch input: source data must be an array or slice, got ${goTypeName(src)}`);
  }
  const errors: string[] = [];
  const items = src.map((raw: unknown, i): BatchItem => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw plainError(`failed to parse batch input: [${i}] expected a map, got '${goTypeName(raw)}'`);
    }
    const obj = raw as Record<string, unknown>;
    const item: BatchItem = { context: '', plaintext: '', ciphertext: '', nonce: '', keyVersion: 0, associatedData: '', reference: '' };
    const set = (field: (typeof STRING_FIELDS)[number], v: string) => {
      if (field === 'associated_data') item.associatedData = v;
      else item[field] = v;
    };
    for (const field of STRING_FIELDS) {
      const v = obj[field];
      if (v === undefined || v === null) continue;
      if (typeof v === 'string') set(field, v);
      else errors.push(`'[${i}].${field}' expected type 'string', got unconvertible type '${goTypeName(v)}'`);
    }
    if (mode === 'decrypt' && !('ciphertext' in obj)) errors.push(`'[${i}].ciphertext' missing ciphertext to decrypt`);
    if ('plaintext' in obj) {
      if (typeof obj.plaintext === 'string') item.plaintext = obj.plaintext;
      else errors.push(`'[${i}].plaintext' expected type 'string', got unconvertible type '${goTypeName(obj.plaintext)}'`);
    } else if (mode === 'encrypt') {
      errors.push(`'[${i}].plaintext' missing plaintext to encrypt`);
    }
    const kv = obj.key_version;
    if (kv !== undefined && kv !== null) {
      if (typeof kv === 'number' || kv instanceof JsonNumber) {
        const n = int64Of(numberText(kv));
        if (typeof n === 'number') item.keyVersion = n;
        else errors.push(`error decoding json.Number into [${i}].key_version: ${n}`);
      } else errors.push(`'[${i}].key_version' expected type 'int', got unconvertible type '${goTypeName(kv)}'`);
    }
    return item;
  });
  if (errors.length > 0) decodingErrors(errors);
  return items;
}

/** mapstructure.Decode into []map[string]string (hmac and sign batch items). */
export function decodeStringMaps(src: unknown): Record<string, string>[] {
  if (!Array.isArray(src)) throw plainError(`failed to parse batch input: '' source data must be an array or slice, got ${goKind(src)}`);
  const errors: string[] = [];
  const items = src.map((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(`'[${i}]' expected a map, got '${goKind(raw)}'`);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (v !== null) errors.push(`'[${i}][${k}]' expected type 'string', got unconvertible type '${goTypeName(v)}', value: '${String(v)}'`);
    }
    return out;
  });
  if (errors.length > 0) decodingErrors(errors);
  return items;
}

/** mapstructure.Decode into []map[string]interface{} (verify batch items). */
export function decodeMaps(src: unknown): Record<string, unknown>[] {
  if (!Array.isArray(src)) throw plainError(`failed to parse batch input: '' source data must be an array or slice, got ${goKind(src)}`);
  const errors: string[] = [];
  const items = src.map((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(`'[${i}]' expected a map, got '${goKind(raw)}'`);
      return {};
    }
    return { ...(raw as Record<string, unknown>) };
  });
  if (errors.length > 0) decodingErrors(errors);
  return items;
}

/** reflect.Kind names, as mapstructure reports them. */
function goKind(v: unknown): string {
  if (v === null || v === undefined) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'string'; // json.Number is a string kind
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

export interface BatchOutcome {
  successes: boolean;
  userError: boolean;
  internalError: boolean;
}

/** batchRequestResponse: the status a batch answers with when some items failed. */
export function batchStatus(data: Record<string, unknown>, resp: LogicalResponse, outcome: BatchOutcome): LogicalResponse {
  if (!outcome.userError && !outcome.internalError) return resp;
  let code = outcome.userError ? 400 : 500;
  const warnings = [...(resp.warnings ?? [])];
  if (data.partial_failure_response_code !== undefined && data.partial_failure_response_code !== null && outcome.successes) {
    const requested = int(data, 'partial_failure_response_code');
    if (requested < 1 || requested > 599) {
      warnings.push(`invalid HTTP response code override from partial_failure_response_code, reverting to ${code}`);
    } else {
      code = requested;
    }
  }
  return { ...resp, ...(warnings.length > 0 ? { warnings } : {}), status: code };
}
