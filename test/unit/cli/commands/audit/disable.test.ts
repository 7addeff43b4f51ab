import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

// [V] api-docs/system/audit "Disable audit device": DELETE /sys/audit/:path, 204 No Content.
const { vault } = useFakeVault({ 'DELETE /v1/sys/audit/file': { status: 204 } });

describe('vault audit disable', () => {
  it('DELETEs sys/audit/<path> and prints Vault\'s success line with the trailing slash', async () => {
    expect(await runVault(vault, ['audit', 'disable', '/file'])).toEqual({
      code: 0,
      err: '',
      out: 'Success! Disabled audit device (if it was enabled) at: file/\n',
    });
    expect(requestLines(vault)).toEqual(['DELETE /v1/sys/audit/file']);
  });

  it('needs exactly one PATH: Vault\'s argument errors, exit 1', async () => {
    expect(await runVault(vault, ['audit', 'disable'])).toEqual({
      code: 1,
      out: '',
      err: 'Not enough arguments (expected 1, got 0)\n',
    });
    expect(await runVault(vault, ['audit', 'disable', 'a', 'b'])).toEqual({
      code: 1,
      out: '',
      err: 'Too many arguments (expected 1, got 2)\n',
    });
    expect(vault.requests).toEqual([]);
  });

  it('an API error is "Error disabling audit device: …", exit 2', async () => {
    vault.on('DELETE /v1/sys/audit/file', { status: 403, body: { errors: ['permission denied'] } });
    expect(await runVault(vault, ['audit', 'disable', 'file/'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error disabling audit device: Error making API request.\n\n' +
        `URL: DELETE ${vault.address}/v1/sys/audit/file\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    });
  });
});
