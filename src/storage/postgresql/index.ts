/**
 * `storage "postgresql"`: reads the block and the connection settings, and opens the backend
 * without connecting. A bad setting throws (CONFIG_INVALID); an unreachable database does not: the
 * tables are prepared in the background, retried until the database answers, and operations fail
 * with STORAGE_UNAVAILABLE meanwhile.
 */
import { StorageError } from '../../errors.js';
import type { Logger } from '../../log/types.js';
import { PostgresqlBackend } from './backend.js';
import { clientOptions } from './client-options.js';
import { connectionString, resolveConnInfo } from './conninfo.js';
import { Database } from './database.js';
import { scrubber, type Target } from './failures.js';
import { type LockTimings, VAULT_LOCK_TIMINGS } from './lock.js';
import { readSettings, SettingError } from './settings.js';

export { PostgresqlBackend } from './backend.js';
export type { LockTimings } from './lock.js';

export interface PostgresqlOptions {
  /** Where VAULT_PG_CONNECTION_URL and the PG* variables are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The HA lock's timings (default: Vault's). */
  lockTimings?: Partial<LockTimings>;
  /** Giving up on opening a connection (default 10 s; connect_timeout in the connection string wins). */
  connectTimeoutMs?: number;
  /** statement_timeout of data statements (default 30 s). */
  queryTimeoutMs?: number;
  /** How often table preparation is retried in the background while the database is away (default 5 s). */
  startupRetryMs?: number;
}

const DEFAULTS = { connectTimeoutMs: 10_000, queryTimeoutMs: 30_000, startupRetryMs: 5_000 };

/** Tries to prepare the tables until it works or the backend is closed; logs failures. */
function prepareInBackground(db: Database, retryMs: number, logger: Logger): void {
  const attempt = (): void => {
    if (db.closed) return;
    db.ready().then(
      () => undefined,
      (err: unknown) => {
        if (db.closed) return;
        // debug: a server's start-up waits for the storage itself and says so (src/server/storage-ready.ts).
        logger.debug('PostgreSQL is not reachable yet; retrying', {
          error: (err as Error).message,
        });
        setTimeout(attempt, retryMs).unref();
      },
    );
  };
  attempt();
}

export function createPostgresqlBackend(
  config: Readonly<Record<string, string>>,
  logger: Logger,
  options: PostgresqlOptions = {},
): PostgresqlBackend {
  const env = options.env ?? process.env;
  let settings;
  try {
    settings = readSettings(config);
  } catch (err) {
    if (err instanceof SettingError) throw new StorageError('CONFIG_INVALID', `${err.key}: ${err.message}`);
    throw err;
  }
  const timings: LockTimings = { ...VAULT_LOCK_TIMINGS, ...options.lockTimings };
  const holdMs = timings.ttlSeconds * 1000 - timings.safetyMarginMs;
  if (!Number.isInteger(timings.ttlSeconds) || timings.ttlSeconds < 1 || timings.renewIntervalMs >= holdMs) {
    throw new StorageError('CONFIG_INVALID', 'lock timings: the TTL must be whole seconds and renewals due before TTL minus the margin');
  }
  const info = resolveConnInfo(connectionString(config, env), env);
  const scrub = scrubber([info['password']]);
  let client;
  try {
    client = clientOptions(
      info,
      {
        connectMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        queryMs: options.queryTimeoutMs ?? DEFAULTS.queryTimeoutMs,
      },
      { max: settings.maxParallel, maxIdle: settings.maxIdleConnections },
    );
  } catch (err) {
    if (err instanceof StorageError) throw new StorageError(err.code, scrub(err.message));
    throw err;
  }
  if (client.ignored.length > 0) {
    logger.warn('ignoring connection settings this backend does not use', { keys: client.ignored.join(',') });
  }
  const target: Target = {
    host: info['hostaddr'] || info['host'] || 'localhost',
    port: Number(info['port'] || 5432),
    user: info['user'] || env['USER'] || '',
    database: info['dbname'] || info['user'] || env['USER'] || '',
  };
  const db = new Database({
    client,
    // A lock statement gives up before the next renewal is due (Vault's timings: 4 s and 4.5 s).
    haTimeouts: { statementMs: Math.max(50, timings.renewIntervalMs * 0.8), clientMs: Math.max(100, timings.renewIntervalMs * 0.9) },
    tables: { table: settings.table, haTable: settings.haEnabled ? settings.haTable : undefined },
    target,
    scrub,
    logger,
  });
  prepareInBackground(db, options.startupRetryMs ?? DEFAULTS.startupRetryMs, logger);
  return new PostgresqlBackend(db, settings, timings, logger);
}
