import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestLines, runVault, startFakeVault, type FakeVault } from '../../support.js';
import { MOUNT_KV1, MOUNT_KV2 } from '../../vault-fixtures.js';

let vault: FakeVault;

beforeEach(async () => {
  vault = await startFakeVault({
    'GET /v1/sys/internal/ui/mounts/secret/creds': { body: MOUNT_KV2 },
    'GET /v1/sys/internal/ui/mounts/secret': { body: MOUNT_KV2 },
    'GET /v1/sys/internal/ui/mounts/kv/creds': { body: MOUNT_KV1 },
    'GET /v1/sys/internal/ui/mounts/kv': { body: MOUNT_KV1 },
  });
});

afterEach(() => vault.close());

describe('vault kv list / delete / undelete / destroy / patch', () => {
  it('kv delete: DELETE the latest version, or PUT delete/ with -versions', async () => {
    vault.on('DELETE /v1/secret/data/creds', { status: 204 });
    vault.on('PUT /v1/secret/delete/creds', { status: 204 });
    expect(await runVault(vault, ['kv', 'delete', '-mount=secret', 'creds'])).toEqual({
      code: 0,
      out: 'Success! Data deleted (if it existed) at: secret/data/creds\n',
      err: '',
    });
    await runVault(vault, ['kv', 'delete', '-versions=1,2', '-versions=3', 'secret/creds']);
    expect(requestLines(vault)).toEqual([
      'GET /v1/sys/internal/ui/mounts/secret',
      'DELETE /v1/secret/data/creds',
      'GET /v1/sys/internal/ui/mounts/secret/creds',
      'PUT /v1/secret/delete/creds {"versions":["1","2","3"]}',
    ]);
  });

});
