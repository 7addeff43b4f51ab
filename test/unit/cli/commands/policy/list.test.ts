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
  it('list: LIST as GET ?list=true, one name a line; JSON array', async () => {
    expect(await runVault(vault, ['policy', 'list'])).toEqual({ code: 0, out: 'default\nmy-policy\nroot\n', err: '' });
    expect(vault.requests[0]?.url).toBe('/v1/sys/policies/acl?list=true');
    expect((await runVault(vault, ['policy', 'list', '-format=json'])).out).toBe(
      '[\n  "default",\n  "my-policy",\n  "root"\n]\n',
    );
  });

});
