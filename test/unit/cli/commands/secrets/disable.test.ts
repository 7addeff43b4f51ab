import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault secrets disable / tune', () => {
  it('disable DELETEs sys/mounts/<path> (no trailing slash on the wire)', async () => {
    vault.on('DELETE /v1/sys/mounts/db-prod', { status: 204 });
    const r = await runVault(vault, ['secrets', 'disable', 'db-prod/']);
    expect(r).toEqual({ code: 0, out: 'Success! Disabled the secrets engine (if it existed) at: db-prod/\n', err: '' });
    expect(requestLines(vault)).toEqual(['DELETE /v1/sys/mounts/db-prod']);
  });

});
