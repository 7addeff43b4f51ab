import { describe, expect, it } from 'vitest';
import { clientOptions } from '../../../../src/storage/postgresql/client-options.js';
import { connectionString, parseKeywordValue, resolveConnInfo } from '../../../../src/storage/postgresql/conninfo.js';
import { maskUrlPasswords, scrubber } from '../../../../src/storage/postgresql/failures.js';
import { quoteIdentifier, readSettings } from '../../../../src/storage/postgresql/settings.js';
import { likePrefix, splitKey } from '../../../../src/storage/postgresql/statements.js';

const T = { connectMs: 1000, queryMs: 2000 };
const S = { max: 4, maxIdle: undefined };

describe('postgresql connection settings', () => {
  it('reads postgres:// and postgresql:// URLs, percent-decoded, with query keywords', () => {
    expect(resolveConnInfo('postgres://us%40er:p%40ss:w@db.example:6543/va%2Fult?sslmode=disable&application_name=x', {})).toEqual({
      user: 'us@er', password: 'p@ss:w', host: 'db.example', port: '6543', dbname: 'va/ult', sslmode: 'disable', application_name: 'x',
    });
    expect(resolveConnInfo('postgresql://[::1]/db', {})).toEqual({ host: '::1', dbname: 'db' });
    expect(resolveConnInfo('postgres:///vault?host=/run/postgresql', {})).toEqual({ host: '/run/postgresql', dbname: 'vault' });
  });

  it('reads libpq key=value strings, quoted values included', () => {
    expect(parseKeywordValue("host=db port=5433 user=vault password='it\\'s x' dbname = vault sslmode=require")).toEqual({
      host: 'db', port: '5433', user: 'vault', password: "it's x", dbname: 'vault', sslmode: 'require',
    });
    expect(() => parseKeywordValue("host=db password='open")).toThrow(/unterminated/);
    expect(() => parseKeywordValue('just words')).toThrow(/expected key=value/);
  });

  it('VAULT_PG_CONNECTION_URL wins over connection_url; PG* variables fill in the rest', () => {
    expect(connectionString({ connection_url: 'postgres://a/b' }, { VAULT_PG_CONNECTION_URL: 'postgres://c/d' })).toBe('postgres://c/d');
    expect(connectionString({ connection_url: 'postgres://a/b' }, { VAULT_PG_CONNECTION_URL: '' })).toBe('postgres://a/b');
    expect(connectionString({}, {})).toBe('');
    const env = { PGHOST: 'envhost', PGPORT: '7000', PGUSER: 'u', PGPASSWORD: 'pw', PGDATABASE: 'd', PGSSLMODE: 'verify-full' };
    expect(resolveConnInfo('', env)).toEqual({ host: 'envhost', port: '7000', user: 'u', password: 'pw', dbname: 'd', sslmode: 'verify-full' });
    expect(resolveConnInfo('postgres://other/x', env)).toMatchObject({ host: 'other', dbname: 'x', user: 'u', port: '7000' });
  });

  it('maps sslmode as libpq does', () => {
    expect(clientOptions({ sslmode: 'disable' }, T, S).config.ssl).toBe(false);
    const prefer = clientOptions({ host: 'db' }, T, S);
    expect(prefer.config.ssl).toEqual({ rejectUnauthorized: false, servername: 'db' });
    expect(prefer.plainFallback?.ssl).toBe(false);
    expect(clientOptions({ host: 'db', sslmode: 'require' }, T, S).plainFallback).toBeUndefined();
    const full = clientOptions({ host: 'db', sslmode: 'verify-full' }, T, S).config.ssl as Record<string, unknown>;
    expect(full.rejectUnauthorized).toBe(true);
    expect(full.checkServerIdentity).toBeUndefined();
    const ca = clientOptions({ host: 'db', sslmode: 'verify-ca' }, T, S).config.ssl as Record<string, unknown>;
    expect(ca.rejectUnauthorized).toBe(true);
    expect(typeof ca.checkServerIdentity).toBe('function');
    expect(clientOptions({ host: '/run/postgresql', sslmode: 'prefer' }, T, S).config.ssl).toBe(false);
    expect(() => clientOptions({ sslmode: 'sometimes' }, T, S)).toThrow(/invalid sslmode "sometimes"/);
    expect(() => clientOptions({ sslmode: 'verify-full', sslrootcert: '/no/such/ca.pem' }, T, S)).toThrow(
      'cannot read sslrootcert /no/such/ca.pem: ENOENT',
    );
  });

  it('sets timeouts, pool size and idle handling; reports keywords it ignores', () => {
    const { config, ignored } = clientOptions({ host: 'db', port: '6000', pool_max_conns: '3', connect_timeout: '5' }, T, { max: 7, maxIdle: 0 });
    expect(config).toMatchObject({ host: 'db', port: 6000, max: 7, idleTimeoutMillis: 1, connectionTimeoutMillis: 5000, statement_timeout: 2000 });
    expect(ignored).toEqual(['pool_max_conns']);
    expect(clientOptions({}, T, { max: 7, maxIdle: 3 }).config.idleTimeoutMillis).toBe(10_000);
    expect(() => clientOptions({ port: 'x' }, T, S)).toThrow(/invalid port "x"/);
  });
});

describe('postgresql block settings', () => {
  it('defaults as Vault', () => {
    expect(readSettings({})).toEqual({
      table: 'vault_kv_store', haTable: 'vault_ha_locks', upsertFunction: 'vault_kv_put',
      maxParallel: 128, maxIdleConnections: undefined, haEnabled: false,
    });
  });

  it('refuses bad values, naming the key', () => {
    expect(() => readSettings({ ha_enabled: 'maybe' })).toThrow('cannot parse "maybe" as bool');
    expect(() => readSettings({ max_parallel: '1.5' })).toThrow('failed parsing max_parallel parameter');
    expect(() => readSettings({ max_idle_connections: 'x' })).toThrow('failed parsing max_idle_connections parameter');
    expect(() => readSettings({ table: '' })).toThrow('table must not be empty');
    expect(() => readSettings({ ha_table: 'x'.repeat(64) })).toThrow(/63-byte/);
  });

  it('quotes names whole, so a name cannot inject SQL', () => {
    expect(quoteIdentifier('vault_kv_store')).toBe('"vault_kv_store"');
    expect(quoteIdentifier('x"; DROP TABLE t; --')).toBe('"x""; DROP TABLE t; --"');
  });
});

describe('Vault\'s key split', () => {
  it.each([
    ['a', '', '/', 'a'],
    ['a/b', '/', '/a/', 'b'],
    ['a/b/c', '/a/', '/a/b/', 'c'],
    ['sys/token/id/abc', '/sys/token/', '/sys/token/id/', 'abc'],
  ])('%s → parent %s, path %s, key %s', (full, parentPath, path, key) => {
    expect(splitKey(full)).toEqual({ parentPath, path, key });
  });

  it('escapes LIKE wildcards in list prefixes', () => {
    expect(likePrefix('/a_b%/c\\/')).toBe('/a\\_b\\%/c\\\\/%');
  });
});

describe('password scrubbing', () => {
  it('masks URL passwords and every form of the known password', () => {
    expect(maskUrlPasswords('at postgres://vault:hunter2@db/x and postgresql://u:p@h')).toBe(
      'at postgres://vault:*****@db/x and postgresql://u:*****@h',
    );
    const scrub = scrubber(['p@ss w"rd']);
    expect(scrub('a p@ss w"rd b p%40ss%20w%22rd c p@ss w\\"rd')).toBe('a ***** b ***** c *****');
  });
});
