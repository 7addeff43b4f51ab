/**
 * `sudo` on the paths Vault marks as root-protected (PathsSpecial.Root of the system backend and of
 * the token store, vault/logical_system.go and vault/token_store.go), through HTTP and the CLI of a
 * real server: a token with every other capability is refused, one with sudo is let through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENIED, PolicyServer } from '../../support/policy-server.js';

/** Vault's system backend PathsSpecial.Root, copied from Vault's source list (not from src/). */
const VAULT_SYS_ROOT = [
  'auth/*', 'remount', 'audit', 'audit/*', 'raw', 'raw/*', 'replication/primary/secondary-token',
  'replication/performance/primary/secondary-token', 'replication/dr/primary/secondary-token',
  'replication/reindex', 'replication/dr/reindex', 'replication/performance/reindex', 'rotate',
  'config/cors', 'config/auditing/*', 'config/ui/headers/*', 'plugins/catalog/*', 'revoke-prefix/*',
  'revoke-force/*', 'leases/revoke-prefix/*', 'leases/revoke-force/*', 'leases/lookup/*',
  'storage/raft/snapshot-auto/config/*', 'leases', 'internal/inspect/*',
];
const ALL_BUT_SUDO = '["create", "read", "update", "delete", "list", "patch"]';

let s: PolicyServer;
let noSudo = '';
let withSudo = '';

beforeAll(async () => {
  s = await PolicyServer.start();
  noSudo = s.tokenWith('everything-but-sudo', `path "sys/*" { capabilities = ${ALL_BUT_SUDO} }\npath "auth/token/*" { capabilities = ${ALL_BUT_SUDO} }\n`);
  const sudo = ALL_BUT_SUDO.replace(']', ', "sudo"]');
  withSudo = s.tokenWith('everything-with-sudo', `path "sys/*" { capabilities = ${sudo} }\npath "auth/token/*" { capabilities = ${sudo} }\n`);
});
afterAll(async () => {
  await s?.stop();
});

describe("the system backend's root paths", () => {
  const concrete = VAULT_SYS_ROOT.map((p) => `sys/${p.replace(/\*$/, 'x')}`);

  it.each(concrete)('%s: refused without sudo, let past the ACL with it', async (path) => {
    expect(await s.call('POST', path, noSudo, {})).toEqual(DENIED);
    if (path !== 'sys/rotate') expect(await s.call('GET', path, noSudo)).toEqual(DENIED);
    const sudoAnswer = path === 'sys/rotate' ? await s.call('POST', path, withSudo, {}) : await s.call('GET', path, withSudo);
    expect(sudoAnswer.status).not.toBe(403);
  });

  it('sys/rotate with sudo installs a new keyring term', async () => {
    const term = async () => (await s.call('GET', 'sys/key-status', s.root)).body.term as number;
    const before = await term();
    expect(await s.call('POST', 'sys/rotate', noSudo, {})).toEqual(DENIED);
    expect(await term()).toBe(before);
    expect((await s.call('POST', 'sys/rotate', withSudo, {})).status).toBe(204);
    expect(await term()).toBe(before + 1);
  });

  it('sys/key-status needs read on it (and no sudo)', async () => {
    const other = s.tokenWith('kv-only', 'path "secret/*" { capabilities = ["read"] }\n');
    expect(await s.call('GET', 'sys/key-status', other)).toEqual(DENIED);
    expect((await s.call('GET', 'sys/key-status', noSudo)).status).toBe(200);
  });
});

describe("the token store's root paths", () => {
  it('listing accessors needs sudo (HTTP and CLI)', async () => {
    expect(await s.call('GET', 'auth/token/accessors?list=true', noSudo)).toEqual(DENIED);
    const listed = await s.call('GET', 'auth/token/accessors?list=true', withSudo);
    expect(listed.status).toBe(200);
    expect((listed.body.data as { keys: string[] }).keys.length).toBeGreaterThanOrEqual(3);
    const cli = s.vault(['list', 'auth/token/accessors'], noSudo);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('permission denied');
    expect(s.vault(['list', 'auth/token/accessors'], withSudo).code).toBe(0);
  });

  it('revoke-orphan needs sudo (router and handler), and then keeps the children', async () => {
    const parent = s.tokenWith('parent', 'path "auth/token/create" { capabilities = ["update"] }\n');
    const child = s.vault(['token', 'create', '-policy=default', '-field=token'], parent).stdout.trim();
    // Vault's router protects only revoke-orphan/<token>; the body form checks sudo in the handler.
    expect(await s.call('POST', 'auth/token/revoke-orphan', noSudo, { token: parent })).toEqual({
      status: 400,
      body: { errors: ['root or sudo privileges required to revoke and orphan'] },
    });
    expect(await s.call('POST', `auth/token/revoke-orphan/${parent}`, noSudo, {})).toEqual(DENIED);
    expect((await s.call('GET', 'auth/token/lookup-self', parent)).status).toBe(200);
    expect((await s.call('POST', 'auth/token/revoke-orphan', withSudo, { token: parent })).status).toBe(204);
    expect((await s.call('GET', 'auth/token/lookup-self', parent)).status).toBe(403);
    expect((await s.call('GET', 'auth/token/lookup-self', child)).status).toBe(200);
  });

  it('an orphan from auth/token/create (no_parent) needs sudo', async () => {
    const refused = await s.call('POST', 'auth/token/create', noSudo, { no_parent: true, policies: ['default'] });
    expect(refused).toEqual({ status: 400, body: { errors: ['root or sudo privileges required to create orphan token'] } });
    const made = await s.call('POST', 'auth/token/create', withSudo, { no_parent: true, policies: ['default'] });
    expect(made.status).toBe(200);
    expect((made.body.auth as { orphan: boolean }).orphan).toBe(true);
  });
});

describe('sys/seal', () => {
  it('needs sudo on sys/seal (RootPrivsRequired), then seals', async () => {
    expect(await s.call('POST', 'sys/seal', noSudo)).toEqual(DENIED);
    expect(s.vault(['operator', 'seal'], noSudo).code).toBe(2);
    expect((await s.call('GET', 'sys/seal-status', '')).body.sealed).toBe(false);
    const sealed = s.vault(['operator', 'seal'], withSudo);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect((await s.call('GET', 'sys/seal-status', '')).body.sealed).toBe(true);
    s.unseal();
  });
});
