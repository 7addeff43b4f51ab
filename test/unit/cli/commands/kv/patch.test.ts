import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { CREDS_METADATA, envelope, KV2_READ, KV2_WRITE, KV_MOUNT_ROUTES } from '../../vault-fixtures.js';
import { KV_PUT_OUTPUT } from '../../docs-outputs.js';

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv list / delete / undelete / destroy / patch', () => {
  it('kv patch: HTTP PATCH with merge-patch JSON; -remove-data sends null', async () => {
    vault.on('PATCH /v1/secret/data/creds', { body: envelope({ data: { ...CREDS_METADATA, version: 2 } }) });
    const r = await runVault(vault, ['kv', 'patch', '-remove-data=old', 'secret/creds', 'ttl=48h']);
    expect(r.out).toBe(KV_PUT_OUTPUT.replace('version            1', 'version            2'));
    expect(vault.requests[1]?.headers['content-type']).toBe('application/merge-patch+json');
    expect(vault.requests[1]?.json).toEqual({ data: { ttl: '48h', old: null }, options: {} });
  });

  it('kv patch falls back to read-then-write on a 405, with cas from the read version', async () => {
    vault.on('PATCH /v1/secret/data/creds', { status: 405, body: { errors: ['unsupported operation'] } });
    vault.on('GET /v1/secret/data/creds', { body: KV2_READ });
    vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
    const r = await runVault(vault, ['kv', 'patch', 'secret/creds', 'ttl=48h']);
    expect(r.code).toBe(0);
    expect(vault.requests[3]?.json).toEqual({ data: { passcode: 'my-long-passcode', ttl: '48h' }, options: { cas: 1 } });
    expect(await runVault(vault, ['kv', 'patch', 'kv/creds', 'a=b'])).toMatchObject({
      code: 2,
      err: 'K/V engine mount must be version 2 for patch support\n',
    });
  });
});
