import type { IncomingMessage } from 'node:http';
import { JsonDepthError, parsePaired } from '../json/parse.js';
import { HttpError } from './errors.js';

/** Vault's default max_request_size: 32 MiB. */
export const MAX_REQUEST_SIZE = 32 * 1024 * 1024;

/** Read the whole body, refusing more than the limit with 413 as Vault does. */
export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_SIZE): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw new HttpError('HTTP_BODY_TOO_LARGE');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new HttpError('HTTP_BODY_TOO_LARGE');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * V8 quotes the input around a syntax error (`Unexpected token 'h', ..."assword": hunter2hun"... is
 * not valid JSON`), which would echo a secret back; Go's decoder names only the character, as here.
 */
function withoutExcerpt(message: string): string {
  return message.replace(/^(Unexpected token .+?), (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '$1 in JSON');
}

/**
 * The body's value: the native parser, or, when a number's text would change or the nesting may
 * pass Go's limit, the exact parser (its exact twin then reachable with `exactOf`). Malformed text
 * is reported with V8's reason, too deep a document with Go's.
 */
function parseText(text: string): unknown {
  try {
    return parsePaired(text);
  } catch (err) {
    if (err instanceof JsonDepthError) throw err;
    return JSON.parse(text); // malformed: JSON.parse names the reason (a well-formed text never gets here)
  }
}

/**
 * Parse a JSON object body; an empty body is `{}`. Malformed or too deeply nested input is a 400
 * with the reason, as Vault's `failed to parse JSON input: …`.
 */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = parseText(text);
  } catch (err) {
    throw new HttpError('CORE_INVALID_REQUEST', [`failed to parse JSON input: ${withoutExcerpt((err as Error).message)}`]);
  }
  if (value === null) return {}; // `vault write -f` sends a literal null, as Vault's client does
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError('CORE_INVALID_REQUEST', ['failed to parse JSON input: body must be a JSON object']);
  }
  return value as Record<string, unknown>;
}
