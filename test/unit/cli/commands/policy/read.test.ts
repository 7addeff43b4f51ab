import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVault, startFakeVault, tempHome, type FakeVault } from '../../support.js';
import { POLICY_LIST, POLICY_READ, POLICY_RULES } from '../../vault-fixtures.js';

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
  it('read prints the raw rules (trimmed); JSON is {"policy": …}', async () => {
    expect(await runVault(vault, ['policy', 'read', 'My-Policy'])).toEqual({
      code: 0,
      out: `${POLICY_RULES.trim()}\n`,
      err: '',
    });
    expect((await runVault(vault, ['policy', 'read', '-format=json', 'my-policy'])).out).toBe(
      `${JSON.stringify({ policy: POLICY_RULES }, null, 2)}\n`,
    );
  });

  it('read of a missing policy: "No policy named: NAME", exit 2', async () => {
    vault.on('GET /v1/sys/policies/acl/nope', { status: 404, body: { errors: [] } });
    expect(await runVault(vault, ['policy', 'read', 'nope'])).toEqual({ code: 2, out: '', err: 'No policy named: nope\n' });
  });

});
