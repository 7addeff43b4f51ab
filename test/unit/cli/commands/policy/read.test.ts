import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { POLICY_ROUTES, POLICY_RULES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(POLICY_ROUTES);

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
