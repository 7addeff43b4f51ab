import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USERPASS_LOGIN, USERPASS_TABLE, WRAPPED_TABLE, wrapped } from '../auth-fixtures.js';
import { requestLines, runVault, useFakeVault } from '../support.js';

const TOKEN = (USERPASS_LOGIN['auth'] as { client_token: string }).client_token;
const SUCCESS =
  'Success! You are now authenticated. The token information displayed below\n' +
  'is already stored in the token helper. You do NOT need to run "vault login"\n' +
  'again. Future Vault requests will automatically use this token.\n\n';

const { vault, home } = useFakeVault({
  'PUT /v1/auth/userpass/login/alice': { body: USERPASS_LOGIN },
  'PUT /v1/auth/my-up/login/alice': { body: USERPASS_LOGIN },
  'PUT /v1/auth/radius/login/bob': { body: USERPASS_LOGIN },
  'PUT /v1/auth/ldap/login/sally': { body: USERPASS_LOGIN },
});

/** `vault login …` with no VAULT_TOKEN, the temporary home, and optional stdin/env. */
function login(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runVault(vault, ['login', ...args], { home: home.dir, stdin: options.stdin, env: { VAULT_TOKEN: '', ...options.env } });
}

const tokenFile = (): string => join(home.dir, '.vault-token');

