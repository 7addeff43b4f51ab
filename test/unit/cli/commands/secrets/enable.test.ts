import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

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
