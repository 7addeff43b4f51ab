import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';
import { envelope, TOKEN_CREATE, TOKEN_ROUTES } from '../../vault-fixtures.js';
import { CREATE_TABLE } from '../../docs-outputs.js';

const { vault } = useFakeVault(TOKEN_ROUTES);

describe('vault token renew', () => {
  it('renew-self / renew / renew-accessor with the increment in whole seconds', async () => {
    vault.on('PUT /v1/auth/token/renew-self', { body: TOKEN_CREATE });
    vault.on('PUT /v1/auth/token/renew', { body: TOKEN_CREATE });
    vault.on('POST /v1/auth/token/renew-accessor', { body: envelope({ auth: { ...(TOKEN_CREATE['auth'] as object), client_token: '' } }) });
    const r = await runVault(vault, ['token', 'renew']);
    expect(r.out).toBe(CREATE_TABLE);
    await runVault(vault, ['token', 'renew', '-increment=30m', 'hvs.x']);
    await runVault(vault, ['token', 'renew', '-i=1.5s', '-accessor', 'acc']);
    expect(requestLines(vault)).toEqual([
      'PUT /v1/auth/token/renew-self {"increment":0}',
      'PUT /v1/auth/token/renew {"token":"hvs.x","increment":1800}',
      'POST /v1/auth/token/renew-accessor {"accessor":"acc","increment":1}',
    ]);
    expect(await runVault(vault, ['token', 'renew', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 1, got 2)\n',
    });
  });
});
