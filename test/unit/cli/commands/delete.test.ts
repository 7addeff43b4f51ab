import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../support.js';

const { vault } = useFakeVault();

describe('vault delete', () => {
  it('a 204 prints the success line; K=V pairs go in the query', async () => {
    vault.on('DELETE /v1/secret/my-secret', { status: 204 });
    expect(await runVault(vault, ['delete', 'secret/my-secret', 'versions=1'])).toEqual({
      code: 0,
      out: 'Success! Data deleted (if it existed) at: secret/my-secret\n',
      err: '',
    });
    expect(vault.requests[0]?.url).toBe('/v1/secret/my-secret?versions=1');
    expect(await runVault(vault, ['delete'])).toMatchObject({
      code: 1,
      err: 'Not enough arguments (expected at least 1, got 0)\n',
    });
  });

  it('a 404 with an error is an error (exit 2), like Vault\'s client', async () => {
    vault.on('DELETE /v1/nope/x', { status: 404, body: { errors: ['no handler for route "nope/x"'] } });
    const r = await runVault(vault, ['delete', 'nope/x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error deleting nope\/x: Error making API request\.\n\nURL: DELETE .*\/v1\/nope\/x\nCode: 404/);
  });
});
