/**
 * Vault's tables (its documented SQL): the data table with parent_path/path/key/value, COLLATE "C"
 * text, primary key (path, key) and an index on parent_path; the HA table with ha_key/ha_identity/
 * ha_value/valid_until, primary key ha_key. tsvault creates a table that is missing (IF NOT EXISTS,
 * logged) and leaves existing ones alone, so a role that may not create tables works once they exist.
 *
 * Constraint and index names live in the schema's namespace: the default tables get Vault's names
 * (`pkey`, `parent_path_idx`, `ha_key`); other table names get them prefixed with the table's name,
 * so that several tsvault tables can share a schema.
 */
import type { Logger } from '../../log/types.js';
import { DEFAULT_HA_TABLE, DEFAULT_TABLE, quoteIdentifier } from './settings.js';

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

function objectName(table: string, defaultTable: string, name: string): string {
  return quoteIdentifier(table === defaultTable ? name : `${table}_${name}`.slice(0, 63));
}

export function dataTableDdl(table: string): string[] {
  const t = quoteIdentifier(table);
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (` +
      ' parent_path TEXT COLLATE "C" NOT NULL,' +
      ' path TEXT COLLATE "C",' +
      ' key TEXT COLLATE "C",' +
      ' value BYTEA,' +
      ` CONSTRAINT ${objectName(table, DEFAULT_TABLE, 'pkey')} PRIMARY KEY (path, key))`,
    `CREATE INDEX IF NOT EXISTS ${objectName(table, DEFAULT_TABLE, 'parent_path_idx')} ON ${t} (parent_path)`,
  ];
}

export function haTableDdl(haTable: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(haTable)} (` +
      ' ha_key TEXT COLLATE "C" NOT NULL,' +
      ' ha_identity TEXT COLLATE "C" NOT NULL,' +
      ' ha_value TEXT COLLATE "C",' +
      ' valid_until TIMESTAMP WITH TIME ZONE NOT NULL,' +
      ` CONSTRAINT ${objectName(haTable, DEFAULT_HA_TABLE, 'ha_key')} PRIMARY KEY (ha_key))`,
  ];
}

async function exists(query: Query, table: string): Promise<boolean> {
  const { rows } = await query('SELECT to_regclass($1) IS NOT NULL AS present', [quoteIdentifier(table)]);
  return rows[0]?.['present'] === true;
}

/** Creates whichever of the tables is missing. */
export async function ensureTables(
  query: Query,
  tables: { table: string; haTable: string | undefined },
  logger: Logger,
): Promise<void> {
  const wanted: [string, string[]][] = [[tables.table, dataTableDdl(tables.table)]];
  if (tables.haTable !== undefined) wanted.push([tables.haTable, haTableDdl(tables.haTable)]);
  for (const [name, ddl] of wanted) {
    if (await exists(query, name)) continue;
    logger.info('creating table', { table: name });
    try {
      for (const statement of ddl) await query(statement);
    } catch (err) {
      // Another node created it at the same moment (IF NOT EXISTS does not cover that race).
      if (!(await exists(query, name))) throw err;
    }
  }
}

/** Whether the server has INSERT … ON CONFLICT (9.5 and later), as Vault asks it. */
export async function hasNativeUpsert(query: Query): Promise<boolean> {
  const { rows } = await query("SELECT current_setting('server_version_num')::int >= 90500 AS upsert");
  return rows[0]?.['upsert'] === true;
}
