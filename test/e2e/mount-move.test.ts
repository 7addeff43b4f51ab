/**
 * `vault secrets move` and `vault auth move` (sys/remount) against a real `vault server -dev`:
 * the mount keeps its uuid, accessor and data at the new path, the old path is gone, the moved
 * auth method's token leases are revoked, and Vault's refusals come back as Vault words them.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { assertBuilt, CLI, tempDir } from '../support/harness.js';

let dev: DevServer;
let dir: string;

const env = () => ({ PATH: process.env.PATH ?? '', HOME: dir, VAULT_ADDR: dev.url, VAULT_TOKEN: dev.rootToken });
const vault = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env: env(), encoding: 'utf8' });

async function api(method: string, path: string, body?: unknown, token = dev.rootToken): Promise<{ status: number; json: any }> {
  const res = await fetch(`${dev.url}/v1/${path}`, { method, headers: { 'X-Vault-Token': token }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  assertBuilt();
  dir = tempDir('tsvault-mount-move-');
  dev = await startDevServer('tsvault-mount-move-dev-');
}, 60_000);

afterAll(async () => {
  await dev?.stop();
});

describe('moving mounts', () => {
  it('vault secrets move keeps the engine (uuid, accessor, data) at the new path', async () => {
    expect((await api('POST', 'sys/mounts/old-kv', { type: 'kv', options: { version: '2' } })).status).toBe(204);
    expect((await api('POST', 'old-kv/data/app', { data: { pw: 's3cret' } })).status).toBe(200);
    const before = (await api('GET', 'sys/mounts')).json.data['old-kv/'];

    const move = vault('secrets', 'move', 'old-kv', 'new-kv/');
    expect(move.stderr).toBe('');
    expect(move.status).toBe(0);
    const lines = move.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Started moving secrets engine old-kv\/ to new-kv\/, with migration ID [0-9a-f-]{36}$/);
    const id = /migration ID (\S+)$/.exec(lines[0]!)![1]!;
    expect(lines.at(-1)).toBe(`Success! Finished moving secrets engine old-kv/ to new-kv/, with migration ID ${id}`);

    const mounts = (await api('GET', 'sys/mounts')).json.data;
    expect(mounts['old-kv/']).toBeUndefined();
    expect(mounts['new-kv/']).toMatchObject({ uuid: before.uuid, accessor: before.accessor, type: 'kv' });
    expect((await api('GET', 'new-kv/data/app')).json.data.data).toEqual({ pw: 's3cret' });
    expect((await api('GET', 'old-kv/data/app')).status).toBe(404);

    const status = await api('GET', `sys/remount/status/${id}`);
    expect(status.json.data).toEqual({ migration_id: id, migration_info: { source_mount: 'old-kv/', target_mount: 'new-kv/', status: 'success' } });
    expect((await api('GET', 'sys/remount/status/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('sys/remount answers with a migration_id and Vault\'s warning; vault auth move revokes the old path\'s token leases', async () => {
    expect((await api('POST', 'sys/auth/up1', { type: 'userpass' })).status).toBe(204);
    expect((await api('POST', 'auth/up1/users/ann', { password: 'pw-ann-1', token_ttl: '1h' })).status).toBe(204);
    const login = await api('POST', 'auth/up1/login/ann', { password: 'pw-ann-1' });
    const token = login.json.auth.client_token as string;
    expect((await api('GET', 'auth/token/lookup-self', undefined, token)).status).toBe(200);

    const move = vault('auth', 'move', 'auth/up1', 'auth/up2');
    expect(move.status).toBe(0);
    expect(move.stdout).toMatch(/^Success! Finished moving auth method auth\/up1\/ to auth\/up2\/, with migration ID [0-9a-f-]{36}$/m);

    expect((await api('GET', 'auth/token/lookup-self', undefined, token)).status).toBe(403);
    expect((await api('POST', 'auth/up2/login/ann', { password: 'pw-ann-1' })).status).toBe(200);
    expect((await api('GET', 'sys/auth')).json.data['up1/']).toBeUndefined();

    const raw = await api('POST', 'sys/remount', { from: 'auth/up2', to: 'auth/up3' });
    expect(raw.status).toBe(200);
    expect(raw.json.data.migration_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw.json.warnings).toEqual([
      "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id",
    ]);
  });

  it("refuses what Vault refuses, with Vault's texts", async () => {
    const refused = async (from: string, to: string) => (await api('POST', 'sys/remount', { from, to })).json?.errors;
    expect(await refused('nowhere/', 'x/')).toEqual(['no matching mount at "nowhere/"']);
    expect(await refused('sys/', 'x/')).toEqual(['cannot remount "sys/"']);
    expect(await refused('identity/', 'x/')).toEqual(['cannot remount "identity/"']);
    expect(await refused('cubbyhole/', 'x/')).toEqual(['cannot remount "cubbyhole/"']);
    expect(await refused('auth/token/', 'auth/t2/')).toEqual(['cannot remount "auth/token/"']);
    expect(await refused('secret/', 'auth/x/')).toEqual(['cannot remount to destination auth/x/']);
    expect(await refused('auth/up3/', 'y/')).toEqual(['cannot remount auth mount to non-auth mount "y/"']);
    expect(await refused('secret/', 'new-kv/')).toEqual(['path already in use at "new-kv/"']);
    expect(await refused('', 'x/')).toEqual(["both 'from' and 'to' path must be specified as a string"]);
    const cli = vault('secrets', 'move', 'nowhere', 'x');
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('Error moving secrets engine nowhere/ to x/: ');
    expect(cli.stderr).toContain('* no matching mount at "nowhere/"');
    expect(vault('secrets', 'move', 'only-one').status).toBe(1);
  });
});
