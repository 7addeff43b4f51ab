import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVault, startFakeVault, tempHome, type FakeVault } from '../../support.js';
import { POLICY_LIST, POLICY_READ } from '../../vault-fixtures.js';

let vault: FakeVault;

let home: Awaited<ReturnType<typeof tempHome>>;

beforeEach(async () => {
  vault = await startFakeVault({
    'PUT /v1/sys/policies/acl/my-policy': { status: 204 },
    'GET /v1/sys/policies/acl/my-policy': { body: POLICY_READ },
    'GET /v1/sys/policies/acl': { body: POLICY_LIST },
    'DELETE /v1/sys/policies/acl/my-policy': { status: 204 },
  });
  home = await tempHome();
});

afterEach(async () => {
  await vault.close();
  await home.cleanup();
});

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
