/**
 * The SQL of the postgresql backend, as Vault writes it (physical/postgresql/postgresql.go), so that
 * a database Vault filled works unchanged: Vault's key split into parent_path/path/key, its list
 * query, its lock upsert guarded by `valid_until < NOW()` or our own identity, and the lock's
 * expiry counted on the database's clock. Table names arrive quoted (settings.quoteIdentifier).
 */

/** Vault's splitKey: `a` → ["", "/", "a"]; `a/b` → ["/", "/a/", "b"]; `a/b/c` → ["/a/", "/a/b/", "c"]. */
export function splitKey(fullPath: string): { parentPath: string; path: string; key: string } {
  const pieces = fullPath.split('/');
  const depth = pieces.length;
  const key = pieces[depth - 1]!;
  if (depth === 1) return { parentPath: '', path: '/', key };
  if (depth === 2) return { parentPath: '/', path: `/${pieces[0]!}/`, key };
  return {
    parentPath: `/${pieces.slice(0, depth - 2).join('/')}/`,
    path: `/${pieces.slice(0, depth - 1).join('/')}/`,
    key,
  };
}

/** A LIKE pattern matching text literally (PostgreSQL's default escape is the backslash). */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface DataStatements {
  /** $1 parent_path, $2 path, $3 key, $4 value. */
  put: string;
  /** Same parameters, $5 the lock's identity, $6 the lock's key; one row `active` (false: fenced out). */
  fencedPut: string;
  /** $1 path, $2 key. */
  get: string;
  delete: string;
  /** $1 path, $2 key, $3 identity, $4 lock key; one row `active`. */
  fencedDelete: string;
  /** $1 "/" + prefix, $2 the LIKE pattern of $1. */
  list: string;
}

/** The fence: the lock row, if `identity` holds it now, share-locked until the write commits. */
function fence(haTable: string, identity: string, key: string): string {
  return (
    `fence AS (SELECT 1 FROM ${haTable} WHERE ha_key = ${key} AND ha_identity = ${identity}` +
    ` AND valid_until > NOW() FOR SHARE)`
  );
}

export function dataStatements(table: string, haTable: string, upsertFunction: string | undefined): DataStatements {
  const upsert =
    `INSERT INTO ${table} (parent_path, path, key, value) SELECT $1, $2, $3, $4::bytea` +
    ' ON CONFLICT (path, key) DO UPDATE SET (parent_path, path, key, value) = ($1, $2, $3, $4::bytea)';
  const fencedPut =
    upsertFunction === undefined
      ? `WITH ${fence(haTable, '$5', '$6')}, w AS (INSERT INTO ${table} (parent_path, path, key, value)` +
        ` SELECT $1, $2, $3, $4::bytea WHERE EXISTS (SELECT 1 FROM fence)` +
        ' ON CONFLICT (path, key) DO UPDATE SET (parent_path, path, key, value) = ($1, $2, $3, $4::bytea))' +
        ' SELECT EXISTS (SELECT 1 FROM fence) AS active'
      : `WITH ${fence(haTable, '$5', '$6')} SELECT true AS active` +
        ` FROM (SELECT ${upsertFunction}($1, $2, $3, $4::bytea) FROM fence) AS w`;
  return {
    put: upsertFunction === undefined ? upsert : `SELECT ${upsertFunction}($1, $2, $3, $4::bytea)`,
    fencedPut,
    get: `SELECT value FROM ${table} WHERE path = $1 AND key = $2`,
    delete: `DELETE FROM ${table} WHERE path = $1 AND key = $2`,
    fencedDelete:
      `WITH ${fence(haTable, '$3', '$4')}, d AS (DELETE FROM ${table} WHERE path = $1 AND key = $2` +
      ' AND EXISTS (SELECT 1 FROM fence)) SELECT EXISTS (SELECT 1 FROM fence) AS active',
    list:
      `SELECT key FROM ${table} WHERE path = $1` +
      ` UNION ALL SELECT DISTINCT substring(substr(path, length($1) + 1) from '^.*?/') FROM ${table}` +
      ' WHERE parent_path LIKE $2',
  };
}

export interface HaStatements {
  /** $1 ha_key: the value of an unexpired lock. */
  value: string;
  /** $1 identity, $2 ha_key, $3 ha_value, $4 TTL seconds: takes a free or expired lock, or extends ours. */
  upsert: string;
  /** $1 identity, $2 ha_key. */
  release: string;
  /** $1 identity, $2 ha_key, $3 ha_value, $4 TTL seconds: a node record, written unconditionally. */
  record: string;
  /** $1 the LIKE pattern of the records' prefix: unexpired records, by key. */
  records: string;
}

export function haStatements(haTable: string): HaStatements {
  const expiry = "NOW() + $4::integer * INTERVAL '1 seconds'";
  return {
    value: `SELECT ha_value FROM ${haTable} WHERE NOW() <= valid_until AND ha_key = $1`,
    upsert:
      `INSERT INTO ${haTable} AS t (ha_identity, ha_key, ha_value, valid_until) VALUES ($1, $2, $3, ${expiry})` +
      ` ON CONFLICT (ha_key) DO UPDATE SET (ha_identity, ha_key, ha_value, valid_until) = ($1, $2, $3, ${expiry})` +
      ' WHERE (t.valid_until < NOW() AND t.ha_key = $2) OR (t.ha_identity = $1 AND t.ha_key = $2)',
    release: `DELETE FROM ${haTable} WHERE ha_identity = $1 AND ha_key = $2`,
    record:
      `INSERT INTO ${haTable} (ha_identity, ha_key, ha_value, valid_until) VALUES ($1, $2, $3, ${expiry})` +
      ` ON CONFLICT (ha_key) DO UPDATE SET (ha_identity, ha_key, ha_value, valid_until) = ($1, $2, $3, ${expiry})`,
    records:
      `SELECT ha_key, ha_value, valid_until FROM ${haTable} WHERE ha_key LIKE $1 AND NOW() <= valid_until` +
      ' ORDER BY ha_key',
  };
}
