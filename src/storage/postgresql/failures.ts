/**
 * Driver errors → coded StorageErrors with messages an operator recognises (wrong password, unknown
 * host, missing database, refused, timed out), never carrying the password: every message passes
 * through the scrubber, which knows the password in its plain and URL-encoded forms, and masks the
 * password of any postgres:// URL. The driver's error is not attached as the cause (it may quote
 * the connection string); its SQLSTATE or errno is kept in the message.
 */
import { StorageError } from '../../errors.js';
import { opOf, remoteStorageError } from '../errors.js';

export const MASK = '*****';

/** Masks the password of every `scheme://user:password@` in text. */
export function maskUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, `$1${MASK}@`);
}

/** A function that removes the given secrets (and URL passwords) from any text. */
export function scrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s === undefined || s === '') continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = maskUrlPasswords(text);
    for (const form of sorted) out = out.split(form).join(MASK);
    return out;
  };
}

interface DriverError {
  message?: string;
  code?: string;
  errno?: number;
  hostname?: string;
  address?: string;
  port?: number;
}

/** Where the backend connects, for messages. */
export interface Target {
  host: string;
  port: number;
  user: string;
  database: string;
}

/** SQLSTATEs and errnos that mean "the database is not there or will not let us in". */
const UNAVAILABLE_SQLSTATES = new Set(['28P01', '28000', '3D000', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

/** Answers that retrying will not change: the login, the database or the host name is wrong. */
const REFUSED = new Set(['28P01', '28000', '3D000', 'ENOTFOUND']);

function describe(err: DriverError, target: Target): { unavailable: boolean; text: string } {
  const code = err.code ?? '';
  const message = err.message ?? String(err);
  const where = `${target.host}:${target.port}`;
  switch (code) {
    case '28P01':
      return { unavailable: true, text: `password authentication failed for user "${target.user}" at ${where} (28P01)` };
    case '28000':
      return { unavailable: true, text: `the server at ${where} refused the login: ${message} (28000)` };
    case '3D000':
      return { unavailable: true, text: `database "${target.database}" does not exist at ${where} (3D000)` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { unavailable: true, text: `unknown host "${err.hostname ?? target.host}": the name does not resolve (${code})` };
    case 'ECONNREFUSED':
      return { unavailable: true, text: `connection refused by ${where}: is PostgreSQL running there? (ECONNREFUSED)` };
    case '57014':
      return { unavailable: true, text: `the statement was cancelled after the statement timeout (57014)` };
  }
  if (/timeout/i.test(message) && !code) {
    return { unavailable: true, text: `no answer from ${where} in time: ${message}` };
  }
  if (/Connection terminated|not queryable|Client was closed|does not support SSL/i.test(message)) {
    return { unavailable: true, text: `the connection to ${where} failed: ${message}` };
  }
  const unavailable = UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code);
  return { unavailable, text: code ? `${message} (${code})` : message };
}

/** A coded StorageError for a failed operation (`op` says what was being done). */
export function storageFailure(
  op: string,
  err: unknown,
  target: Target,
  scrub: (text: string) => string,
): StorageError {
  if (err instanceof StorageError) return err;
  const { unavailable, text } = describe((err ?? {}) as DriverError, target);
  const driverCode = ((err ?? {}) as DriverError).code ?? '';
  const code = REFUSED.has(driverCode) ? 'STORAGE_REFUSED' : unavailable ? 'STORAGE_UNAVAILABLE' : 'STORAGE_IO';
  return remoteStorageError(code, opOf(op), scrub(`postgresql: failed to ${op}: ${text}`), err);
}
