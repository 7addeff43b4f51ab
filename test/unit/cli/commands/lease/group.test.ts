import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault lease (group)', () => {
  it('prints Vault\'s help and the subcommands, exit 1', async () => {
    const r = await runVault(vault, ['lease']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Usage: vault lease <subcommand> \[options\] \[args\]\n/);
    expect(r.err).toMatch(
      /\n\nSubcommands:\n {4}lookup {4}Lookup the lease of a secret\n {4}renew {5}Renews the lease of a secret\n {4}revoke {4}Revokes leases and secrets\n$/,
    );
  });
});
