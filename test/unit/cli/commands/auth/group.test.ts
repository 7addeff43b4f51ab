import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault auth (group)', () => {
  it('prints Vault\'s help and the subcommands, exit 1', async () => {
    const r = await runVault(vault, ['auth']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Usage: vault auth <subcommand> \[options\] \[args\]\n/);
    expect(r.err).toContain('  Enable a new auth method "userpass";\n');
    expect(r.err).toMatch(
      /\n\nSubcommands:\n {4}disable {4}Disables an auth method\n {4}enable {5}Enables a new auth method\n {4}help {7}Prints usage for an auth method\n {4}list {7}Lists enabled auth methods\n {4}move {7}Move an auth method to a new path\n {4}tune {7}Tunes an auth method configuration\n$/,
    );
  });
});
