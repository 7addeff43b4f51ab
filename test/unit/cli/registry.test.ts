import { describe, expect, it } from 'vitest';
import { helpOf, isHidden, REGISTRY } from '../../../src/cli/registry.js';

describe('the command registry', () => {
  it('lists the synopsis each command module declares, and every module loads', async () => {
    for (const [name, entry] of REGISTRY) {
      if (!('load' in entry)) continue;
      const { command } = await entry.load();
      expect(command.synopsis, name).toBe(entry.synopsis);
      expect(command.help.startsWith(`Usage: vault ${name}`), name).toBe(true);
      expect(typeof command.run, name).toBe('function');
    }
  });

  it('has a group entry above every nested command', () => {
    for (const name of REGISTRY.keys()) {
      const words = name.split(' ');
      for (let n = 1; n < words.length; n++) expect(REGISTRY.has(words.slice(0, n).join(' ')), name).toBe(true);
    }
  });

  it('gives groups their help without loading anything, and hides only version', async () => {
    const operator = REGISTRY.get('operator');
    expect(operator && (await helpOf(operator))).toMatch(/^Usage: vault operator <subcommand>/);
    expect([...REGISTRY].filter(([, e]) => isHidden(e)).map(([n]) => n)).toEqual(['version']);
  });
});
