import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault audit (group)', () => {
  it('prints its help and the subcommands, exit 1', async () => {
    const r = await runVault(vault, ['audit']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Usage: vault audit <subcommand> \[options\] \[args\]\n/);
    expect(r.err).toContain('      $ vault audit list\n');
    expect(r.err).toMatch(
      /\n\nSubcommands:\n {4}disable {4}Disables an audit device\n {4}enable {5}Enables an audit device\n {4}list {7}Lists enabled audit devices\n$/,
    );
    expect(vault.requests).toEqual([]);
  });

  it('each subcommand prints its help with its flags, exit 0', async () => {
    const enable = await runVault(vault, ['audit', 'enable', '-h']);
    expect(enable.code).toBe(0);
    expect(enable.err).toMatch(/^Usage: vault audit enable \[options\] TYPE \[CONFIG K=V\.\.\.\]\n/);
    expect(enable.err).toMatch(/\nCommand Options:\n\n {2}-description=<string>\n[\s\S]*\n {2}-local\n[\s\S]*\n {2}-path=<string>\n/);
    const list = await runVault(vault, ['audit', 'list', '-help']);
    expect(list.err).toMatch(/\n {2}-detailed\n/);
    expect(list.err).toMatch(/\n {2}-format=<string>\n/);
  });
});
