/**
 * json.MarshalIndent(v, "", "  ") and json.Marshal(v) as Vault's CLI prints them. Go sorts the keys of a map but keeps
 * a struct's field order, so callers pass structs as a JS `Map` (insertion order kept, even for
 * keys like "10" that a plain object would reorder) and maps as plain objects (keys sorted
 * bytewise, as Go does). `undefined` entries are left out (omitempty). Strings get Go's
 * HTML-safe escaping of <, > and & and of U+2028/U+2029.
 */

function quote(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Go's sort.Strings order (bytewise on UTF-8; UTF-16 order differs only above U+E000). */
export function goSortKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function entriesOf(value: object): [string, unknown][] {
  if (value instanceof Map) return [...(value as Map<string, unknown>).entries()];
  const record = value as Record<string, unknown>;
  return goSortKeys(Object.keys(record)).map((k) => [k, record[k]]);
}

/** `indent` null: json.Marshal's compact form. */
function encode(value: unknown, indent: string | null): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (indent === null) {
    if (Array.isArray(value)) return `[${value.map((v) => encode(v, null)).join(',')}]`;
    const pairs = entriesOf(value).filter(([, v]) => v !== undefined);
    return `{${pairs.map(([k, v]) => `${quote(k)}:${encode(v, null)}`).join(',')}}`;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + encode(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = entriesOf(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${quote(k)}: ${encode(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** json.MarshalIndent(value, "", "  "). */
export function marshalIndent(value: unknown): string {
  return encode(value, '');
}

/** json.Marshal(value): no whitespace, map keys sorted, the same escaping. */
export function marshalCompact(value: unknown): string {
  return encode(value, null);
}
