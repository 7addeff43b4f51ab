import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';
import { TOKEN_ROUTES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(TOKEN_ROUTES);

describe('vault token lookup', () => {
  it('lookup-self without an argument, lookup and lookup-accessor with one', async () => {
    const self = await runVault(vault, ['token', 'lookup']);
    expect(self.out).toContain('\nttl                  767h59m50s\n');
    await runVault(vault, ['token', 'lookup', 'hvs.other']);
    await runVault(vault, ['token', 'lookup', '-accessor', 'acc1']);
    expect(requestLines(vault)).toEqual([
      'GET /v1/auth/token/lookup-self',
      'POST /v1/auth/token/lookup {"token":"hvs.other"}',
      'POST /v1/auth/token/lookup-accessor {"accessor":"acc1"}',
    ]);
  });

  it('argument and API errors', async () => {
    expect(await runVault(vault, ['token', 'lookup', '-accessor'])).toMatchObject({
      code: 1,
      err: 'Not enough arguments with -accessor (expected 1, got 0)\n',
    });
    expect(await runVault(vault, ['token', 'lookup', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 0-1, got 2)\n',
    });
    expect(await runVault(vault, ['token', 'lookup', '-field=id'])).toMatchObject({
      code: 1,
      err: 'flag provided but not defined: -field\n',
    });
    vault.on('POST /v1/auth/token/lookup', { status: 403, body: { errors: ['bad token'] } });
    expect((await runVault(vault, ['token', 'lookup', 'x'])).err).toMatch(/^Error looking up token: Error making API request\./);
  });
});
