import { describe, expect, it } from 'vitest';
import { SYS_AUTH, SYS_AUTH_APPROLE } from '../../auth-fixtures.js';
import { runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({ 'GET /v1/sys/auth': { body: SYS_AUTH } });

describe('vault auth help', () => {
  it('a TYPE with a login handler prints its help without asking the server', async () => {
    const r = await runVault(vault, ['auth', 'help', 'userpass']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Usage: vault login -method=userpass \[CONFIG K=V\.\.\.\]\n\n {2}The userpass auth method/);
    expect(r.out).toContain('  username=<string>\n      Username to use for authentication.\n');
    expect(vault.requests).toEqual([]);
    expect((await runVault(vault, ['auth', 'help', 'token'])).out).toMatch(/^Usage: vault login TOKEN \[CONFIG K=V\.\.\.\]\n/);
    expect((await runVault(vault, ['auth', 'help', 'ldap'])).out).toMatch(/^Usage: vault login -method=ldap /);
  });

  it('a PATH is looked up in sys/auth and its type\'s help printed', async () => {
    vault.on('GET /v1/sys/auth', {
      body: { data: { 'my-up/': { type: 'userpass', accessor: 'a', config: {}, options: null } } },
    });
    const r = await runVault(vault, ['auth', 'help', 'my-up']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: vault login -method=userpass/);
    expect(vault.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /v1/sys/auth']);
  });

  it('no such path: exit 1; a mounted type without a CLI handler (approle): exit 2', async () => {
    expect(await runVault(vault, ['auth', 'help', 'approle'])).toEqual({
      code: 1,
      out: '',
      err: 'No auth method available on the server at "approle/"\n',
    });
    vault.on('GET /v1/sys/auth', { body: SYS_AUTH_APPROLE });
    expect(await runVault(vault, ['auth', 'help', 'approle/'])).toEqual({
      code: 2,
      out: '',
      err: 'No method-specific CLI handler available for auth method "approle/"\n',
    });
  });

  it('a failed listing is "Error listing auth methods: …", exit 2', async () => {
    vault.on('GET /v1/sys/auth', { status: 403, body: { errors: ['permission denied'] } });
    const r = await runVault(vault, ['auth', 'help', 'github']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error listing auth methods: Error making API request\.\n/);
  });
});
