/**
 * Vault's parseArgsData (go-secure-stdlib kv-builder): `key=value` pairs, `key=@file` (the file's
 * contents), `key=\@x` (a literal "@x"), `key=-` (stdin), a lone `-` or `@file` (a JSON object
 * merged in), repeated keys collected into a list. Error texts are kv-builder's and Go's, e.g.
 * `invalid key/value pair "x": format must be key=value`.
 */
import { readFile } from 'node:fs/promises';
import { TsvaultError } from '../errors.js';
import { goQuote } from './flags.js';
import type { CliIO } from './io.js';
import { readAll } from './prompt.js';

const SYSCALL_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
};

/** A Node file error worded like Go's *PathError ("open x: no such file or directory"). */
export function goFileError(e: unknown, path: string): string {
  const code = (e as { code?: unknown }).code;
  const text = typeof code === 'string' ? SYSCALL_TEXT[code] : undefined;
  if (text === undefined) return (e as Error).message;
  return `${code === 'EISDIR' ? 'read' : 'open'} ${path}: ${text}`;
}

/** Go's json.Decoder.Decode into map[string]interface{} (the first value; null changes nothing). */
function decodeObject(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('EOF');
  let value: unknown;
  try {
    value = JSON.parse(trimmed) as unknown;
  } catch (e) {
    const message = (e as Error).message;
    if (/end of JSON input|Unterminated/.test(message)) throw new Error('unexpected EOF');
    const ch = /Unexpected token '?(.)'?/.exec(message)?.[1] ?? trimmed[0] ?? '';
    throw new Error(`invalid character '${ch}' looking for beginning of value`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
    throw new Error(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return value as Record<string, unknown>;
}

async function readFileText(path: string, wrap: boolean): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const text = goFileError(e, path);
    throw new Error(wrap ? `error reading file: ${text}` : text);
  }
}

/** The builder's map, or null when no argument was given (Go's nil map, sent as `null`). */
export async function parseArgsData(io: CliIO, args: readonly string[]): Promise<Record<string, unknown> | null> {
  if (args.length === 0) return null;
  const result: Record<string, unknown> = {};
  let stdinUsed = false;
  const stdin = async (): Promise<string> => {
    if (stdinUsed) throw new Error('stdin already consumed');
    stdinUsed = true;
    return readAll(io.stdin);
  };
  for (const raw of args) {
    try {
      if (raw === '') continue;
      const eq = raw.indexOf('=');
      if (eq === -1 && raw === '-') {
        Object.assign(result, decodeObject(await stdin()));
        continue;
      }
      if (eq === -1 && raw.startsWith('@')) {
        Object.assign(result, decodeObject(await readFileText(raw.slice(1), false)));
        continue;
      }
      if (eq === -1) throw new Error('format must be key=value');
      const key = raw.slice(0, eq);
      let value = raw.slice(eq + 1);
      if (value.startsWith('@')) value = await readFileText(value.slice(1), true);
      else if (value.startsWith('\\@')) value = value.slice(1);
      else if (value === '-') value = await stdin();
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        const existing = result[key];
        result[key] = [...(Array.isArray(existing) ? existing : [existing]), value];
      } else {
        result[key] = value;
      }
    } catch (e) {
      throw new TsvaultError('CLI_USAGE', `invalid key/value pair ${goQuote(raw)}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  return result;
}

/** mapstructure.WeakDecode of one value into a string. */
function weakString(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') throw new TsvaultError('CLI_USAGE', 'failed to convert values to strings');
  return String(v);
}

/** parseArgsDataStringLists: every value as a list of strings (the query of read and delete). */
export async function parseArgsDataStringLists(
  io: CliIO,
  args: readonly string[],
): Promise<Record<string, string[]> | null> {
  const raw = await parseArgsData(io, args);
  if (raw === null) return null;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? v.map(weakString) : [weakString(v)];
  return out;
}

/**
 * parseArgsDataString: every value weakly decoded to a string (audit enable's options); an empty
 * map, never nil, when no argument is given. A list (a repeated key) or an object does not
 * convert, as in Vault.
 */
export async function parseArgsDataString(io: CliIO, args: readonly string[]): Promise<Record<string, string>> {
  const raw = await parseArgsData(io, args);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (Array.isArray(v)) throw new TsvaultError('CLI_USAGE', 'failed to convert values to strings');
    out[k] = weakString(v);
  }
  return out;
}
