/**
 * The `postgresql` storage backend (Vault's PostgreSQLBackend): a Backend over Vault's table and
 * an HABackend over Vault's lock table, both in one database. Every operation first waits for the
 * tables (database.ts `ready()`), so a backend made while PostgreSQL is away works once it is back.
 *
 * With fenceWrites(lock), every put and delete is one statement that writes only while the lock's
 * row names this lock and has not expired, share-locking that row until the write commits, so a
 * node that lost the lock cannot write after another node took it over (STORAGE_NOT_ACTIVE).
 */
import { errorMessage, StorageError } from '../../errors.js';
import type { Logger } from '../../log/types.js';
import { CORE_LOCK_KEY, type HABackend, type HALock, type LockHolder, type NodeRecord } from '../ha.js';
import { compareBytewise, validateKey, validatePrefix } from '../keys.js';
import type { Backend } from '../types.js';
import type { Database } from './database.js';
import { KeyOrder } from './key-order.js';
import { type LockStore, type LockTimings, PostgresLock } from './lock.js';
import { type PostgresqlSettings, quoteIdentifier } from './settings.js';
import { type DataStatements, dataStatements, haStatements, likePrefix, splitKey } from './statements.js';

/** Where node records live in the HA table: `core/nodes/<id>`. */
export const NODE_KEY_PREFIX = 'core/nodes/';

/** Vault's text when HA is asked of a server without native upsert. */
export const HA_NEEDS_UPSERT = "ha_enabled=true in config but PG version doesn't support HA, must be at least 9.5";

function notActive(): StorageError {
  return new StorageError('STORAGE_NOT_ACTIVE', errorMessage('STORAGE_NOT_ACTIVE')!);
}

export class PostgresqlBackend implements Backend, HABackend {
  readonly type = 'postgresql';
  readonly haEnabled: boolean;
  readonly #db: Database;
  readonly #timings: LockTimings;
  readonly #logger: Logger;
  readonly #native: DataStatements;
  readonly #viaFunction: DataStatements;
  readonly #ha: ReturnType<typeof haStatements>;
  readonly #order = new KeyOrder();
  #fence: HALock | undefined;

  constructor(db: Database, settings: PostgresqlSettings, timings: LockTimings, logger: Logger) {
    this.#db = db;
    this.#timings = timings;
    this.#logger = logger;
    this.haEnabled = settings.haEnabled;
    const table = quoteIdentifier(settings.table);
    const haTable = quoteIdentifier(settings.haTable);
    this.#native = dataStatements(table, haTable, undefined);
    this.#viaFunction = dataStatements(table, haTable, quoteIdentifier(settings.upsertFunction));
    this.#ha = haStatements(haTable);
  }

