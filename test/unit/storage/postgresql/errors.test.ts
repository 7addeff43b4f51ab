import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connect } from '../../../support/postgres.js';
import { scrubber, storageFailure } from '../../../../src/storage/postgresql/failures.js';
import { rejection } from '../support.js';
import { backends, usePostgres } from './support.js';

const pg = usePostgres();
const open = backends(pg);
const SECRET = 'Wr0ng-Pa55word-xyz';

/** A backend on a connection URL built from the test cluster's, with the given changes. */
function withUrl(change: (u: URL) => void) {
  const u = new URL(pg().url);
  change(u);
  return open({ connection_url: u.toString() });
}

async function failure(opened: ReturnType<typeof open>, code: 'STORAGE_UNAVAILABLE' | 'STORAGE_REFUSED' = 'STORAGE_REFUSED'): Promise<string> {
  const err = await rejection(opened.backend.get('k'), code);
  expect(err.message).not.toContain(SECRET);
  expect(JSON.stringify(opened.logger.lines)).not.toContain(SECRET);
  return err.message;
}

describe('postgresql: connection failures are clear and never show the password', () => {
  it('a wrong password', async () => {
    const msg = await failure(withUrl((u) => (u.password = SECRET)));
    expect(msg).toMatch(/^postgresql: failed to prepare the tables: password authentication failed for user "vault" at 127\.0\.0\.1:\d+ \(28P01\)$/);
  });

  it('a database that does not exist', async () => {
    const msg = await failure(
      withUrl((u) => {
        u.pathname = '/nosuchdb';
        u.password = SECRET;
      }),
    );
    // the password is wrong too, but the server checks it first only for an existing database
    expect(msg).toMatch(/password authentication failed|database "nosuchdb" does not exist/);
    const right = await failure(withUrl((u) => (u.pathname = '/nosuchdb')));
    expect(right).toMatch(/database "nosuchdb" does not exist at 127\.0\.0\.1:\d+ \(3D000\)$/);
  });

  it('an unknown host (classified from the driver\'s error: no name is looked up, so no DNS query leaves the machine)', () => {
    const target = { host: 'no-such-host.invalid', port: 5432, user: 'vault', database: 'vault' };
    const err = storageFailure('prepare the tables', Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), { code: 'ENOTFOUND', hostname: 'no-such-host.invalid' }), target, scrubber([SECRET]));
    expect(err.code).toBe('STORAGE_REFUSED');
    expect(err.message).toMatch(/unknown host "no-such-host\.invalid": the name does not resolve \(ENOTFOUND\)/);
    const again = storageFailure('read', Object.assign(new Error('getaddrinfo EAI_AGAIN db'), { code: 'EAI_AGAIN', hostname: 'db' }), target, scrubber([SECRET]));
    expect(again.code).toBe('STORAGE_UNAVAILABLE');
  });

  it('nothing listening', async () => {
    const msg = await failure(
      withUrl((u) => {
        u.port = '9';
        u.password = SECRET;
      }),
      'STORAGE_UNAVAILABLE',
    );
    expect(msg).toMatch(/connection refused by 127\.0\.0\.1:9/);
  });

  it('a key=value string with a wrong password', async () => {
    const db = pg();
    const opened = open({ connection_url: `host=${db.host} port=${db.port} user=vault password='${SECRET}' dbname=vault sslmode=disable` });
    expect(await failure(opened)).toMatch(/password authentication failed for user "vault"/);
  });

  it('the PG* variables when no URL is given', async () => {
    const db = pg();
    const env = { PGHOST: db.host, PGPORT: String(db.port), PGUSER: db.user, PGPASSWORD: db.password, PGDATABASE: db.database, PGSSLMODE: 'disable' };
    const { backend } = open({ connection_url: '' }, { env });
    await backend.put('k', Uint8Array.of(1));
    expect(await backend.get('k')).toEqual(Uint8Array.of(1));
  });

  it('sslmode=prefer falls back to a plain connection on a server without TLS', async () => {
    const { backend, logger } = withUrl((u) => u.searchParams.delete('sslmode'));
    expect(await backend.list('')).toEqual([]);
    expect(logger.lines.some((l) => /does not support TLS/.test(l.msg))).toBe(true);
  });

  it('sslmode=require fails clearly against a server without TLS', async () => {
    const { backend } = withUrl((u) => u.searchParams.set('sslmode', 'require'));
    const err = await rejection(backend.get('k'), 'STORAGE_UNAVAILABLE');
    expect(err.message).toMatch(/does not support SSL/);
  });
});

describe('postgresql: nothing hangs forever', () => {
  it('a statement blocked by a table lock gives up after the query timeout', async () => {
    const { backend, table } = open({}, { queryTimeoutMs: 500 });
    await backend.put('k', Uint8Array.of(1));
    const blocker = await connect(pg());
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
      const started = performance.now();
      const err = await rejection(backend.get('k'), 'STORAGE_UNAVAILABLE');
      expect(err.message).toMatch(/statement timeout \(57014\)/);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(await backend.get('k')).toEqual(Uint8Array.of(1));
  });

  it('a server that accepts but never answers times out the connection', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as { port: number }).port;
      const { backend } = open({ connection_url: `postgres://vault:${SECRET}@127.0.0.1:${port}/vault?sslmode=disable` }, { connectTimeoutMs: 500 });
      const started = performance.now();
      const err = await rejection(backend.get('k'), 'STORAGE_UNAVAILABLE');
      expect(err.message).toMatch(/no answer from 127\.0\.0\.1:\d+ in time|timeout/);
      expect(err.message).not.toContain(SECRET);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
