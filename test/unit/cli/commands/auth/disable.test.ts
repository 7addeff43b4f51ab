import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault auth disable', () => {
  it('DELETEs sys/auth/<path> and prints Vault\'s line with the trailing slash', async () => {
    vault.on('DELETE /v1/sys/auth/userpass', { status: 204 });
    for (const arg of ['userpass', '/userpass/']) {
      expect(await runVault(vault, ['auth', 'disable', arg])).toEqual({
        code: 0,
        out: 'Success! Disabled the auth method (if it existed) at: userpass/\n',
        err: '',
      });
    }
    expect(requestLines(vault)).toEqual(['DELETE /v1/sys/auth/userpass', 'DELETE /v1/sys/auth/userpass']);
  });

  it('a refused disable is "Error disabling auth method at PATH/: …", exit 2; no path exits 1', async () => {
    vault.on('DELETE /v1/sys/auth/token', { status: 400, body: { errors: ['token credential backend cannot be disabled'] } });
    expect(await runVault(vault, ['auth', 'disable', 'token'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error disabling auth method at token/: Error making API request.\n\n' +
        `URL: DELETE ${vault.address}/v1/sys/auth/token\n` +
        'Code: 400. Errors:\n\n* token credential backend cannot be disabled\n',
    });
    expect(await runVault(vault, ['auth', 'disable'])).toEqual({
      code: 1,
      out: '',
      err: 'Not enough arguments (expected 1, got 0)\n',
    });
  });
});
