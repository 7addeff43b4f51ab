import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { CREDS_METADATA, envelope, KV2_READ, KV_MOUNT_ROUTES, MOUNT_KV2, NOT_FOUND } from '../../vault-fixtures.js';
import { KV_PUT_OUTPUT } from '../../docs-outputs.js';

// The outputs below are the examples of Vault's docs (website/content/docs/commands/kv/*.mdx).
const KV_GET_OUTPUT = `${KV_PUT_OUTPUT}
====== Data ======
Key         Value
---         -----
passcode    my-long-passcode
`;

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv get', () => {
  it('KV v2: Secret Path, Metadata and Data sections exactly as the docs show', async () => {
    vault.on('GET /v1/secret/data/creds', { body: KV2_READ });
    const r = await runVault(vault, ['kv', 'get', '-mount=secret', 'creds']);
    expect(r.out.split('\n')).toEqual(KV_GET_OUTPUT.split('\n'));
    expect(r).toMatchObject({ code: 0, err: '' });
  });

  it('-version=1 adds ?version=1; -field=passcode prints the bare value', async () => {
    vault.on('GET /v1/secret/data/creds', { body: KV2_READ });
    const r = await runVault(vault, ['kv', 'get', '-version=1', '-field=passcode', 'secret/creds']);
    expect(r).toEqual({ code: 0, out: 'my-long-passcode', err: '' });
    expect(vault.requests[1]?.url).toBe('/v1/secret/data/creds?version=1');
    const missing = await runVault(vault, ['kv', 'get', '-field=nope', 'secret/creds']);
    expect(missing).toEqual({ code: 1, out: '', err: 'Field "nope" not present in secret\n' });
    const data = await runVault(vault, ['kv', 'get', '-field=data', '-format=json', 'secret/creds']);
    expect(JSON.parse(data.out)).toEqual({ passcode: 'my-long-passcode' });
  });

  it('KV v1: only the data section', async () => {
    vault.on('GET /v1/kv/creds', { body: envelope({ data: { passcode: 'my-long-passcode' }, lease_duration: 2764800 }) });
    const r = await runVault(vault, ['kv', 'get', '-mount=kv', 'creds']);
    expect(r.out).toBe('====== Data ======\nKey         Value\n---         -----\npasscode    my-long-passcode\n');
  });

  it('not found: "No value found at secret/data/foo" on stderr, exit 2', async () => {
    vault.on('GET /v1/sys/internal/ui/mounts/secret/foo', { body: MOUNT_KV2 });
    vault.on('GET /v1/secret/data/foo', NOT_FOUND);
    const r = await runVault(vault, ['kv', 'get', 'secret/foo']);
    expect(r).toEqual({ code: 2, out: '', err: 'No value found at secret/data/foo\n' });
  });

  it('a deleted version (404 with metadata) still shows its metadata', async () => {
    const deleted = { ...CREDS_METADATA, deletion_time: '2022-06-16T10:00:00Z' };
    vault.on('GET /v1/secret/data/creds', { status: 404, body: envelope({ data: { data: null, metadata: deleted } }) });
    const r = await runVault(vault, ['kv', 'get', 'secret/creds']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(KV_PUT_OUTPUT.replace('deletion_time      n/a', 'deletion_time      2022-06-16T10:00:00Z') + '\n');
  });

  it('-format=json prints the whole response as Vault\'s api.Secret', async () => {
    vault.on('GET /v1/secret/data/creds', { body: { ...KV2_READ, mount_type: 'kv' } });
    const r = await runVault(vault, ['kv', 'get', '-format=json', 'secret/creds']);
    expect(JSON.parse(r.out)).toEqual({
      request_id: 'c5b4a1b4-8fd9-2bba-5d7e-1a09f0ee1fe4',
      lease_id: '',
      lease_duration: 0,
      renewable: false,
      data: KV2_READ['data'],
      warnings: null,
      mount_type: 'kv',
    });
    expect(Object.keys(JSON.parse(r.out) as object)).toEqual([
      'request_id',
      'lease_id',
      'lease_duration',
      'renewable',
      'data',
      'warnings',
      'mount_type',
    ]);
  });

  it('argument count errors exit 1', async () => {
    expect(await runVault(vault, ['kv', 'get'])).toMatchObject({ code: 1, err: 'Not enough arguments (expected 1, got 0)\n' });
    expect(await runVault(vault, ['kv', 'get', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 1, got 2)\n',
    });
  });
});
