/**
 * PostgreSQL or nothing: test/services/postgres.sh installs Debian's postgresql with apt-get where
 * initdb/pg_ctl are missing, fails loudly when it cannot, and runs throwaway clusters that keep
 * their data across a restart and ask for passwords over TCP. A machine without PostgreSQL is
 * played offline: PG_BINDIR names an empty folder, and stand-ins for apt-get and sudo come first.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, tempDir } from '../../support/harness.js';
import { SCRIPT } from '../../support/postgres.js';

function run(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', [SCRIPT, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('postgres.sh: PostgreSQL or nothing', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempDir('tsvault-pgscript-');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'sudo'), '#!/usr/bin/env bash\n[[ "$1" == -n ]] && shift\nexec "$@"\n');
    chmodSync(join(dir, 'sudo'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fakeAptGet(install: 'fails' | 'works'): void {
    const stub = (name: string) => `printf '#!/usr/bin/env bash\\necho "postgres (PostgreSQL) 15.0"\\n' >"${dir}/bin/${name}"; chmod +x "${dir}/bin/${name}"`;
    const onInstall = install === 'fails' ? 'echo "E: Unable to locate package postgresql" >&2; exit 100' : ['initdb', 'pg_ctl', 'postgres'].map(stub).join('; ');
    writeFileSync(join(dir, 'apt-get'), `#!/usr/bin/env bash\necho "$*" >>"${dir}/apt-calls.log"\ncase " $* " in *" install "*) ${onInstall} ;; esac\nexit 0\n`);
    chmodSync(join(dir, 'apt-get'), 0o755);
  }
  const offline = () => ({ PATH: `${dir}:${process.env.PATH ?? ''}`, PG_BINDIR: join(dir, 'bin') });
  const aptCalls = (): string[] => (existsSync(join(dir, 'apt-calls.log')) ? readFileSync(join(dir, 'apt-calls.log'), 'utf8').trim().split('\n') : []);

  it('missing and apt-get cannot install it: exits non-zero with the reason', () => {
    fakeAptGet('fails');
    const r = run(['install'], offline());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/postgres\.sh: error: apt-get install postgresql failed/);
    expect(aptCalls()).toEqual(['update -q', 'install -y -q --no-install-recommends postgresql']);
  });

  it('missing: apt-get update, then apt-get install postgresql, then it is there', () => {
    fakeAptGet('works');
    const r = run(['install'], offline());
    expect(r.stderr).toMatch(/installed: postgres \(PostgreSQL\) 15\.0/);
    expect(r.code).toBe(0);
    expect(run(['start', join(dir, 'c'), '1'], { PG_BINDIR: join(dir, 'nowhere') }).stderr).toMatch(/PostgreSQL not found/);
  });

  it('runs a cluster: password over TCP, data kept across restart and stop/start, psql as the superuser', async () => {
    if (process.getuid?.() === 0) {
      const r = run(['start', join(dir, 'cluster'), '1']);
      expect(r.code).not.toBe(0); // dir is 0700 root: out of the postgres user's reach
      expect(r.stderr).toMatch(/the postgres user cannot reach .*: every folder above it must be searchable/);
    }
    const cluster = tempDir('tsvault-pgscript-cluster-');
    const port = await freePort();
    const started = run(['start', cluster, String(port)]);
    expect(started.code, started.stderr).toBe(0);
    const env = Object.fromEntries(started.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(Object.keys(env)).toEqual(['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSOCKETDIR', 'PG_CONNECTION_URL']);
    expect([env.PGHOST, env.PGPORT, env.PGUSER, env.PGDATABASE]).toEqual(['127.0.0.1', String(port), 'vault', 'vault']);
    try {
      expect(run(['psql', cluster, '-c', 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)']).code).toBe(0);
      expect(run(['psql', cluster, '-Atc', 'SHOW fsync']).stdout.trim()).toBe('on');
      const wrong = new pg.Client({ connectionString: env.PG_CONNECTION_URL!.replace(`:${env.PGPASSWORD!}@`, ':wrong@') });
      wrong.on('error', () => undefined);
      await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
      expect(run(['restart', cluster]).code).toBe(0);
      expect(run(['stop', cluster]).code).toBe(0);
      expect(run(['psql', cluster, '-c', 'SELECT 1']).code).not.toBe(0);
      expect(run(['start', cluster, String(port + 1)]).stderr).toMatch(/listens on port \d+, not \d+/);
      expect(run(['start', cluster, String(port)]).code).toBe(0);
      expect(run(['psql', cluster, '-Atc', 'SELECT v FROM kept']).stdout.trim()).toBe('42');
      const right = new pg.Client({ connectionString: env.PG_CONNECTION_URL });
      right.on('error', () => undefined);
      await right.connect();
      expect((await right.query('SELECT current_user AS u, current_database() AS d')).rows).toEqual([{ u: 'vault', d: 'vault' }]);
      await right.end();
    } finally {
      run(['stop', cluster]);
      rmSync(cluster, { recursive: true, force: true });
    }
  });
});
