import { describe, expect, it } from 'vitest';
import { connect, uniqueTable } from '../../../support/postgres.js';
import { backends, usePostgres } from './support.js';

const pg = usePostgres();
const open = backends(pg);

/** Columns as information_schema reports them: name, type, nullable, collation. */
async function columns(table: string): Promise<string[][]> {
  const client = await connect(pg());
  try {
    const { rows } = await client.query(
      'SELECT column_name, data_type, is_nullable, collation_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
      [table],
    );
    return rows.map((r) => [r.column_name, r.data_type, r.is_nullable, r.collation_name ?? '']);
  } finally {
    await client.end();
  }
}

async function indexes(table: string): Promise<string[]> {
  const client = await connect(pg());
  try {
    const { rows } = await client.query('SELECT indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [table]);
    return rows.map((r) => String(r.indexdef).replace(/ USING btree/, '').replace(/public\./g, ''));
  } finally {
    await client.end();
  }
}

describe('postgresql: Vault\'s schema', () => {
  it('creates the data and HA tables as Vault\'s documented SQL does, and logs it', async () => {
    const { backend, table, haTable, logger } = open();
    await backend.list('');
    await backend.holder('core/lock');
    expect(await columns(table)).toEqual([
      ['parent_path', 'text', 'NO', 'C'],
      ['path', 'text', 'NO', 'C'], // NOT NULL through the primary key
      ['key', 'text', 'NO', 'C'],
      ['value', 'bytea', 'YES', ''],
    ]);
    expect(await indexes(table)).toEqual([
      `CREATE INDEX "${table}_parent_path_idx" ON "${table}" (parent_path)`,
      `CREATE UNIQUE INDEX "${table}_pkey" ON "${table}" (path, key)`,
    ].map((s) => s.replace(/"([a-z0-9_]+)"/g, '$1')));
    expect(await columns(haTable)).toEqual([
      ['ha_key', 'text', 'NO', 'C'],
      ['ha_identity', 'text', 'NO', 'C'],
      ['ha_value', 'text', 'YES', 'C'],
      ['valid_until', 'timestamp with time zone', 'NO', ''],
    ]);
    expect(await indexes(haTable)).toEqual([`CREATE UNIQUE INDEX ${haTable}_ha_key ON ${haTable} (ha_key)`]);
    const created = logger.lines.filter((l) => l.msg === 'creating table').map((l) => l.fields?.['table']);
    expect(created).toEqual([table, haTable]);
  });

  it('does not create the HA table when HA is off', async () => {
    const { backend, haTable } = open({ ha_enabled: 'false' });
    await backend.list('');
    expect(await columns(haTable)).toEqual([]);
  });

  it('works for a role that may not create tables, once they exist', async () => {
    const setup = open();
    await setup.backend.holder('core/lock');
    const role = uniqueTable('r');
    const password = 'limited-role-pw';
    const client = await connect(pg());
    try {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${setup.table}", "${setup.haTable}" TO ${role}`);
      const u = new URL(pg().url);
      u.username = role;
      u.password = password;
      const limited = open({ connection_url: u.toString(), table: setup.table, ha_table: setup.haTable });
      await limited.backend.put('a/b', Uint8Array.of(7));
      expect(await limited.backend.list('a/')).toEqual(['b']);
      const lock = limited.backend.lockWith('core/lock', 'limited');
      expect(await lock.lock(new AbortController().signal)).not.toBeNull();
      await lock.unlock();
      expect(limited.logger.lines.some((l) => l.msg === 'creating table')).toBe(false);
      const missing = open({ connection_url: u.toString(), table: uniqueTable('none') });
      const err = await missing.backend.get('k').catch((e: unknown) => e as Error);
      expect((err as Error).message).toMatch(/permission denied for schema public/);
    } finally {
      await client.end();
    }
  });
});
