import { describe, expect, it } from 'vitest';
import { LEASE_ID, LEASE_LOOKUP } from '../../auth-fixtures.js';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({ 'PUT /v1/sys/leases/lookup': { body: LEASE_LOOKUP } });

describe('vault lease lookup', () => {
  it('PUTs {"lease_id"} to sys/leases/lookup and prints the lease as a secret', async () => {
    const r = await runVault(vault, ['lease', 'lookup', ` ${LEASE_ID} `]);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: `Key             Value
---             -----
expire_time     2018-05-19T11:35:54.466476215-04:00
id              ${LEASE_ID}
issue_time      2018-04-17T11:35:54.466476078-04:00
last_renewal    <nil>
renewable       true
ttl             767h59m50s
`,
    });
    expect(requestLines(vault)).toEqual([`PUT /v1/sys/leases/lookup {"lease_id":"${LEASE_ID}"}`]);
  });

  it('-format=json prints the whole secret', async () => {
    const r = await runVault(vault, ['lease', 'lookup', '-format=json', LEASE_ID]);
    expect(JSON.parse(r.out)).toMatchObject({ data: { id: LEASE_ID, ttl: 2764790 } });
  });

  it('"Missing ID!" and too many arguments exit 1; a failed lookup is "error looking up lease id …", exit 2', async () => {
    expect(await runVault(vault, ['lease', 'lookup'])).toEqual({ code: 1, out: '', err: 'Missing ID!\n' });
    expect(await runVault(vault, ['lease', 'lookup', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 1, got 2)\n',
    });
    vault.on('PUT /v1/sys/leases/lookup', { status: 400, body: { errors: ['invalid lease'] } });
    expect(await runVault(vault, ['lease', 'lookup', 'nope'])).toEqual({
      code: 2,
      out: '',
      err:
        'error looking up lease id nope: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/leases/lookup\n` +
        'Code: 400. Errors:\n\n* invalid lease\n',
    });
  });
});
