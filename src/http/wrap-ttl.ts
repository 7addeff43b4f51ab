/**
 * The X-Vault-Wrap-TTL header (Vault's http handler): seconds or a Go duration; absent or empty
 * means no wrapping; anything else unparseable or negative is a 400 before the request runs.
 */
import { parseDurationSeconds } from '../duration.js';
import { HttpError } from './errors.js';

export function wrapTtlOf(header: string | string[] | undefined, drain: () => void): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') return 0;
  let seconds: number;
  try {
    seconds = parseDurationSeconds(raw.trim());
  } catch (err) {
    drain();
    throw new HttpError('CORE_INVALID_REQUEST', [`error parsing X-Vault-Wrap-TTL: ${err instanceof Error ? err.message : String(err)}`]);
  }
  if (seconds < 0) {
    drain();
    throw new HttpError('CORE_INVALID_REQUEST', ['requested wrap ttl cannot be negative']);
  }
  return seconds;
}
