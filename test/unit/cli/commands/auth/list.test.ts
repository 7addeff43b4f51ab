import { describe, expect, it } from 'vitest';
import { SYS_AUTH } from '../../auth-fixtures.js';
import { runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({ 'GET /v1/sys/auth': { body: SYS_AUTH } });

describe('vault auth list', () => {
  it('prints Path/Type/Accessor/Description/Version sorted by path, empty cells as n/a', async () => {
    const r = await runVault(vault, ['auth', 'list']);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: `Path         Type        Accessor                  Description                Version
----         ----        --------                  -----------                -------
token/       token       auth_token_b2166f9e       token based credentials    n/a
userpass/    userpass    auth_userpass_eea6507e    n/a                        n/a
`,
    });
    expect(vault.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /v1/sys/auth']);
  });

  it('-detailed prints Vault\'s sixteen columns', async () => {
    const lines = (await runVault(vault, ['auth', 'list', '-detailed'])).out.split('\n');
    expect(lines[0]).toBe(
      'Path         Plugin      Accessor                  Default TTL    Max TTL    Token Type         Replication    ' +
        'Seal Wrap    External Entropy Access    Options           Description                UUID' +
        '                                    Version    Running Version          Running SHA256    Deprecation Status',
    );
    expect(lines[2]).toBe(
      'token/       token       auth_token_b2166f9e       system         system     default-service    replicated     ' +
        'false        false                      map[]             token based credentials    8a1a6b5c-2c3d-7f0e-1d2c-3b4a5f6e7d8c' +
        '    n/a        v1.15.0+builtin.vault    n/a               n/a',
    );
    expect(lines[3]).toBe(
      'userpass/    userpass    auth_userpass_eea6507e    system         2764800    default-service    local          ' +
        'false        false                      map[version:1]    n/a                        4c5d6e7f-8a9b-0c1d-2e3f-4a5b6c7d8e9f' +
        '    n/a        v1.15.0+builtin.vault    n/a               supported',
    );
  });

  it('-format=json prints the mounts as Vault\'s MountOutput structs', async () => {
    const r = await runVault(vault, ['auth', 'list', '-format=json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as Record<string, Record<string, unknown>>;
    expect(Object.keys(parsed)).toEqual(['token/', 'userpass/']);
    expect(Object.keys(parsed['userpass/'] ?? {})).toEqual([
      'uuid',
      'type',
      'description',
      'accessor',
      'config',
      'options',
      'local',
      'seal_wrap',
      'external_entropy_access',
      'plugin_version',
      'running_plugin_version',
      'running_sha256',
      'deprecation_status',
    ]);
    expect(parsed['userpass/']?.['config']).toEqual({
      default_lease_ttl: 0,
      max_lease_ttl: 2764800,
      force_no_cache: false,
      token_type: 'default-service',
    });
  });

  it('a failed listing is "Error listing enabled authentications: …", exit 2; arguments exit 1', async () => {
    vault.on('GET /v1/sys/auth', { status: 403, body: { errors: ['permission denied'] } });
    expect(await runVault(vault, ['auth', 'list'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error listing enabled authentications: Error making API request.\n\n' +
        `URL: GET ${vault.address}/v1/sys/auth\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    });
    expect(await runVault(vault, ['auth', 'list', 'extra'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 0, got 1)\n',
    });
  });
});
