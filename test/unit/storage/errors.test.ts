/**
 * The storage failure mapping: errnos and driver codes → the generic reason a client is told, the
 * backend's detailed message kept for the log, and nothing path- or connection-like in the reason.
 */
import { describe, expect, it } from 'vitest';
import { StorageError, StorageFailure } from '../../../src/errors.js';
import {
  diskMeaning,
  localStorageError,
  opOf,
  remoteStorageError,
  unreachableMeaning,
} from '../../../src/storage/errors.js';
import { scrubber, storageFailure } from '../../../src/storage/postgresql/failures.js';

/** An error as node:fs raises it: the errno name in `code`, the path in the message and in `path`. */
function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: some text, ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

const SECRET_PATH = '/var/lib/vault/logical/6777c92b-681e-4f61-a3de-75eed372ed8a/prod-db-password/_current';

describe('diskMeaning', () => {
  it.each([
    ['ENOSPC', 'no space left on device'],
    ['EROFS', 'read-only file system'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['EIO', 'input/output error'],
    ['EDQUOT', 'disk quota exceeded'],
    ['53100', 'no space left on device'],
  ])('%s → %s', (code, meaning) => {
    expect(diskMeaning(fsError(code, 'open', SECRET_PATH))).toBe(meaning);
  });

  it('has none for errnos a client cannot act on, or for errors without a code', () => {
    for (const code of ['EEXIST', 'ENOENT', 'ELOOP', 'EISDIR', 'ECONNREFUSED']) expect(diskMeaning(fsError(code, 'open', SECRET_PATH))).toBeUndefined();
    expect(diskMeaning(new Error('ENOSPC in the text is not a code'))).toBeUndefined();
    expect(diskMeaning(undefined)).toBeUndefined();
    expect(diskMeaning({ code: 28 })).toBeUndefined();
  });
});

describe('unreachableMeaning', () => {
  it('reads errnos, SQLSTATEs and the driver texts that have no code', () => {
    expect(unreachableMeaning({ code: 'ECONNREFUSED' })).toBe('connection refused');
    expect(unreachableMeaning({ code: 'ETIMEDOUT' })).toBe('timed out');
    expect(unreachableMeaning({ code: 'ENOTFOUND' })).toBe('host not found');
    expect(unreachableMeaning({ code: '28P01' })).toBe('login refused');
    expect(unreachableMeaning({ code: '57P01' })).toBe('server shutting down');
    expect(unreachableMeaning(new Error('Connection terminated unexpectedly'))).toBe('connection lost');
    expect(unreachableMeaning(new Error('timeout expired'))).toBe('timed out');
    expect(unreachableMeaning(new Error('syntax error at or near "x"'))).toBeUndefined();
    expect(unreachableMeaning({ code: '42601' })).toBeUndefined();
  });
});

describe('opOf', () => {
  it('takes the verb of a backend description', () => {
    expect(opOf('write "logical/x"')).toBe('write');
    expect(opOf('read')).toBe('read');
    expect(opOf('list ""')).toBe('list');
    expect(opOf('delete "a"')).toBe('delete');
    expect(opOf('prepare the tables')).toBeUndefined();
  });
});

describe('localStorageError', () => {
  it('a full disk: a StorageFailure whose reason says what failed and why, and never where', () => {
    const cause = fsError('ENOSPC', 'write', SECRET_PATH);
    const err = localStorageError('write', `failed to write "logical/6777c92b/prod-db-password": ENOSPC`, cause);
    expect(err).toBeInstanceOf(StorageFailure);
    expect(err.code).toBe('STORAGE_IO');
    const reason = (err as StorageFailure).reason;
    expect(reason).toBe('failed to write to storage: no space left on device');
    // the log keeps the detail, the client's text has none of it
    expect(err.message).toContain('prod-db-password');
    expect(err.cause).toBe(cause);
    for (const piece of ['prod-db-password', '6777c92b', '/var/lib', 'logical', '_current', 'ENOSPC']) expect(reason).not.toContain(piece);
  });

  it('names each operation', () => {
    const cause = fsError('EROFS', 'open', SECRET_PATH);
    expect((localStorageError('read', 'm', cause) as StorageFailure).reason).toBe('failed to read from storage: read-only file system');
    expect((localStorageError('delete', 'm', cause) as StorageFailure).reason).toBe('failed to delete from storage: read-only file system');
    expect((localStorageError('list', 'm', cause) as StorageFailure).reason).toBe('failed to list storage: read-only file system');
    expect((localStorageError(undefined, 'm', cause) as StorageFailure).reason).toBe('storage failure: read-only file system');
  });

  it('an errno with no meaning for a client stays a plain StorageError', () => {
    const err = localStorageError('write', 'failed to write "k": EEXIST', fsError('EEXIST', 'open', SECRET_PATH));
    expect(err).toBeInstanceOf(StorageError);
    expect(err).not.toBeInstanceOf(StorageFailure);
    expect(err.message).toBe('failed to write "k": EEXIST');
  });
});

describe('remoteStorageError and the PostgreSQL backend', () => {
  const target = { host: 'db.internal', port: 5432, user: 'vault', database: 'vaultdb' };
  const PASSWORD = 'Pa55-w0rd-s3cret';
  const scrub = scrubber([PASSWORD]);

  it('unreachable: the reason is generic, the message keeps the server for the log', () => {
    const driver = Object.assign(new Error(`connect ECONNREFUSED 10.0.0.7:5432 postgres://vault:${PASSWORD}@db.internal/vaultdb`), { code: 'ECONNREFUSED' });
    const err = storageFailure('write "logical/uuid/prod-db-password"', driver, target, scrub);
    expect(err).toBeInstanceOf(StorageFailure);
    expect(err.code).toBe('STORAGE_UNAVAILABLE');
    const reason = (err as StorageFailure).reason;
    expect(reason).toBe('storage unreachable: connection refused');
    expect(err.message).toContain('db.internal:5432');
    for (const piece of ['db.internal', '5432', '10.0.0.7', 'vaultdb', PASSWORD, 'prod-db-password', 'postgres://']) expect(reason).not.toContain(piece);
  });

  it('a refused login is unreachable too, with its own code', () => {
    const err = storageFailure('read "k"', Object.assign(new Error(`password authentication failed for user "vault"`), { code: '28P01' }), target, scrub);
    expect(err.code).toBe('STORAGE_REFUSED');
    expect((err as StorageFailure).reason).toBe('storage unreachable: login refused');
  });

  it("the database's disk full: the disk reason with the operation", () => {
    const err = storageFailure('write "k"', Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100' }), target, scrub);
    expect(err.code).toBe('STORAGE_IO');
    expect((err as StorageFailure).reason).toBe('failed to write to storage: no space left on device');
  });

  it('a statement error is no StorageFailure (the client sees internal error)', () => {
    const err = storageFailure('read "k"', Object.assign(new Error('relation "vault_kv_store" does not exist'), { code: '42P01' }), target, scrub);
    expect(err).not.toBeInstanceOf(StorageFailure);
    expect(err.code).toBe('STORAGE_IO');
    expect(remoteStorageError('STORAGE_IO', 'read', 'm', { code: 'ECONNREFUSED' })).not.toBeInstanceOf(StorageFailure);
  });
});
