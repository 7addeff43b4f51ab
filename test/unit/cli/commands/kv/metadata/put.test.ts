import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../../support.js';
import { KV_MOUNT_ROUTES } from '../../../vault-fixtures.js';

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv metadata', () => {
  it('put: only the given settings; delete: DELETE metadata/', async () => {
    vault.on('PUT /v1/secret/metadata/creds', { status: 204 });
    vault.on('DELETE /v1/secret/metadata/creds', { status: 204 });
    const put = await runVault(vault, [
      'kv',
      'metadata',
      'put',
      '-max-versions=5',
      '-delete-version-after=3h25m19s',
      '-cas-required',
      '-custom-metadata=foo=abc',
      '-custom-metadata=bar=123',
      'secret/creds',
    ]);
    expect(put).toEqual({ code: 0, out: 'Success! Data written to: secret/metadata/creds\n', err: '' });
    expect(vault.requests[1]?.json).toEqual({
      max_versions: 5,
      delete_version_after: '3h25m19s',
      cas_required: true,
      custom_metadata: { foo: 'abc', bar: '123' },
    });
    const del = await runVault(vault, ['kv', 'metadata', 'delete', 'secret/creds']);
    expect(del).toEqual({ code: 0, out: 'Success! Data deleted (if it existed) at: secret/metadata/creds\n', err: '' });
    expect(await runVault(vault, ['kv', 'metadata', 'get', 'kv/creds'])).toMatchObject({
      code: 1,
      err: 'Metadata not supported on KV Version 1\n',
    });
  });

  it('bad flag values are Go flag errors, exit 1', async () => {
    expect(await runVault(vault, ['kv', 'metadata', 'put', '-delete-version-after=abc', 'secret/creds'])).toMatchObject({
      code: 1,
      err: 'invalid value "abc" for flag -delete-version-after: time: invalid duration "abc"\n',
    });
    expect(await runVault(vault, ['kv', 'metadata', 'put', '-custom-metadata=x', 'secret/creds'])).toMatchObject({
      code: 1,
      err: 'invalid value "x" for flag -custom-metadata: missing = in KV pair: "x"\n',
    });
  });
});
