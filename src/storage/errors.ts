/**
 * Storage failures a client can act on. A backend's error message names the key (and, for the file
 * backend, its errno; for PostgreSQL, the server): right for the log, wrong for a client, since keys
 * under `logical/<mount uuid>/` carry secret names and a connection detail is nobody's business. These
 * functions keep that message and add the generic reason a client is told (StorageFailure.reason):
 * the errno's meaning as the C library words it (Vault passes Go's, which is the same text), or that
 * the storage cannot be reached. A failure with no reason a client can act on has none: it stays
 * Vault's `internal error` on the wire.
 */
import { StorageError, StorageFailure } from '../errors.js';

/** What the backend was doing, as far as a client needs to know. */
export type StorageOp = 'read' | 'write' | 'delete' | 'list';

/** errno → its meaning (strerror's words, as Go's syscall.Errno prints them). */
const ERRNO_MEANINGS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
};

/** PostgreSQL SQLSTATEs that mean the same for the database's own storage. */
const SQLSTATE_MEANINGS: Readonly<Record<string, string>> = {
  '53100': 'no space left on device', // disk_full
  '58030': 'input/output error', // io_error
  '42501': 'permission denied', // insufficient_privilege
  '25006': 'read-only database', // read_only_sql_transaction (a hot standby)
};

/** Driver errnos and SQLSTATEs that mean the storage cannot be reached or will not let us in. */
const UNREACHABLE_MEANINGS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  '28P01': 'login refused',
  '28000': 'login refused',
  '3D000': 'database does not exist',
  '53300': 'too many connections',
  '57P01': 'server shutting down',
  '57P02': 'server shutting down',
  '57P03': 'server starting up',
  '57014': 'timed out',
  '08000': 'connection lost',
  '08001': 'connection refused',
  '08003': 'connection lost',
  '08004': 'connection refused',
  '08006': 'connection lost',
};

/** Driver messages without a code that still say the connection is gone or silent. */
const UNREACHABLE_TEXTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/timeout|timed out/i, 'timed out'],
  [/Connection terminated|not queryable|Client was closed/i, 'connection lost'],
  [/does not support SSL/i, 'connection refused'],
];

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string' ? err.message : '';
}

/** The meaning of a local storage error's errno (or PostgreSQL's storage SQLSTATE); undefined otherwise. */
export function diskMeaning(err: unknown): string | undefined {
  const code = codeOf(err);
  return code === undefined ? undefined : (ERRNO_MEANINGS[code] ?? SQLSTATE_MEANINGS[code]);
}

/** Why a networked storage cannot be reached, in generic words; undefined when it was reached. */
export function unreachableMeaning(err: unknown): string | undefined {
  const code = codeOf(err);
  if (code !== undefined) return UNREACHABLE_MEANINGS[code];
  const message = messageOf(err);
  return UNREACHABLE_TEXTS.find(([pattern]) => pattern.test(message))?.[1];
}

/** The words before a disk reason: what failed, never where. */
function failedTo(op: StorageOp | undefined): string {
  switch (op) {
    case 'read':
      return 'failed to read from storage';
    case 'write':
      return 'failed to write to storage';
    case 'delete':
      return 'failed to delete from storage';
    case 'list':
      return 'failed to list storage';
    default:
      return 'storage failure';
  }
}

/** The client's text for a disk reason: `failed to write to storage: no space left on device`. */
export function diskReason(op: StorageOp | undefined, meaning: string): string {
  return `${failedTo(op)}: ${meaning}`;
}

/** The client's text for an unreachable storage: `storage unreachable: connection refused`. */
export function unreachableReason(meaning: string): string {
  return `storage unreachable: ${meaning}`;
}

/** The operation a backend's description of it starts with (`write "a/b"` → write). */
export function opOf(description: string): StorageOp | undefined {
  const verb = description.split(' ', 1)[0];
  return verb === 'read' || verb === 'write' || verb === 'delete' || verb === 'list' ? verb : undefined;
}

/**
 * STORAGE_IO for a local storage error: a StorageFailure with the reason when the errno is one a
 * client can act on, a plain StorageError otherwise. `message` (for the log) and `cause` are kept.
 */
export function localStorageError(op: StorageOp | undefined, message: string, cause: unknown): StorageError {
  const meaning = diskMeaning(cause);
  return meaning === undefined
    ? new StorageError('STORAGE_IO', message, { cause })
    : new StorageFailure('STORAGE_IO', message, diskReason(op, meaning), { cause });
}

/**
 * A networked backend's coded error with the reason a client may be told. The driver's error is
 * read for its code only; it is not attached (its text may quote a connection string).
 */
export function remoteStorageError(
  code: 'STORAGE_IO' | 'STORAGE_UNAVAILABLE' | 'STORAGE_REFUSED',
  op: StorageOp | undefined,
  message: string,
  driverError: unknown,
): StorageError {
  const unreachable = code === 'STORAGE_IO' ? undefined : unreachableMeaning(driverError);
  if (unreachable !== undefined) return new StorageFailure(code, message, unreachableReason(unreachable));
  const meaning = diskMeaning(driverError);
  if (meaning !== undefined) return new StorageFailure(code, message, diskReason(op, meaning));
  return new StorageError(code, message);
}

