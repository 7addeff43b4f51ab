import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { POLICY_ROUTES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(POLICY_ROUTES);

describe('vault policy', () => {
  it('delete: "Success! Deleted policy: NAME"; errors exit 2', async () => {
    expect(await runVault(vault, ['policy', 'delete', 'my-policy'])).toEqual({
      code: 0,
      out: 'Success! Deleted policy: my-policy\n',
      err: '',
    });
    vault.on('DELETE /v1/sys/policies/acl/root', { status: 400, body: { errors: ['cannot delete "root" policy'] } });
    const r = await runVault(vault, ['policy', 'delete', 'root']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error deleting root: Error making API request\.\n\nURL: DELETE /);
  });
});
