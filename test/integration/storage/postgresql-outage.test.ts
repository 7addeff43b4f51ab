/**
 * The postgresql backend across PostgreSQL outages, against a dedicated cluster this file stops and
 * starts: a server may start before its database, operations fail with coded errors (never hang)
 * while it is down, the pool recovers by itself, and a lock holder steps down during the outage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/errors.js';
import { CORE_LOCK_KEY, isHABackend } from '../../../src/storage/ha.js';
import { createPostgresqlBackend, type PostgresqlBackend } from '../../../src/storage/postgresql/index.js';
import { createBackend } from '../../../src/storage/registry.js';
import { startPostgres, type TestPostgres, uniqueTable } from '../../support/postgres.js';
import { recordingLogger } from '../../support/recording-logger.js';

const TIMINGS = { ttlSeconds: 3, renewIntervalMs: 500, retryIntervalMs: 200, safetyMarginMs: 500 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const enc = (s: string) => new TextEncoder().encode(s);

let db: TestPostgres;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => void crashes.push(err);

beforeAll(async () => {
  db = await startPostgres({ dedicated: true });
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});
afterAll(() => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  db?.remove();
});

function open(logger = recordingLogger()): PostgresqlBackend {
  return createPostgresqlBackend(
    { connection_url: db.url, table: uniqueTable('kv'), ha_table: uniqueTable('ha'), ha_enabled: 'true' },
    logger,
    { env: {}, lockTimings: TIMINGS, connectTimeoutMs: 2_000, queryTimeoutMs: 2_000, startupRetryMs: 200 },
  );
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = performance.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (performance.now() > end) throw new Error('condition not met in time');
    await sleep(100);
  }
}

async function coded(p: Promise<unknown>): Promise<StorageError> {
  const started = performance.now();
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe('STORAGE_UNAVAILABLE');
  expect(performance.now() - started).toBeLessThan(5_000);
  return err as StorageError;
}

describe('storage "postgresql" across outages', () => {
  it('starts while PostgreSQL is down, fails clearly, and creates its tables once it is up', async () => {
    db.stop();
    const logger = recordingLogger();
    const backend = await createBackend(
      'postgresql',
      { connection_url: db.url, table: uniqueTable('kv'), ha_enabled: 'true', ha_table: uniqueTable('ha') },
      { ...logger, named: () => logger },
    );
    try {
      expect(isHABackend(backend)).toBe(true);
      const err = await coded(backend.get('k'));
      expect(err.message).toMatch(/connection refused by 127\.0\.0\.1:\d+/);
      expect(err.message).not.toContain(db.password);
      db.start();
      await until(async () => (await backend.list('')).length === 0, 10_000);
      await backend.put('a/b', enc('1'));
      expect(await backend.list('a/')).toEqual(['b']);
      expect(logger.lines.filter((l) => l.msg === 'creating table')).toHaveLength(2);
      expect(logger.lines.some((l) => l.msg === 'connected to PostgreSQL')).toBe(true);
      expect(JSON.stringify(logger.lines)).not.toContain(db.password);
    } finally {
      await backend.close?.();
    }
  });

  it('fails while PostgreSQL is stopped, recovers when it is back, and the lock holder steps down', async () => {
    const backend = open();
    const other = open();
    try {
      await backend.put('k', enc('before'));
      const lock = backend.lockWith(CORE_LOCK_KEY, 'node-a');
      const lost = (await lock.lock(new AbortController().signal))!;
      let lostAt = 0;
      lost.addEventListener('abort', () => (lostAt = performance.now()));
      const stoppedAt = performance.now();
      db.stop();
      await coded(backend.get('k'));
      await coded(backend.put('k', enc('during')));
      await coded(other.list(''));
      await until(async () => lost.aborted, TIMINGS.ttlSeconds * 1000 + 1000);
      expect(lostAt - stoppedAt).toBeLessThan(TIMINGS.ttlSeconds * 1000);
      db.start();
      await until(async () => new TextDecoder().decode((await backend.get('k'))!) === 'before', 10_000);
      await backend.put('k', enc('after'));
      expect(new TextDecoder().decode((await backend.get('k'))!)).toBe('after');
      await lock.unlock();
      expect(crashes).toEqual([]);
    } finally {
      await backend.close();
      await other.close();
    }
  });
});
