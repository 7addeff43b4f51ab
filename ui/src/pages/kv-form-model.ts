/**
 * The KV editor's two forms of a secret and the checks made before anything is sent: key/value
 * rows (a value that was not a string keeps its JSON type), and JSON text that must parse to an
 * object. A problem is returned as a message; the caller sends nothing then.
 */
import type { SecretData } from '../api/secrets.js';

export interface Row {
  key: string;
  value: string;
  /** The value is JSON text (it was a number, a list, an object… in the secret). */
  json: boolean;
}

export type Parsed = { ok: true; data: SecretData } | { ok: false; error: string };

export function rowsFromData(data: SecretData): Row[] {
  const rows = Object.entries(data).map(([key, v]) =>
    typeof v === 'string' ? { key, value: v, json: false } : { key, value: JSON.stringify(v), json: true },
  );
  return rows.length > 0 ? rows : [{ key: '', value: '', json: false }];
}

export function dataFromRows(rows: Row[]): Parsed {
  const data: SecretData = {};
  for (const [i, r] of rows.entries()) {
    const key = r.key.trim();
    if (key === '' && r.value === '') continue;
    if (key === '') return { ok: false, error: `row ${i + 1}: a value needs a key` };
    if (Object.hasOwn(data, key)) return { ok: false, error: `row ${i + 1}: the key "${key}" is given twice` };
    if (r.json) {
      try {
        data[key] = JSON.parse(r.value) as unknown;
      } catch (err) {
        return { ok: false, error: `row ${i + 1} ("${key}"): the value is not valid JSON: ${(err as Error).message}` };
      }
    } else {
      data[key] = r.value;
    }
  }
  return { ok: true, data };
}

export function jsonFromData(data: SecretData): string {
  return JSON.stringify(data, null, 2);
}

export function dataFromJson(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `the JSON is malformed: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'the JSON must be an object of keys and values, e.g. {"password": "…"}' };
  }
  return { ok: true, data: value as SecretData };
}
