import type { IncomingMessage } from 'node:http';
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

/** Parse a JSON object body; an empty body is `{}`. Malformed input is a 400 with the reason. */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError('CORE_INVALID_REQUEST', [`failed to parse JSON input: ${withoutExcerpt((err as Error).message)}`]);
  }
  if (value === null) return {}; // `vault write -f` sends a literal null, as Vault's client does
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError('CORE_INVALID_REQUEST', ['failed to parse JSON input: body must be a JSON object']);
  }
  return value as Record<string, unknown>;
}
