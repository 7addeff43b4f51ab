/**
 * respondError for storage failures: the declared status, the generic reason a client can act on,
 * and never the backend's own message (it names keys, which carry secret names, or the database).
 */
import { writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditError, errorMessage, StorageError } from '../../../src/errors.js';
import { respondError } from '../../../src/http/errors.js';
import { createFileBackend } from '../../../src/storage/file.js';
import { localStorageError } from '../../../src/storage/errors.js';
import { storageFailure, scrubber } from '../../../src/storage/postgresql/failures.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { tempRoots } from '../storage/support.js';

/** What respondError writes: the status and the body's text. */
function answer(err: unknown): { status: number; body: string; errors: string[] } {
  let status = 0;
  let body = '';
  const res = {
    writeHead: (s: number) => {
      status = s;
      return res;
    },
    end: (text: string) => (body = text),
  } as unknown as ServerResponse;
  respondError(res, err);
  return { status, body, errors: (JSON.parse(body) as { errors: string[] }).errors };
}

const KEY = 'logical/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab/payroll-db-root-password';
const tempRoot = tempRoots();

describe('respondError: storage failures', () => {
  it('a full disk: 500 with the reason, and no trace of the key or the path', () => {
    const path = `/srv/vault/data/${KEY.replace(/\/([^/]*)$/, '/_$1')}`;
    const cause = Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', path });
    const err = localStorageError('write', `failed to write ${JSON.stringify(KEY)}: ENOSPC`, cause);
    const { status, body, errors } = answer(err);
    expect(status).toBe(500);
    expect(errors).toEqual(['failed to write to storage: no space left on device']);
    for (const piece of ['payroll', '0f1e2d3c', '/srv/vault', 'logical/', 'ENOSPC']) expect(body).not.toContain(piece);
  });

  it('the real file backend failing for an errno with no meaning for a client: internal error, not the key', async () => {
    const root = await tempRoot();
    const b = await createFileBackend({ path: root }, recordingLogger());
    await writeFile(join(root, 'payroll-db-root-password'), 'x'); // a file where a folder belongs: EEXIST
    const refused = await b.put('payroll-db-root-password/current', new Uint8Array([1])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as StorageError).message).toContain('payroll-db-root-password');
    const { status, body } = answer(refused);
    expect(status).toBe(500);
    expect(JSON.parse(body)).toEqual({ errors: ['internal error'] });
  });

  it('PostgreSQL unreachable: 503 storage unreachable with the generic cause', () => {
    const target = { host: 'pg.corp.example', port: 6543, user: 'vault', database: 'secrets' };
    const err = storageFailure(`read ${JSON.stringify(KEY)}`, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), target, scrubber([]));
    const { status, body, errors } = answer(err);
    expect(status).toBe(503);
    expect(errors).toEqual(['storage unreachable: connection refused']);
    for (const piece of ['pg.corp', '6543', 'payroll', 'secrets']) expect(body).not.toContain(piece);
  });

  it('without a known reason: internal error, or storage unreachable when it cannot be reached', () => {
    expect(answer(new StorageError('STORAGE_IO', `corrupt entry for key ${JSON.stringify(KEY)}`))).toMatchObject({ status: 500, errors: ['internal error'] });
    expect(answer(new StorageError('STORAGE_REFUSED', 'postgresql: failed to read: database "x" does not exist'))).toMatchObject({ status: 500, errors: ['internal error'] });
    expect(answer(new StorageError('STORAGE_UNAVAILABLE', 'postgresql: failed to read "k": no answer from h:1'))).toMatchObject({ status: 503, errors: ['storage unreachable'] });
  });

  it('a fenced write keeps its fixed Vault text', () => {
    const text = errorMessage('STORAGE_NOT_ACTIVE')!;
    expect(answer(new StorageError('STORAGE_NOT_ACTIVE', text))).toMatchObject({ status: 500, errors: [text] });
  });
});

describe('respondError: audit devices', () => {
  it("answers a device refused at enable time with its 400 and Vault's text, and a failed write as internal error", () => {
    const open = new AuditError('AUDIT_DEVICE_OPEN', 'sanity check failed; unable to open "/x/audit.log" for writing: not a directory');
    expect(answer(open)).toMatchObject({ status: 400, errors: [open.message] });
    expect(answer(new AuditError('AUDIT_WRITE', 'unable to write to "/x/audit.log": ENOSPC'))).toMatchObject({ status: 500, errors: ['internal error'] });
  });
});
