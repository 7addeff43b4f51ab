/**
 * Encoding an entry tree (entry.ts) as Vault writes it.
 * - JSON as Go's encoding/json encoder: struct fields (Maps) in their order, map keys (plain
 *   objects) sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped in strings, bytes as base64.
 * - JSONx as github.com/jefferai/jsonx renders that JSON (what Vault's `format=jsonx` writes): the
 *   top-level object's members without the document header, every object's members sorted by name,
 *   `<json:string name="…">`, `<json:number>`, `<json:boolean>`, `<json:null />`, `<json:array>`,
 *   `<json:object>`. One deliberate difference: text is XML-escaped (jsonx writes string values
 *   unescaped, which makes invalid XML of a value holding `<` or `&`).
 */
import { JsonNumber } from '../json/number.js';
import { rfc3339Nano } from './hash.js';

type Member = readonly [string, unknown];

/** The members of an object node in the order JSON writes them; undefined values are skipped. */
function members(value: object): Member[] {
  if (value instanceof Map) return [...(value as Map<string, unknown>).entries()].filter(([, v]) => v !== undefined);
  const keys = Object.keys(value).sort(compareGo);
  return keys.map((k) => [k, (value as Record<string, unknown>)[k]] as const).filter(([, v]) => v !== undefined);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Go sorts map keys by their bytes; UTF-8 byte order equals code point order, which JavaScript's
 * own (UTF-16 unit) order matches unless a surrogate pair is involved.
 */
function compareGo(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function goNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** A leaf as a Go value would be: Dates as RFC 3339 text, bytes as base64, bigints as numbers. */
function leaf(value: unknown): unknown {
  if (value instanceof Date) return rfc3339Nano(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export function encodeJson(value: unknown): string {
  const v = leaf(value);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') return goNumber(v);
  if (v instanceof JsonNumber) return v.text; // a number kept as the request wrote it (Go's json.Number)
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((item) => encodeJson(item)).join(',')}]`;
  if (typeof v === 'object') return `{${members(v).map(([k, item]) => `${goString(k)}:${encodeJson(item)}`).join(',')}}`;
  return 'null';
}

/** encoding/xml EscapeText. */
function xmlText(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]!);
}
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

function jsonxNode(name: string | undefined, value: unknown): string {
  const attr = name === undefined ? '' : ` name="${xmlText(name)}"`;
  const v = leaf(value);
  if (v === null || v === undefined) return `<json:null${attr} />`;
  if (typeof v === 'boolean') return `<json:boolean${attr}>${v ? 'true' : 'false'}</json:boolean>`;
  if (typeof v === 'number') return Number.isFinite(v) ? `<json:number${attr}>${goNumber(v)}</json:number>` : `<json:null${attr} />`;
  if (v instanceof JsonNumber) return `<json:number${attr}>${v.text}</json:number>`;
  if (typeof v === 'string') return `<json:string${attr}>${xmlText(v)}</json:string>`;
  if (Array.isArray(v)) return `<json:array${attr}>${v.map((item) => jsonxNode(undefined, item)).join('')}</json:array>`;
  if (typeof v === 'object') return `<json:object${attr}>${jsonxMembers(v)}</json:object>`;
  return `<json:null${attr} />`;
}

/** jsonx re-reads the JSON into maps, so every object's members come out sorted by name. */
function jsonxMembers(value: object): string {
  return members(value)
    .sort(([a], [b]) => compareGo(a, b))
    .map(([k, v]) => jsonxNode(k, v))
    .join('');
}

/** jsonx.EncodeJSONBytes of the entry: its members, with no XML header and no enclosing element. */
export function encodeJsonx(entry: object): string {
  return jsonxMembers(entry);
}
