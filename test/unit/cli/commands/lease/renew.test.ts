import { describe, expect, it } from 'vitest';
import { LEASE_ID, LEASE_RENEW } from '../../auth-fixtures.js';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({ 'PUT /v1/sys/leases/renew': { body: LEASE_RENEW } });

describe('vault lease renew', () => {
  it('PUTs {"increment","lease_id"} (whole seconds) and prints the lease rows', async () => {
    const r = await runVault(vault, ['lease', 'renew', '-increment=1h', LEASE_ID]);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: `Key                Value
---                -----
lease_id           ${LEASE_ID}
lease_duration     1h
lease_renewable    true
`,
    });
    expect(requestLines(vault)).toEqual([`PUT /v1/sys/leases/renew {"increment":3600,"lease_id":"${LEASE_ID}"}`]);
  });

  it('no increment sends 0; errors are "Error renewing ID: …" (exit 2) and "Missing ID!" (exit 1)', async () => {
    await runVault(vault, ['lease', 'renew', LEASE_ID]);
    expect(vault.requests[0]?.json).toEqual({ increment: 0, lease_id: LEASE_ID });
    expect(await runVault(vault, ['lease', 'renew'])).toEqual({ code: 1, out: '', err: 'Missing ID!\n' });
    expect(await runVault(vault, ['lease', 'renew', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 1-2, got 2)\n',
    });
    vault.on('PUT /v1/sys/leases/renew', { status: 400, body: { errors: ['lease not found'] } });
    expect(await runVault(vault, ['lease', 'renew', 'x/y'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error renewing x/y: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/leases/renew\n` +
        'Code: 400. Errors:\n\n* lease not found\n',
    });
  });
});
