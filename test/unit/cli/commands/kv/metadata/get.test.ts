import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../../support.js';
import { KV2_METADATA, KV_MOUNT_ROUTES } from '../../../vault-fixtures.js';

const KV_METADATA_GET_OUTPUT = `=== Metadata Path ===
secret/metadata/creds

========== Metadata ==========
Key                     Value
---                     -----
cas_required            false
created_time            2022-06-15T20:14:17.107852Z
current_version         2
custom_metadata         <nil>
delete_version_after    0s
max_versions            0
oldest_version          0
updated_time            2022-06-15T20:20:01.34563Z

====== Version 1 ======
Key              Value
---              -----
created_time     2022-06-15T20:14:17.107852Z
deletion_time    n/a
destroyed        false

====== Version 2 ======
Key              Value
---              -----
created_time     2022-06-15T20:20:01.34563Z
deletion_time    n/a
destroyed        false
`;

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv metadata', () => {
  it('get: Metadata Path, Metadata and one table per version, as the docs show', async () => {
    vault.on('GET /v1/secret/metadata/creds', { body: KV2_METADATA });
    const r = await runVault(vault, ['kv', 'metadata', 'get', '-mount=secret', 'creds']);
    expect(r.out.split('\n')).toEqual(KV_METADATA_GET_OUTPUT.split('\n'));
    expect(r.code).toBe(0);
  });

});
