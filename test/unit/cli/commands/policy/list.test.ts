import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { POLICY_ROUTES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(POLICY_ROUTES);

describe('vault policy', () => {
  it('list: LIST as GET ?list=true, one name a line; JSON array', async () => {
    expect(await runVault(vault, ['policy', 'list'])).toEqual({ code: 0, out: 'default\nmy-policy\nroot\n', err: '' });
    expect(vault.requests[0]?.url).toBe('/v1/sys/policies/acl?list=true');
    expect((await runVault(vault, ['policy', 'list', '-format=json'])).out).toBe(
      '[\n  "default",\n  "my-policy",\n  "root"\n]\n',
    );
  });

});
