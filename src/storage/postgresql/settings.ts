/**
 * The keys of a `storage "postgresql"` block, read as Vault reads them (physical/postgresql): names
 * of tables and of the upsert function, the pool size, and whether HA is on. The connection itself
 * (connection_url, the PG* environment) is read by conninfo.ts. No dependency on the driver, so the
 * config loader can check a block (with positions) without loading pg.
 */
import { parseStrictBool } from '../../config/schema.js';

export const DEFAULT_TABLE = 'vault_kv_store';
export const DEFAULT_HA_TABLE = 'vault_ha_locks';
export const DEFAULT_UPSERT_FUNCTION = 'vault_kv_put';
/** Vault's physical.DefaultParallelOperations. */
export const DEFAULT_MAX_PARALLEL = 128;
/** PostgreSQL truncates longer identifiers; a name that would be truncated is refused instead. */
const MAX_IDENTIFIER_BYTES = 63;

export interface PostgresqlSettings {
  /** Unquoted table names, as configured. */
  table: string;
  haTable: string;
  /** Unquoted; used for puts only on servers without INSERT … ON CONFLICT (before 9.5), as Vault. */
  upsertFunction: string;
  /** The pool's size (Vault: SetMaxOpenConns and the permit pool). */
  maxParallel: number;
  /** undefined: not set (the pool keeps idle connections for its idle timeout). */
  maxIdleConnections: number | undefined;
  haEnabled: boolean;
}

/** A setting that cannot be read; `key` names it so the config loader can point at it. */
export class SettingError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

/** Go's strconv.Atoi, with Vault's message around its error. */
function parseInteger(key: string, raw: string): number {
  if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new SettingError(key, `failed parsing ${key} parameter: strconv.Atoi: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  return Number(raw);
}

/** A table or function name: any text PostgreSQL accepts as one quoted identifier. */
function identifier(key: string, raw: string): string {
  if (raw === '') throw new SettingError(key, `${key} must not be empty`);
  if (raw.includes('\0')) throw new SettingError(key, `${key} must not contain NUL bytes`);
  if (Buffer.byteLength(raw, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new SettingError(key, `${key} is longer than PostgreSQL's ${MAX_IDENTIFIER_BYTES}-byte limit for names`);
  }
  return raw;
}

/** Reads the block's keys; throws SettingError naming the key at fault. */
export function readSettings(config: Readonly<Record<string, string>>): PostgresqlSettings {
  const has = (key: string): boolean => Object.hasOwn(config, key);
  let haEnabled = false;
  if (has('ha_enabled')) {
    // Vault compares with "true" and silently treats anything else as false; a typo is refused here.
    try {
      haEnabled = config['ha_enabled'] === '' ? false : parseStrictBool(config['ha_enabled']!);
    } catch (err) {
      throw new SettingError('ha_enabled', (err as Error).message);
    }
  }
  const maxParallel = has('max_parallel') ? parseInteger('max_parallel', config['max_parallel']!) : DEFAULT_MAX_PARALLEL;
  if (maxParallel < 1) throw new SettingError('max_parallel', 'max_parallel must be at least 1');
  return {
    table: identifier('table', has('table') ? config['table']! : DEFAULT_TABLE),
    haTable: identifier('ha_table', has('ha_table') ? config['ha_table']! : DEFAULT_HA_TABLE),
    upsertFunction: identifier(
      'upsert_function',
      has('upsert_function') ? config['upsert_function']! : DEFAULT_UPSERT_FUNCTION,
    ),
    maxParallel,
    maxIdleConnections: has('max_idle_connections')
      ? parseInteger('max_idle_connections', config['max_idle_connections']!)
      : undefined,
    haEnabled,
  };
}

/** PostgreSQL's quoting of an identifier (Vault's dbutil.QuoteIdentifier): the whole name, `"` doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
