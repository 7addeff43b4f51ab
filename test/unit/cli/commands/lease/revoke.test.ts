import { describe, expect, it } from 'vitest';
import { LEASE_ID } from '../../auth-fixtures.js';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({
  [`PUT /v1/sys/leases/revoke/${LEASE_ID}`]: { status: 204 },
  'PUT /v1/sys/leases/revoke-prefix/aws/creds/deploy': { status: 204 },
  'PUT /v1/sys/leases/revoke-force/consul/creds': { status: 204 },
});

describe('vault lease revoke', () => {
  it('queues by default: PUT sys/leases/revoke/<id> {"sync":false}', async () => {
    const r = await runVault(vault, ['lease', 'revoke', LEASE_ID]);
    expect(r).toEqual({ code: 0, out: 'All revocation operations queued successfully!\n', err: '' });
    expect(requestLines(vault)).toEqual([`PUT /v1/sys/leases/revoke/${LEASE_ID} {"sync":false}`]);
  });

  it('-sync and -prefix', async () => {
    expect(await runVault(vault, ['lease', 'revoke', '-sync', LEASE_ID])).toEqual({
      code: 0,
      out: `Success! Revoked lease: ${LEASE_ID}\n`,
      err: '',
    });
    expect(await runVault(vault, ['lease', 'revoke', '-prefix', '-sync', 'aws/creds/deploy'])).toEqual({
      code: 0,
      out: 'Success! Revoked any leases with prefix: aws/creds/deploy\n',
      err: '',
    });
    expect(await runVault(vault, ['lease', 'revoke', '-prefix', 'aws/creds/deploy'])).toMatchObject({
      out: 'All revocation operations queued successfully!\n',
    });
    expect(requestLines(vault)).toEqual([
      `PUT /v1/sys/leases/revoke/${LEASE_ID} {"sync":true}`,
      'PUT /v1/sys/leases/revoke-prefix/aws/creds/deploy {"sync":true}',
      'PUT /v1/sys/leases/revoke-prefix/aws/creds/deploy {"sync":false}',
    ]);
  });

  it('-force -prefix warns, sends no body and prints the force line; -f is its alias', async () => {
    const r = await runVault(vault, ['lease', 'revoke', '-f', '-prefix', 'consul/creds']);
    expect(r).toEqual({
      code: 0,
      out: 'Success! Force revoked any leases with prefix: consul/creds\n',
      err: 'Warning! Force-removing leases can cause Vault to become out of sync with\nsecret engines!\n',
    });
    expect(requestLines(vault)).toEqual(['PUT /v1/sys/leases/revoke-force/consul/creds']);
  });

  it('-force without -prefix exits 1; failures name the kind of revocation, exit 2', async () => {
    expect(await runVault(vault, ['lease', 'revoke', '-force', 'x'])).toEqual({
      code: 1,
      out: '',
      err: 'Specifying -force requires also specifying -prefix\n',
    });
    expect(await runVault(vault, ['lease', 'revoke'])).toMatchObject({ code: 1, err: 'Not enough arguments (expected 1, got 0)\n' });
    const denied = { status: 403, body: { errors: ['permission denied'] } };
    vault.on('PUT /v1/sys/leases/revoke/nope', denied);
    vault.on('PUT /v1/sys/leases/revoke-prefix/nope', denied);
    vault.on('PUT /v1/sys/leases/revoke-force/nope', denied);
    const tail = (kind: string): string =>
      `: Error making API request.\n\nURL: PUT ${vault.address}/v1/sys/leases/${kind}/nope\nCode: 403. Errors:\n\n* permission denied\n`;
    expect(await runVault(vault, ['lease', 'revoke', 'nope'])).toEqual({
      code: 2,
      out: '',
      err: `Error revoking lease nope${tail('revoke')}`,
    });
    expect((await runVault(vault, ['lease', 'revoke', '-prefix', 'nope'])).err).toBe(
      `Error revoking leases with prefix nope${tail('revoke-prefix')}`,
    );
    expect((await runVault(vault, ['lease', 'revoke', '-force', '-prefix', 'nope'])).err).toBe(
      'Warning! Force-removing leases can cause Vault to become out of sync with\nsecret engines!\n' +
        `Error force revoking leases with prefix nope${tail('revoke-force')}`,
    );
  });
});
