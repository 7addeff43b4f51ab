/**
 * The connection pools of one backend, opened lazily: nothing connects until the first statement,
 * so a server starts while PostgreSQL is away and its operations fail with coded errors until it is
 * back; pg-pool opens new connections as needed, so it recovers by itself. Two pools: one for data
 * (max_parallel connections) and a small one for the HA lock, whose statements time out before the
 * next renewal is due. Idle connections that fail are logged, never thrown (no process crash).
 *
 * `ready()` runs once per successful start: it asks the server for native upsert and creates the
 * missing tables; a failure is forgotten so the next call tries again.
 */
import pg from 'pg';
import type { Pool, PoolConfig, QueryResult } from 'pg';
import type { Logger } from '../../log/types.js';
import type { ClientOptions } from './client-options.js';
import { storageFailure, type Target } from './failures.js';
import { ensureTables, hasNativeUpsert } from './schema.js';

const HA_POOL_SIZE = 4;
const NO_TLS = /does not support SSL/i;

export interface DatabaseOptions {
  client: ClientOptions;
  /**
   * The HA pool's limits (ms): the server's statement_timeout, and the client's limit on connecting
   * and on waiting for an answer (a dead network); both below the lock's renew interval.
   */
  haTimeouts: { statementMs: number; clientMs: number };
  tables: { table: string; haTable: string | undefined };
  target: Target;
  scrub: (text: string) => string;
  logger: Logger;
}

export type Row = Record<string, unknown>;

export class Database {
  readonly #opts: DatabaseOptions;
  #config: PoolConfig;
  #fallback: PoolConfig | undefined;
  #data: Pool | undefined;
  #ha: Pool | undefined;
  #ready: Promise<boolean> | undefined;
  #closed = false;

  constructor(opts: DatabaseOptions) {
    this.#opts = opts;
    this.#config = opts.client.config;
    this.#fallback = opts.client.plainFallback;
  }

  #pool(kind: 'data' | 'ha'): Pool {
    if (kind === 'data') return (this.#data ??= this.#open(this.#config));
    const { statementMs, clientMs } = this.#opts.haTimeouts;
    return (this.#ha ??= this.#open({
      ...this.#config,
      max: HA_POOL_SIZE,
      statement_timeout: statementMs,
      query_timeout: clientMs,
      connectionTimeoutMillis: Math.min(clientMs, this.#config.connectionTimeoutMillis ?? clientMs),
    }));
  }

  #open(config: PoolConfig): Pool {
    const pool = new pg.Pool(config);
    pool.on('error', (err: Error) => {
      this.#opts.logger.warn('an idle PostgreSQL connection failed', { error: this.#opts.scrub(err.message) });
    });
    return pool;
  }

  /** `prefer`: the server has no TLS, so connect in the clear from now on (as libpq falls back). */
  #dropTls(): boolean {
    if (this.#fallback === undefined) return false;
    this.#opts.logger.info('the PostgreSQL server does not support TLS; connecting without it (sslmode=prefer)');
    this.#config = this.#fallback;
    this.#fallback = undefined;
    const old = [this.#data, this.#ha];
    this.#data = undefined;
    this.#ha = undefined;
    for (const pool of old) void pool?.end().catch(() => undefined);
    return true;
  }

  /** Runs one statement; a driver error becomes a coded StorageError (scrubbed) about `op`. */
  async run(op: string, text: string, values: unknown[] = [], kind: 'data' | 'ha' = 'data'): Promise<QueryResult<Row>> {
    if (this.#closed) throw storageFailure(op, new Error('the postgresql backend is closed'), this.#opts.target, this.#opts.scrub);
    try {
      return await this.#pool(kind).query<Row>(text, values);
    } catch (err) {
      if (NO_TLS.test((err as Error)?.message ?? '') && this.#dropTls()) return this.run(op, text, values, kind);
      throw storageFailure(op, err, this.#opts.target, this.#opts.scrub);
    }
  }

  /**
   * Resolves with whether the server has native upsert, once the tables are there; rejects with a
   * coded error when the database cannot be reached (the next call tries again).
   */
  ready(): Promise<boolean> {
    if (this.#ready !== undefined) return this.#ready;
    const attempt = (async () => {
      const query = (text: string, values?: unknown[]) => this.run('prepare the tables', text, values);
      const native = await hasNativeUpsert(query);
      await ensureTables(query, this.#opts.tables, this.#opts.logger);
      const { host, port, database } = this.#opts.target;
      this.#opts.logger.info('connected to PostgreSQL', { host, port, database });
      return native;
    })();
    this.#ready = attempt;
    attempt.catch(() => {
      if (this.#ready === attempt) this.#ready = undefined;
    });
    return attempt;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const pools = [this.#data, this.#ha];
    this.#data = undefined;
    this.#ha = undefined;
    await Promise.all(pools.map((p) => p?.end().catch(() => undefined)));
  }
}
