/**
 * AppRole and userpass typed as a user would, against a `vault server -dev`: enabling the methods,
 * a role with a response-wrapped secret ID, logins, a templated policy per user, the leases of the
 * login tokens, and the bad input a user meets (Vault's status and error text for each).
 *
 * The root commands use the token that -dev leaves in the token helper (HOME/.vault-token); the
 * userpass user logs in with a HOME of her own, so her token helper is hers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { tempDir, type CliResult } from '../support/harness.js';
import { recordSecret } from '../support/leak-check.js';

const KV_PASSWORD = 'kv-db-password-5d2c8a71';
const ALICE_PASSWORD = 'alice-password-0f9e3b62';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^hvs\.[0-9A-Za-z]{24}$/;
const APP_POLICY = 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AppRole, userpass, wrapping and leases typed as a user', () => {
  let dev: DevServer;
  const aliceHome = tempDir('tsvault-alice-');
  let roleId = '';
  let appToken = '';
  let aliceToken = '';

  /** As the operator: the dev root token from the token helper. */
  const vault = (args: string[], input?: string): CliResult => dev.server.vault(args, input);
  const withToken = (token: string, args: string[]): CliResult => dev.server.vault(args, undefined, { VAULT_TOKEN: token });
  const asAlice = (args: string[]): CliResult => dev.server.vault(args, undefined, { HOME: aliceHome });
  /** Vault's CLI error for a failed API call (api.ResponseError behind the command's own words). */
  const apiError = (what: string, method: string, path: string, status: number, message: string): string =>
    `${what}: Error making API request.\n\nURL: ${method} ${dev.url}/v1/${path}\nCode: ${status}. Errors:\n\n* ${message}\n`;
  const ok = (r: CliResult): CliResult => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  const newSecretId = (role: string): string => {
    const id = ok(vault(['write', '-f', '-field=secret_id', `auth/approle/role/${role}/secret-id`])).stdout;
    recordSecret(id);
    expect(id).toMatch(UUID);
    return id;
  };
  const readRoleId = (role: string): string => {
    const id = ok(vault(['read', '-field=role_id', `auth/approle/role/${role}/role-id`])).stdout;
    recordSecret(id);
    return id;
  };
  const approleLogin = (rid: string, sid: string): CliResult => vault(['write', '-field=token', 'auth/approle/login', `role_id=${rid}`, `secret_id=${sid}`]);

  beforeAll(async () => {
    dev = await startDevServer('tsvault-auth-e2e-');
    recordSecret(KV_PASSWORD, ALICE_PASSWORD);
  });
  afterAll(async () => {
    await dev?.stop();
  });

  describe('AppRole', () => {
    it('vault auth enable approle, a policy for the app, its secrets', () => {
      expect(ok(vault(['auth', 'enable', 'approle'])).stdout).toBe('Success! Enabled approle auth method at: approle/\n');
      expect(ok(vault(['policy', 'write', 'app', '-'], APP_POLICY)).stdout).toBe('Success! Uploaded policy: app\n');
      ok(vault(['kv', 'put', 'secret/app/db', `password=${KV_PASSWORD}`]));
      ok(vault(['kv', 'put', 'secret/other/x', 'a=1']));
    });

    it('a role, its role ID, a secret ID wrapped for 60 s and unwrapped, a login', () => {
      expect(ok(vault(['write', 'auth/approle/role/app', 'token_policies=app'])).stdout).toBe('Success! Data written to: auth/approle/role/app\n');
      roleId = readRoleId('app');
      // -field prints the bare value, with no newline, for piping.
      expect(roleId).toMatch(UUID);

      const wrappingToken = ok(vault(['write', '-wrap-ttl=60s', '-f', '-field=wrapping_token', 'auth/approle/role/app/secret-id'])).stdout;
      recordSecret(wrappingToken);
      expect(wrappingToken).toMatch(TOKEN);
      const secretId = ok(vault(['unwrap', '-field=secret_id', wrappingToken])).stdout;
      recordSecret(secretId);
      expect(secretId).toMatch(UUID);

      appToken = ok(approleLogin(roleId, secretId)).stdout;
      recordSecret(appToken);
      expect(appToken).toMatch(TOKEN);

      // A wrapping token is good once.
      const again = vault(['unwrap', wrappingToken]);
      expect(again.code).toBe(2);
      expect(again.stderr).toBe(apiError('Error unwrapping', 'PUT', 'sys/wrapping/unwrap', 400, 'wrapping token is not valid or does not exist'));
    });

    it('without -field, a wrapped answer shows the wrapping token table', () => {
      const r = ok(vault(['write', '-wrap-ttl=5m', '-f', 'auth/approle/role/app/secret-id']));
      const rows = r.stdout.trimEnd().split('\n');
      expect(rows[0]).toMatch(/^Key +Value$/);
      expect(rows[1]).toMatch(/^--- +-----$/);
      expect(rows.slice(2).map((l) => l.split(/\s+/)[0])).toEqual([
        'wrapping_token:',
        'wrapping_accessor:',
        'wrapping_token_ttl:',
        'wrapping_token_creation_time:',
        'wrapping_token_creation_path:',
      ]);
      expect(r.stdout).toMatch(/^wrapping_token: +hvs\.[0-9A-Za-z]{24}$/m);
      expect(r.stdout).toMatch(/^wrapping_token_ttl: +5m$/m);
      expect(r.stdout).toMatch(/^wrapping_token_creation_path: +auth\/approle\/role\/app\/secret-id$/m);
    });

    it("the AppRole token reads the app's secrets and is denied the rest (exit 2, 403)", () => {
      const got = ok(withToken(appToken, ['kv', 'get', 'secret/app/db']));
      expect(got.stdout).toMatch(new RegExp(`^password +${KV_PASSWORD}$`, 'm'));
      expect(ok(withToken(appToken, ['kv', 'get', '-field=password', 'secret/app/db'])).stdout).toBe(KV_PASSWORD);
      const denied = withToken(appToken, ['kv', 'get', 'secret/other/x']);
      expect(denied.code).toBe(2);
      expect(denied.stdout).toBe('');
      expect(denied.stderr).toContain('Code: 403. Errors:');
      expect(denied.stderr).toContain('* permission denied');
    });
  });

  describe('userpass with a templated policy', () => {
    let accessor = '';

    it('vault auth enable userpass; the accessor from vault auth list -format=json', () => {
      expect(ok(vault(['auth', 'enable', 'userpass'])).stdout).toBe('Success! Enabled userpass auth method at: userpass/\n');
      const list = JSON.parse(ok(vault(['auth', 'list', '-format=json'])).stdout) as Record<string, { type: string; accessor: string }>;
      expect(Object.keys(list).sort()).toEqual(['approle/', 'token/', 'userpass/']);
      expect(list['userpass/']!.type).toBe('userpass');
      accessor = list['userpass/']!.accessor;
      expect(accessor).toMatch(/^auth_userpass_[0-9a-f]{8}$/);
      const policy = `path "secret/data/{{identity.entity.aliases.${accessor}.name}}/*" {\n  capabilities = ["create", "read", "update"]\n}\n`;
      expect(ok(vault(['policy', 'write', 'self', '-'], policy)).stdout).toBe('Success! Uploaded policy: self\n');
      expect(ok(vault(['write', 'auth/userpass/users/alice', `password=${ALICE_PASSWORD}`, 'token_policies=self'])).stdout).toBe(
        'Success! Data written to: auth/userpass/users/alice\n',
      );
    });

    it('vault login -method=userpass stores her token in her token helper', () => {
      const r = ok(asAlice(['login', '-method=userpass', 'username=alice', `password=${ALICE_PASSWORD}`]));
      expect(r.stdout).toMatch(/^Success! You are now authenticated\. The token information displayed below\n/);
      aliceToken = /^token +(\S+)$/m.exec(r.stdout)?.[1] ?? '';
      recordSecret(aliceToken);
      expect(aliceToken).toMatch(TOKEN);
      expect(r.stdout).toMatch(/^token_policies +\["default" "self"\]$/m);
      expect(r.stdout).toMatch(/^token_meta_username +alice$/m);
      expect(r.stdout).toMatch(/^token_duration +768h$/m);
      expect(readFileSync(join(aliceHome, '.vault-token'), 'utf8')).toBe(aliceToken);
    });

    it('her templated policy lets her write and read under secret/alice/ (the API path, no preflight)', () => {
      const put = dev.server.vault(['write', 'secret/data/alice/y', '-'], '{"data":{"b":"2"}}', { HOME: aliceHome });
      expect(put.stderr).toBe('');
      expect(put.code).toBe(0);
      const got = ok(asAlice(['read', '-format=json', 'secret/data/alice/y']));
      expect((JSON.parse(got.stdout) as { data: { data: unknown } }).data.data).toEqual({ b: '2' });
      const bob = dev.server.vault(['write', 'secret/data/bob/y', '-'], '{"data":{"b":"2"}}', { HOME: aliceHome });
      expect(bob.code).toBe(2);
      expect(bob.stderr).toContain('Code: 403. Errors:');
      expect(bob.stderr).toContain('* permission denied');
    });

    it('vault kv put/get under secret/alice/ works for her, secret/bob/ is denied (403)', () => {
      ok(asAlice(['kv', 'put', 'secret/alice/x', 'a=1']));
      expect(ok(asAlice(['kv', 'get', '-field=a', 'secret/alice/x'])).stdout).toBe('1');
      const bob = asAlice(['kv', 'put', 'secret/bob/x', 'a=1']);
      expect(bob.code).toBe(2);
      expect(bob.stderr).toContain('Code: 403. Errors:');
      expect(bob.stderr).toContain('* permission denied');
    });
  });

  describe('bad input: Vault\'s status and words', () => {
    it('a wrong secret ID: 400 invalid role or secret ID', () => {
      const r = approleLogin(roleId, '00000000-0000-4000-8000-000000000000');
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(apiError('Error writing data to auth/approle/login', 'PUT', 'auth/approle/login', 400, 'invalid role or secret ID'));
    });

    it('a secret ID past secret_id_num_uses=1: the second login fails', () => {
      ok(vault(['write', 'auth/approle/role/once', 'token_policies=app', 'secret_id_num_uses=1']));
      const rid = readRoleId('once');
      const sid = newSecretId('once');
      const first = ok(approleLogin(rid, sid)).stdout;
      recordSecret(first);
      expect(first).toMatch(TOKEN);
      const second = approleLogin(rid, sid);
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(apiError('Error writing data to auth/approle/login', 'PUT', 'auth/approle/login', 400, 'invalid role or secret ID'));
    });

    it('an expired secret ID (secret_id_ttl=2s, 3 s later) is refused', async () => {
      ok(vault(['write', 'auth/approle/role/brief', 'token_policies=app', 'secret_id_ttl=2s']));
      const rid = readRoleId('brief');
      const sid = newSecretId('brief');
      await sleep(3000);
      const r = approleLogin(rid, sid);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(apiError('Error writing data to auth/approle/login', 'PUT', 'auth/approle/login', 400, 'invalid role or secret ID'));
    });

    it('a login from outside secret_id_bound_cidrs=10.0.0.0/8 (the client is 127.0.0.1)', () => {
      ok(vault(['write', 'auth/approle/role/fenced', 'token_policies=app', 'secret_id_bound_cidrs=10.0.0.0/8']));
      const rid = readRoleId('fenced');
      const sid = newSecretId('fenced');
      const r = approleLogin(rid, sid);
      expect(r.code).toBe(2);
      // Vault formats a nil error with %w: Go prints it as %!w(<nil>).
      expect(r.stderr).toBe(
        apiError(
          'Error writing data to auth/approle/login',
          'PUT',
          'auth/approle/login',
          400,
          'source address "127.0.0.1" unauthorized by CIDR restrictions on the role: %!w(<nil>)',
        ),
      );
    });

    it('a wrong password and an unknown user get the same answer, both after a bcrypt compare', async () => {
      for (const [user, password] of [
        ['alice', 'not-her-password'],
        ['nobody', ALICE_PASSWORD],
      ] as const) {
        const home = tempDir('tsvault-nobody-');
        const r = dev.server.vault(['login', '-method=userpass', `username=${user}`, `password=${password}`], undefined, { HOME: home });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(apiError('Error authenticating', 'PUT', `auth/userpass/login/${user}`, 400, 'invalid username or password'));
      }
      // Timed over HTTP, the CLI's start-up left out: the median of 5 tries each, interleaved.
      const time = async (user: string): Promise<number> => {
        const started = performance.now();
        const res = await fetch(`${dev.url}/v1/auth/userpass/login/${user}`, { method: 'POST', body: JSON.stringify({ password: 'not-her-password' }) });
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ errors: ['invalid username or password'] });
        return performance.now() - started;
      };
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        wrong.push(await time('alice'));
        unknown.push(await time('nobody'));
      }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[2]!;
      const [w, u] = [median(wrong), median(unknown)];
      process.stdout.write(`userpass login refusal, median of 5: wrong password ${w.toFixed(1)} ms, unknown user ${u.toFixed(1)} ms\n`);
      expect(w).toBeGreaterThan(20);
      expect(u).toBeGreaterThan(20);
      expect(Math.max(w, u) / Math.min(w, u)).toBeLessThan(3);
    });

    it('a wrapping token past its TTL (-wrap-ttl=1s, 2 s later) cannot be unwrapped', async () => {
      const wrappingToken = ok(vault(['write', '-wrap-ttl=1s', '-f', '-field=wrapping_token', 'auth/approle/role/app/secret-id'])).stdout;
      recordSecret(wrappingToken);
      expect(wrappingToken).toMatch(TOKEN);
      await sleep(2000);
      const r = vault(['unwrap', wrappingToken]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(apiError('Error unwrapping', 'PUT', 'sys/wrapping/unwrap', 400, 'wrapping token is not valid or does not exist'));
    });
  });

  describe('leases of login tokens', () => {
    let leaseId = '';

    it('vault list sys/leases/lookup/… finds her lease; vault lease lookup shows it', () => {
      const keys = JSON.parse(ok(vault(['list', '-format=json', 'sys/leases/lookup/auth/userpass/login/alice/'])).stdout) as string[];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^h[0-9a-f]+$/);
      leaseId = `auth/userpass/login/alice/${keys[0]}`;
      const r = ok(vault(['lease', 'lookup', leaseId]));
      const rows = r.stdout.trimEnd().split('\n');
      expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['Key', '---', 'expire_time', 'id', 'issue_time', 'last_renewal', 'renewable', 'ttl']);
      expect(r.stdout).toContain(`\nid              ${leaseId}\n`);
      expect(r.stdout).toMatch(/^last_renewal +<nil>$/m);
      expect(r.stdout).toMatch(/^renewable +true$/m);
      expect(r.stdout).toMatch(/^ttl +76\dh\d+m\d+s$/m);
    });

    it('vault lease renew of a token lease is refused as in Vault', () => {
      const r = vault(['lease', 'renew', leaseId]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(apiError(`Error renewing ${leaseId}`, 'PUT', 'sys/leases/renew', 400, 'tokens cannot be renewed through this endpoint'));
    });

    it('vault lease revoke -prefix auth/userpass/ revokes her token; the AppRole token lives on', async () => {
      expect(ok(asAlice(['token', 'lookup'])).stdout).toMatch(/^path +auth\/userpass\/login\/alice$/m);
      expect(ok(vault(['lease', 'revoke', '-prefix', 'auth/userpass/'])).stdout).toBe('All revocation operations queued successfully!\n');
      // Vault queues the revocation: allow it a moment.
      let r = asAlice(['token', 'lookup']);
      for (let i = 0; i < 20 && r.code === 0; i++) {
        await sleep(250);
        r = asAlice(['token', 'lookup']);
      }
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Code: 403. Errors:');
      expect(r.stderr).toContain('* permission denied');
      const lookup = vault(['lease', 'lookup', leaseId]);
      expect(lookup.code).toBe(2);
      expect(lookup.stderr).toContain('* invalid lease');
      ok(withToken(appToken, ['kv', 'get', 'secret/app/db']));
    });
  });
});
