import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';
import { TOKEN_ROUTES } from '../../vault-fixtures.js';

const { vault } = useFakeVault(TOKEN_ROUTES);

describe('vault token revoke', () => {
  it('each mode hits Vault\'s endpoint and prints the success line', async () => {
    for (const route of [
      'PUT /v1/auth/token/revoke',
      'PUT /v1/auth/token/revoke-orphan',
      'PUT /v1/auth/token/revoke-self',
      'POST /v1/auth/token/revoke-accessor',
      'PUT /v1/sys/leases/revoke-prefix/auth/github',
    ]) {
      vault.on(route, { status: 204 });
    }
    for (const args of [['t1'], ['-mode=orphan', 't2'], ['-self'], ['-accessor', 'a1'], ['-mode=path', 'auth/github/']]) {
      expect(await runVault(vault, ['token', 'revoke', ...args])).toEqual({
        code: 0,
        out: 'Success! Revoked token (if it existed)\n',
        err: '',
      });
    }
    expect(requestLines(vault)).toEqual([
      'PUT /v1/auth/token/revoke {"token":"t1"}',
      'PUT /v1/auth/token/revoke-orphan {"token":"t2"}',
      'PUT /v1/auth/token/revoke-self',
      'POST /v1/auth/token/revoke-accessor {"accessor":"a1"}',
      'PUT /v1/sys/leases/revoke-prefix/auth/github',
    ]);
  });

  it('Vault\'s usage errors, exit 1', async () => {
    const cases: [string[], string][] = [
      [['-mode=tree', 'x'], 'Invalid mode: tree'],
      [['-self', 'x'], 'Too many arguments with -self (expected 0, got 1)'],
      [['a', 'b'], 'Too many arguments (expected 1 or -self, got 2)'],
      [[], 'Not enough arguments (expected 1 or -self, got 0)'],
      [['-self', '-accessor'], 'Cannot use -self with -accessor!'],
      [['-self', '-mode=orphan'], 'Cannot use -self with -mode!'],
      [['-accessor', '-mode=orphan', 'x'], 'Cannot use -accessor with -mode=orphan!'],
    ];
    for (const [args, message] of cases) {
      expect(await runVault(vault, ['token', 'revoke', ...args])).toEqual({ code: 1, out: '', err: `${message}\n` });
    }
  });

  it('an API error exits 2', async () => {
    vault.on('PUT /v1/auth/token/revoke', { status: 400, body: { errors: ['invalid token'] } });
    expect((await runVault(vault, ['token', 'revoke', 'x'])).err).toMatch(/^Error revoking token: Error making API request\./);
  });
});
