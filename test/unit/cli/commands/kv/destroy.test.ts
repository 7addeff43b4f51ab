import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { KV_MOUNT_ROUTES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv list / delete / undelete / destroy / patch', () => {
  it('kv undelete and destroy need -versions and KV v2', async () => {
    vault.on('PUT /v1/secret/undelete/creds', { status: 204 });
    vault.on('PUT /v1/secret/destroy/creds', { status: 204 });
    expect(await runVault(vault, ['kv', 'undelete', '-versions=2', 'secret/creds'])).toEqual({
      code: 0,
      out: 'Success! Data written to: secret/undelete/creds\n',
      err: '',
    });
    expect(await runVault(vault, ['kv', 'destroy', '-mount=secret', '-versions=1', 'creds'])).toMatchObject({
      code: 0,
      out: 'Success! Data written to: secret/destroy/creds\n',
    });
    expect(await runVault(vault, ['kv', 'undelete', 'secret/creds'])).toMatchObject({
      code: 1,
      err: 'No versions provided, use the "-versions" flag to specify the version to undelete.\n',
    });
    expect(await runVault(vault, ['kv', 'destroy', '-versions=1', 'kv/creds'])).toMatchObject({
      code: 1,
      err: 'Destroy not supported on KV Version 1\n',
    });
  });

});
