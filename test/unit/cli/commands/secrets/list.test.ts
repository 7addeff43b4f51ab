import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { SYS_MOUNTS } from '../../vault-fixtures.js';

const { vault } = useFakeVault();

describe('vault secrets list', () => {
  it('prints Path/Type/Accessor/Description sorted by path (the docs layout)', async () => {
    vault.on('GET /v1/sys/mounts', { body: SYS_MOUNTS });
    const r = await runVault(vault, ['secrets', 'list']);
    expect(r.out).toBe(
      `Path          Type         Accessor              Description
----          ----         --------              -----------
cubbyhole/    cubbyhole    cubbyhole_548b4dc5    per-token private secret storage
secret/       kv           kv_0e58e5e3           key/value secret storage
sys/          system       system_547412e3       system endpoints used for control, policy and debugging
`,
    );
    expect(r.code).toBe(0);
  });

  it('-detailed prints Vault\'s sixteen columns', async () => {
    vault.on('GET /v1/sys/mounts', { body: SYS_MOUNTS });
    const lines = (await runVault(vault, ['secrets', 'list', '-detailed'])).out.split('\n');
    expect(lines[0]).toBe(
      'Path          Plugin       Accessor              Default TTL    Max TTL    Force No Cache    Replication    ' +
        'Seal Wrap    External Entropy Access    Options           Description                                                ' +
        'UUID                                    Version    Running Version          Running SHA256    Deprecation Status',
    );
    expect(lines[2]).toBe(
      'cubbyhole/    cubbyhole    cubbyhole_548b4dc5    n/a            n/a        false             local          ' +
        'false        false                      map[]             per-token private secret storage                           ' +
        '8c64d56b-9d46-d667-1155-a8c1a83a5d01    n/a        v1.15.0+builtin.vault    n/a               n/a',
    );
    expect(lines[3]).toContain('kv_0e58e5e3           system         system     false             replicated     false        false                      map[version:2]');
  });

  it('-format=json prints the mounts as Vault\'s MountOutput, keys sorted', async () => {
    vault.on('GET /v1/sys/mounts', { body: SYS_MOUNTS });
    const r = await runVault(vault, ['secrets', 'list', '-format=json']);
    const parsed = JSON.parse(r.out) as Record<string, Record<string, unknown>>;
    expect(Object.keys(parsed)).toEqual(['cubbyhole/', 'secret/', 'sys/']);
    expect(Object.keys(parsed['secret/'] ?? {})).toEqual([
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
    expect(parsed['sys/']?.['config']).toEqual({
      default_lease_ttl: 0,
      max_lease_ttl: 0,
      force_no_cache: false,
      passthrough_request_headers: ['Accept'],
    });
  });

  it('an error exits 2', async () => {
    vault.on('GET /v1/sys/mounts', { status: 403, body: { errors: ['permission denied'] } });
    const r = await runVault(vault, ['secrets', 'list']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error listing secrets engines: Error making API request\./);
  });
});