  /** The statements for this server, once the tables are there. */
  async #statements(forHa = false): Promise<DataStatements> {
    const native = await this.#db.ready();
    if (!native && (forHa || this.haEnabled)) throw new StorageError('STORAGE_IO', HA_NEEDS_UPSERT);
    return native ? this.#native : this.#viaFunction;
  }

  async get(key: string): Promise<Uint8Array | null> {
    validateKey(key);
    const sql = await this.#statements();
    const { path, key: leaf } = splitKey(key);
    const { rows } = await this.#db.run(`read ${JSON.stringify(key)}`, sql.get, [path, leaf]);
    if (rows.length === 0) return null;
    const value = rows[0]!['value'];
    return value instanceof Uint8Array ? new Uint8Array(value) : new Uint8Array(0);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    validateKey(key);
    const bytes = Buffer.from(value); // copied now: later changes to value do not leak in
    return this.#order.run(key, async () => {
      const sql = await this.#statements();
      const { parentPath, path, key: leaf } = splitKey(key);
      const params = [parentPath, path, leaf, bytes];
      const op = `write ${JSON.stringify(key)}`;
      const fence = this.#fenceParams();
      if (fence === undefined) {
        await this.#db.run(op, sql.put, params);
        return;
      }
      const { rows } = await this.#db.run(op, sql.fencedPut, [...params, ...fence]);
      if (rows[0]?.['active'] !== true) throw notActive();
    });
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    return this.#order.run(key, async () => {
      const sql = await this.#statements();
      const { path, key: leaf } = splitKey(key);
      const op = `delete ${JSON.stringify(key)}`;
      const fence = this.#fenceParams();
      if (fence === undefined) {
        await this.#db.run(op, sql.delete, [path, leaf]);
        return;
      }
      const { rows } = await this.#db.run(op, sql.fencedDelete, [path, leaf, ...fence]);
      if (rows[0]?.['active'] !== true) throw notActive();
    });
  }

  async list(prefix: string): Promise<string[]> {
    validatePrefix(prefix);
    const sql = await this.#statements();
    const at = `/${prefix}`;
    const { rows } = await this.#db.run(`list ${JSON.stringify(prefix)}`, sql.list, [at, likePrefix(at)]);
    const names = new Set<string>();
    for (const row of rows) {
      const name = row['key'];
      if (typeof name === 'string' && name !== '') names.add(name);
    }
    return [...names].sort(compareBytewise);
  }

  /** [identity, lock key] of the fencing lock; throws at once when that lock has fenced itself. */
  #fenceParams(): [string, string] | undefined {
    const lock = this.#fence;
    if (lock === undefined) return undefined;
    if (lock.heldUntil() <= performance.now()) throw notActive();
    return [lock.identity, lock instanceof PostgresLock ? lock.key : CORE_LOCK_KEY];
  }

  fenceWrites(lock: HALock | undefined): void {
    this.#fence = lock;
  }

  lockWith(key: string, value: string): HALock {
    const store: LockStore = {
      tryLock: async (identity, lockKey, lockValue, ttlSeconds) => {
        await this.#statements(true);
        const params = [identity, lockKey, lockValue, ttlSeconds];
        const result = await this.#db.run('acquire or renew the HA lock', this.#ha.upsert, params, 'ha');
        return result.rowCount === 1;
      },
      release: async (identity, lockKey) => {
        await this.#statements(true);
        await this.#db.run('release the HA lock', this.#ha.release, [identity, lockKey], 'ha');
      },
    };
    return new PostgresLock(key, value, store, this.#timings, this.#logger);
  }

  async holder(key: string): Promise<LockHolder> {
    await this.#statements(true);
    const { rows } = await this.#db.run('read the HA lock', this.#ha.value, [key], 'ha');
    if (rows.length === 0) return { held: false, value: '' };
    const value = rows[0]!['ha_value'];
    return { held: true, value: typeof value === 'string' ? value : '' };
  }

  async recordNode(id: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#statements(true);
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    const record = JSON.stringify({ value, ttl });
    await this.#db.run('record this node', this.#ha.record, [id, `${NODE_KEY_PREFIX}${id}`, record, ttl], 'ha');
  }

  async nodes(): Promise<NodeRecord[]> {
    await this.#statements(true);
    const { rows } = await this.#db.run('read the node records', this.#ha.records, [likePrefix(NODE_KEY_PREFIX)], 'ha');
    return rows.map((row) => {
      const validUntil = row['valid_until'] as Date;
      const raw = typeof row['ha_value'] === 'string' ? row['ha_value'] : '';
      let value = raw;
      let ttl = 0;
      try {
        const parsed = JSON.parse(raw) as { value?: unknown; ttl?: unknown };
        if (typeof parsed.value === 'string' && typeof parsed.ttl === 'number') ({ value, ttl } = parsed as { value: string; ttl: number });
      } catch {
        // a row not written by recordNode: its value as it is, updated "at" its expiry
      }
      return {
        id: String(row['ha_key']).slice(NODE_KEY_PREFIX.length),
        value,
        updatedAt: new Date(validUntil.getTime() - ttl * 1000),
      };
    });
  }

  /** Connected, tables there: STORAGE_UNAVAILABLE while unreachable, STORAGE_REFUSED for bad settings. */
  async ready(): Promise<void> {
    await this.#db.ready();
  }

  async close(): Promise<void> {
    await this.#order.drain();
    await this.#db.close();
  }
}