describe('vault login -method=userpass (and the other username/password methods)', () => {
  it('PUTs the password to auth/userpass/login/<user> without the CLI\'s token, stores and prints the token', async () => {
    await writeFile(tokenFile(), 'hvs.previous');
    const r = await login(['-method=userpass', 'username=alice', 'password=pw']);
    expect(r).toEqual({ code: 0, out: SUCCESS + USERPASS_TABLE, err: '' });
    expect(requestLines(vault)).toEqual(['PUT /v1/auth/userpass/login/alice {"password":"pw"}']);
    expect(vault.requests[0]?.headers['x-vault-token']).toBeUndefined();
    expect(await readFile(tokenFile(), 'utf8')).toBe(TOKEN);
  });

  it('prompts for a missing password on stderr and reads it from stdin', async () => {
    const r = await login(['-method=userpass', 'username=alice'], { stdin: 'typed-pw\n' });
    expect(r.err).toBe('Password (will be hidden): \n');
    expect(r.code).toBe(0);
    expect(vault.requests[0]?.json).toEqual({ password: 'typed-pw' });
  });

  it('-path names the mount; MFA method and passcode go along (keys sorted as Go sends a map)', async () => {
    const r = await login(['-method=userpass', '-path=my-up', 'username=alice', 'password=pw', 'passcode=123', 'method=totp']);
    expect(r.code).toBe(0);
    expect(requestLines(vault)).toEqual(['PUT /v1/auth/my-up/login/alice {"method":"totp","passcode":"123","password":"pw"}']);
  });

  it('radius uses the userpass handler at radius/; ldap takes the username from USER', async () => {
    expect((await login(['-method=radius', 'username=bob', 'password=pw'])).code).toBe(0);
    expect((await login(['-method=ldap', 'password=pw'], { env: { USER: 'sally', LOGNAME: '' } })).code).toBe(0);
    expect(requestLines(vault)).toEqual([
      'PUT /v1/auth/radius/login/bob {"password":"pw"}',
      'PUT /v1/auth/ldap/login/sally {"password":"pw"}',
    ]);
    expect(await login(['-method=ldap', 'password=pw'], { env: { USER: '', LOGNAME: '' } })).toEqual({
      code: 2,
      out: '',
      err: "Error authenticating: 'username' not supplied and neither 'LOGNAME' nor 'USER' env vars set\n",
    });
  });

  it('no username, or refused credentials: "Error authenticating: …", exit 2, nothing stored', async () => {
    expect(await login(['-method=userpass', 'password=pw'])).toEqual({
      code: 2,
      out: '',
      err: "Error authenticating: 'username' must be specified\n",
    });
    vault.on('PUT /v1/auth/userpass/login/alice', { status: 400, body: { errors: ['invalid username or password'] } });
    expect(await login(['-method=userpass', 'username=alice', 'password=bad'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error authenticating: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/auth/userpass/login/alice\n` +
        'Code: 400. Errors:\n\n* invalid username or password\n',
    });
    await expect(stat(tokenFile())).rejects.toThrow();
  });

  it('-token-only prints the bare token and stores nothing; -format=json prints the secret', async () => {
    const only = await login(['-method=userpass', '-token-only', 'username=alice', 'password=pw']);
    expect(only).toEqual({ code: 0, out: TOKEN, err: '' });
    await expect(stat(tokenFile())).rejects.toThrow();
    const json = await login(['-method=userpass', '-format=json', 'username=alice', 'password=pw']);
    expect(JSON.parse(json.out)).toMatchObject({
      auth: { client_token: TOKEN, metadata: { username: 'alice' }, lease_duration: 2764800, orphan: true },
    });
  });

  it('a wrapped login (-wrap-ttl) is unwrapped with the wrapping token, unwrapping itself not wrapped', async () => {
    const wrap = wrapped({ creation_path: 'auth/userpass/login/alice', wrapped_accessor: '0e9e354a-520f-df04-6867-ee81cae3d42d' });
    vault.on('PUT /v1/auth/userpass/login/alice', { body: wrap });
    vault.on('PUT /v1/sys/wrapping/unwrap', { body: USERPASS_LOGIN });
    const r = await login(['-method=userpass', '-wrap-ttl=5m', 'username=alice', 'password=pw']);
    expect(r).toEqual({ code: 0, out: SUCCESS + USERPASS_TABLE, err: '' });
    const wrappingToken = (wrap['wrap_info'] as { token: string }).token;
    expect(vault.requests.map((q) => [q.path, q.headers['x-vault-wrap-ttl'], q.headers['x-vault-token'], q.body])).toEqual([
      ['/v1/auth/userpass/login/alice', '5m0s', undefined, '{"password":"pw"}'],
      ['/v1/sys/wrapping/unwrap', undefined, wrappingToken, 'null'],
    ]);
    expect(await readFile(tokenFile(), 'utf8')).toBe(TOKEN);
  });

  it('wrapped with -token-only prints the wrapping token; with -no-store the wrap table; without a token: error', async () => {
    const wrap = wrapped({ wrapped_accessor: 'acc' });
    vault.on('PUT /v1/auth/userpass/login/alice', { body: wrap });
    const args = ['-method=userpass', '-wrap-ttl=5m', 'username=alice', 'password=pw'];
    expect(await login(['-token-only', ...args])).toEqual({
      code: 0,
      out: (wrap['wrap_info'] as { token: string }).token,
      err: '',
    });
    expect(await login(['-no-store', ...args])).toEqual({
      code: 0,
      out: WRAPPED_TABLE.replace('secret/data/foo\n', 'secret/data/foo\nwrapped_accessor:                acc\n'),
      err: '',
    });
    expect(vault.requests.every((q) => q.path !== '/v1/sys/wrapping/unwrap')).toBe(true);
    vault.on('PUT /v1/auth/userpass/login/alice', { body: wrapped() });
    expect(await login(args)).toEqual({
      code: 2,
      out: '',
      err: 'Error extracting token: wrapped response does not contain a token\n',
    });
  });
});

describe('vault write auth/<path>/login/<user>', () => {
  it('prints the login\'s auth block as Vault prints a secret with auth', async () => {
    const r = await runVault(vault, ['write', 'auth/userpass/login/alice', 'password=pw']);
    expect(r).toEqual({ code: 0, out: USERPASS_TABLE, err: '' });
    expect(requestLines(vault)).toEqual(['PUT /v1/auth/userpass/login/alice {"password":"pw"}']);
  });
});

describe('vault login with an MFA challenge', () => {
  it('prints the challenge, stores nothing and exits 2 (tsvault does not validate MFA logins)', async () => {
    await writeFile(tokenFile(), 'hvs.previous');
    vault.on('PUT /v1/auth/userpass/login/alice', {
      body: {
        request_id: 'e9b1f0c2',
        warnings: ['A login request was issued that is subject to MFA validation.'],
        auth: { client_token: '', policies: ['default'], mfa_requirement: { mfa_request_id: 'd0c9eec7', mfa_constraints: {} } },
      },
    });
    const r = await login(['-method=userpass', 'username=alice', 'password=pw']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('Key               Value\n---               -----\nmfa_request_id    d0c9eec7\n');
    expect(r.err).toContain('Error authenticating: login MFA validation is not supported by this CLI\n');
    expect(await readFile(tokenFile(), 'utf8')).toBe('hvs.previous');
  });
});
