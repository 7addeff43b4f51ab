/**
 * Bad PostgreSQL settings stop `vault server` with a clear error (issue 11): a wrong password, a
 * missing database, a host that does not resolve, `ha_enabled = "maybe"` (with file:line:col). The
 * password is never printed. The unknown host is resolved in a private network and mount
 * namespace whose name service reads /etc/hosts only, so the test sends no DNS query anywhere.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, runCli, tempDir } from '../support/harness.js';
import { recordSecret } from '../support/leak-check.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
  recordSecret(pg.password);
});

async function config(storage: string): Promise<string> {
  const dir = tempDir('tsvault-badpg-');
  const path = join(dir, 'vault.hcl');
  writeFileSync(path, `storage "postgresql" {\n${storage}\n}\n\nlistener "tcp" {\n  address = "127.0.0.1:${await freePort()}"\n  tls_disable = 1\n}\n`);
  return path;
}

function url(over: { password?: string; host?: string; database?: string }): string {
  return `postgres://${pg.user}:${encodeURIComponent(over.password ?? pg.password)}@${over.host ?? `127.0.0.1:${pg.port}`}/${over.database ?? pg.database}?sslmode=disable`;
}

function serve(path: string) {
  const r = runCli(['server', `-config=${path}`], {});
  return { ...r, all: r.stdout + r.stderr };
}

describe('vault server with bad PostgreSQL settings', () => {
  it('a wrong password: exit 1, says so, never prints either password', async () => {
    const wrong = 'not-the-Password-9981';
    recordSecret(wrong);
    const r = serve(await config(`  connection_url = "${url({ password: wrong })}"\n  ha_enabled = "true"`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/password authentication failed for user "vault"/);
    expect(r.all).not.toContain(wrong);
    expect(r.all).not.toContain(pg.password);
  });

  it('a missing database: exit 1, names it', async () => {
    const r = serve(await config(`  connection_url = "${url({ database: 'nosuchdb' })}"`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/database "nosuchdb" does not exist/);
    expect(r.all).not.toContain(pg.password);
  });

  it('a host that does not resolve: exit 1, names it', async () => {
    const dir = tempDir('tsvault-ns-');
    const nsswitch = join(dir, 'nsswitch.conf');
    writeFileSync(nsswitch, 'hosts: files\n');
    const path = await config(`  connection_url = "${url({ host: 'nosuchhost.invalid:5432' })}"`);
    const script = `mount --bind ${nsswitch} /etc/nsswitch.conf && ip link set lo up && exec "$0" "$@"`;
    const r = spawnSync('unshare', ['-m', '-n', 'sh', '-c', script, process.execPath, CLI, 'server', `-config=${path}`], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
    });
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/nosuchhost\.invalid/);
    expect(r.stderr).toMatch(/ENOTFOUND|not known|does not resolve/i);
    expect(r.stdout + r.stderr).not.toContain(pg.password);
  });

  it('ha_enabled = "maybe": exit 1 with the file, line and column', async () => {
    const path = await config(`  connection_url = "${url({})}"\n  ha_enabled = "maybe"`);
    const r = serve(path);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error loading configuration: ${path.replace(/[.]/g, '\\.')}:3:\\d+: .*ha_enabled`, 'm'));
    expect(r.all).not.toContain(pg.password);
  });
});
