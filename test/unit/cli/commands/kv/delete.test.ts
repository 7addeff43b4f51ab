import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';
import { KV_MOUNT_ROUTES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

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
