import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVault, startFakeVault, type FakeVault } from './support.js';
import { MOUNT_KV1, MOUNT_KV2 } from './vault-fixtures.js';

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

describe('vault kv (group)', () => {
  it('prints its help and the subcommands, exit 1', async () => {
    const r = await runVault(vault, ['kv']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Usage: vault kv <subcommand> \[options\] \[args\]\n/);
    expect(r.err).toContain(
      '\n\nSubcommands:\n    delete      Deletes versions in the KV store\n' +
        '    destroy     Permanently removes one or more versions in the KV store\n' +
        '    get         Retrieves data from the KV store\n',
    );
  });
});
