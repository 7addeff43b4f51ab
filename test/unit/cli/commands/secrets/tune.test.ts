import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault secrets disable / tune', () => {
  it('tune POSTs the config; unset TTLs are "", "system" is passed through', async () => {
    vault.on('POST /v1/sys/mounts/db-prod/tune', { status: 204 });
    const r = await runVault(vault, ['secrets', 'tune', '-max-lease-ttl=30m', '-default-lease-ttl=system', 'db-prod/']);
    expect(r).toEqual({ code: 0, out: 'Success! Tuned the secrets engine at: db-prod/\n', err: '' });
    expect(vault.requests[0]?.body).toBe(
      '{"options":null,"default_lease_ttl":"system","max_lease_ttl":"30m0s","force_no_cache":false}',
    );
    await runVault(vault, ['secrets', 'tune', '-description=', 'db-prod']);
    expect(vault.requests[1]?.body).toBe(
      '{"options":null,"default_lease_ttl":"","description":"","max_lease_ttl":"","force_no_cache":false}',
    );
  });

  it('errors exit 2 with Vault\'s prefix', async () => {
    vault.on('POST /v1/sys/mounts/nope/tune', { status: 400, body: { errors: ['cannot tune nope/'] } });
    const r = await runVault(vault, ['secrets', 'tune', '-max-lease-ttl=1h', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error tuning secrets engine nope\/: Error making API request\./);
  });
});
