import { describe, expect, it } from 'vitest';
import { dataStatements } from '../../../../src/storage/postgresql/statements.js';
import { backendContract } from '../backend-contract.js';
import { connect } from '../../../support/postgres.js';
import { backends, usePostgres } from './support.js';

const enc = (s: string) => new TextEncoder().encode(s);
const pg = usePostgres();
const open = backends(pg);

backendContract('postgresql', async () => open().backend);

describe('postgresql: Vault\'s layout', () => {
  it('stores keys as Vault\'s splitKey does: root, one level, deep', async () => {
    const { backend, table } = open();
    for (const key of ['top', 'a/b', 'a/b/c', 'x/y/z/w']) await backend.put(key, enc(key));
    const client = await connect(pg());
    try {
      const { rows } = await client.query(`SELECT parent_path, path, key, value FROM "${table}" ORDER BY path, key`);
      expect(rows.map((r) => [r.parent_path, r.path, r.key, Buffer.from(r.value).toString()])).toEqual([
        ['', '/', 'top', 'top'],
        ['/', '/a/', 'b', 'a/b'],
        ['/a/', '/a/b/', 'c', 'a/b/c'],
        ['/x/y/', '/x/y/z/', 'w', 'x/y/z/w'],
      ]);
    } finally {
      await client.end();
    }
  });

  it('reads and lists rows written the way Vault writes them', async () => {
    const { backend, table } = open();
    await backend.list(''); // the tables exist once the backend has answered
    const client = await connect(pg());
    try {
      const rows = [
        ['', '/', 'root', 'r'],
        ['/', '/sys/', 'policy', 'p'],
        ['/sys/', '/sys/token/', 'id', 'i'],
        ['/sys/token/', '/sys/token/accessor/', 'abc', 'a'],
      ];
      for (const [pp, p, k, v] of rows) {
        await client.query(`INSERT INTO "${table}" VALUES ($1, $2, $3, $4)`, [pp, p, k, Buffer.from(v!)]);
      }
    } finally {
      await client.end();
    }
    expect(await backend.list('')).toEqual(['root', 'sys/']);
    expect(await backend.list('sys/')).toEqual(['policy', 'token/']);
    expect(await backend.list('sys/token/')).toEqual(['accessor/', 'id']);
    expect(new TextDecoder().decode((await backend.get('sys/token/accessor/abc'))!)).toBe('a');
  });

  it('lists folders whose names hold LIKE wildcards literally', async () => {
    const { backend } = open();
    await backend.put('a_b/one', enc('1'));
    await backend.put('axb/two/deep', enc('2'));
    await backend.put('a%/three', enc('3'));
    expect(await backend.list('a_b/')).toEqual(['one']);
    expect(await backend.list('a%/')).toEqual(['three']);
    expect(await backend.list('axb/')).toEqual(['two/']);
  });
});

describe('postgresql: the upsert-function statements (servers before 9.5)', () => {
  it('write through the function, fenced or not, on a real server', async () => {
    const { backend, table, haTable } = open();
    const lock = backend.lockWith('core/lock', 'me');
    await lock.lock(new AbortController().signal);
    const fn = `${table}_put`;
    const sql = dataStatements(`"${table}"`, `"${haTable}"`, `"${fn}"`);
    const client = await connect(pg());
    try {
      // The function Vault's documentation gives for servers without ON CONFLICT, on this table.
      await client.query(`CREATE FUNCTION "${fn}"(_parent_path TEXT, _path TEXT, _key TEXT, _value BYTEA) RETURNS VOID AS $$
        BEGIN
          LOOP
            UPDATE "${table}" SET (parent_path, path, key, value) = (_parent_path, _path, _key, _value) WHERE _path = path AND key = _key;
            IF found THEN RETURN; END IF;
            BEGIN
              INSERT INTO "${table}" (parent_path, path, key, value) VALUES (_parent_path, _path, _key, _value);
              RETURN;
            EXCEPTION WHEN unique_violation THEN
            END;
          END LOOP;
        END; $$ LANGUAGE plpgsql`);
      await client.query(sql.put, ['/', '/a/', 'b', Buffer.from('one')]);
      const fenced = await client.query(sql.fencedPut, ['/', '/a/', 'b', Buffer.from('two'), lock.identity, 'core/lock']);
      expect(fenced.rows).toEqual([{ active: true }]);
      const refused = await client.query(sql.fencedPut, ['/', '/a/', 'c', Buffer.from('x'), 'someone-else', 'core/lock']);
      expect(refused.rows).toEqual([]);
    } finally {
      await client.end();
    }
    expect(new TextDecoder().decode((await backend.get('a/b'))!)).toBe('two');
    expect(await backend.get('a/c')).toBeNull();
    await lock.unlock();
  });
});
