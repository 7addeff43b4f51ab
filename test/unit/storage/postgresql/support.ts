/**
 * What the postgresql storage tests share: one real PostgreSQL per test file (the run's, from
 * TSVAULT_TEST_PG_URL, or a throwaway cluster of test/services/postgres.sh), backends on fresh
 * tables closed after each test, and short lock timings.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPostgresqlBackend, type PostgresqlBackend, type PostgresqlOptions } from '../../../../src/storage/postgresql/index.js';
import type { LockTimings } from '../../../../src/storage/postgresql/lock.js';
import { startPostgres, type TestPostgres, uniqueTable } from '../../../support/postgres.js';
import { type LogLine, recordingLogger } from '../../../support/recording-logger.js';

/** Fast enough for tests, in Vault's proportions (renew well inside the TTL). */
export const SHORT_TIMINGS: LockTimings = { ttlSeconds: 2, renewIntervalMs: 300, retryIntervalMs: 100, safetyMarginMs: 300 };

/** Starts (or reuses) PostgreSQL for the calling file; the getter is valid inside tests. */
export function usePostgres(opts: { dedicated?: boolean } = {}): () => TestPostgres {
  let db: TestPostgres | undefined;
  beforeAll(async () => {
    db = await startPostgres(opts);
  }, 120_000);
  afterAll(() => db?.remove());
  return () => {
    if (db === undefined) throw new Error('PostgreSQL is not started yet');
    return db;
  };
}

export interface Opened {
  backend: PostgresqlBackend;
  table: string;
  haTable: string;
  logger: ReturnType<typeof recordingLogger>;
}

/** Backends on fresh tables (HA on), closed after each test. */
export function backends(pg: () => TestPostgres): (config?: Record<string, string>, options?: PostgresqlOptions) => Opened {
  const open: PostgresqlBackend[] = [];
  afterEach(async () => {
    while (open.length > 0) await open.pop()!.close();
  });
  return (config = {}, options = {}) => {
    const table = uniqueTable('kv');
    const haTable = uniqueTable('ha');
    const logger = recordingLogger([] as LogLine[]);
    const backend = createPostgresqlBackend(
      { connection_url: pg().url, table, ha_table: haTable, ha_enabled: 'true', ...config },
      logger,
      { env: {}, lockTimings: SHORT_TIMINGS, connectTimeoutMs: 3_000, startupRetryMs: 200, ...options },
    );
    open.push(backend);
    return { backend, table, haTable, logger };
  };
}
