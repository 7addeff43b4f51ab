import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestLines, runVault, startFakeVault, type FakeVault } from './support.js';
import { SYS_MOUNTS } from './vault-fixtures.js';

let vault: FakeVault;
beforeEach(async () => {
  vault = await startFakeVault();
});
afterEach(() => vault.close());

describe('vault secrets enable', () => {
  it('POSTs Vault\'s MountInput to sys/mounts/<type> and prints the docs line', async () => {
    vault.on('POST /v1/sys/mounts/aws', { status: 204 });
    const r = await runVault(vault, ['secrets', 'enable', 'aws']);
    expect(r).toEqual({ code: 0, out: 'Success! Enabled the aws secrets engine at: aws/\n', err: '' });
    expect(requestLines(vault)).toEqual([
      'POST /v1/sys/mounts/aws {"type":"aws","description":"","config":{"options":null,"default_lease_ttl":"0s",' +
        '"max_lease_ttl":"0s","force_no_cache":false},"local":false,"seal_wrap":false,' +
        '"external_entropy_access":false,"options":null}',
    ]);
  });

  it('-path, -version=2, -description, TTLs and -options', async () => {
    vault.on('POST /v1/sys/mounts/secret', { status: 204 });
    const r = await runVault(vault, [
      'secrets',
      'enable',
      '-path=secret',
      '-version=2',
      '-description=key/value secret storage',
      '-default-lease-ttl=30m',
      '-max-lease-ttl=768h',
      '-options=foo=bar',
      'kv',
    ]);
    expect(r.out).toBe('Success! Enabled the kv secrets engine at: secret/\n');
    expect(vault.requests[0]?.json).toEqual({
      type: 'kv',
      description: 'key/value secret storage',
      config: { options: null, default_lease_ttl: '30m0s', max_lease_ttl: '768h0m0s', force_no_cache: false },
      local: false,
      seal_wrap: false,
      external_entropy_access: false,
      options: { foo: 'bar', version: '2' },
    });
  });

  it('kv-v2 is sent as the type (the server maps it), at kv-v2/', async () => {
    vault.on('POST /v1/sys/mounts/kv-v2', { status: 204 });
    const r = await runVault(vault, ['secrets', 'enable', 'kv-v2']);
    expect(r.out).toBe('Success! Enabled the kv-v2 secrets engine at: kv-v2/\n');
    expect((vault.requests[0]?.json as { type: string }).type).toBe('kv-v2');
  });

  it('an existing path: "Error enabling: …", exit 2; a bad duration: exit 1', async () => {
    vault.on('POST /v1/sys/mounts/kv', { status: 400, body: { errors: ['path is already in use at kv/'] } });
    expect(await runVault(vault, ['secrets', 'enable', 'kv'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error enabling: Error making API request.\n\n' +
        `URL: POST ${vault.address}/v1/sys/mounts/kv\n` +
        'Code: 400. Errors:\n\n* path is already in use at kv/\n',
    });
    expect(await runVault(vault, ['secrets', 'enable', '-max-lease-ttl=5x', 'kv'])).toEqual({
      code: 1,
      out: '',
      err: 'invalid value "5x" for flag -max-lease-ttl: time: unknown unit "x" in duration "5x"\n',
    });
    expect(await runVault(vault, ['secrets', 'enable'])).toMatchObject({
      code: 1,
      err: 'Not enough arguments (expected 1, got 0)\n',
    });
  });
});

describe('vault secrets disable / tune', () => {
  it('disable DELETEs sys/mounts/<path> (no trailing slash on the wire)', async () => {
    vault.on('DELETE /v1/sys/mounts/db-prod', { status: 204 });
    const r = await runVault(vault, ['secrets', 'disable', 'db-prod/']);
    expect(r).toEqual({ code: 0, out: 'Success! Disabled the secrets engine (if it existed) at: db-prod/\n', err: '' });
    expect(requestLines(vault)).toEqual(['DELETE /v1/sys/mounts/db-prod']);
  });

  it('tune POSTs the config; unset TTLs are "", "system" is passed through', async () => {
    vault.on('POST /v1/sys/mounts/db-prod/tune', { status: 204 });
    const r = await runVault(vault, ['secrets', 'tune', '-max-lease-ttl=30m', '-default-lease-ttl=system', 'db-prod/']);
    expect(r).toEqual({ code: 0, out: 'Success! Tuned the secrets engine at: db-prod/\n', err: '' });
    expect(vault.requests[0]?.body).toBe(
      '{"options":null,"default_lease_ttl":"system","max_lease_ttl":"30m0s","force_no_cache":false}',
    );
    await runVault(vault, ['secrets', 'tune', '-description=', 'db-prod']);
    expect(vault.requests[1]?.body).toBe(
      '{"options":null,"default_lease_ttl":"","description":"","max_lease_ttl":"","force_no_cache":false}',
    );
  });

  it('errors exit 2 with Vault\'s prefix', async () => {
    vault.on('POST /v1/sys/mounts/nope/tune', { status: 400, body: { errors: ['cannot tune nope/'] } });
    const r = await runVault(vault, ['secrets', 'tune', '-max-lease-ttl=1h', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error tuning secrets engine nope\/: Error making API request\./);
  });
});

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
