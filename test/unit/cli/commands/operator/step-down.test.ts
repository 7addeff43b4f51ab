import { describe, expect, it } from 'vitest';
import { command } from '../../../../../src/cli/commands/operator/step-down.js';
import { memoryIO, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault operator step-down', () => {
  it('PUTs sys/step-down and prints "Success! Stepped down: <address>"', async () => {
    vault.on('PUT /v1/sys/step-down', { status: 204 });
    const io = memoryIO({ env: { VAULT_ADDR: vault.address, VAULT_TOKEN: 'hvs.root' } });
    expect(await command.run([], io)).toBe(0);
    expect(io.out()).toBe(`Success! Stepped down: ${vault.address}\n`);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
  });

  it('prints "Error stepping down: ..." with exit 2 on an API error', async () => {
    vault.on('PUT /v1/sys/step-down', { status: 403, body: { errors: ['permission denied'] } });
    const io = memoryIO({ env: { VAULT_ADDR: vault.address } });
    expect(await command.run([], io)).toBe(2);
    expect(io.errOut()).toContain('Error stepping down: Error making API request.');
    expect(io.errOut()).toContain('* permission denied');
  });

  it('takes no arguments', async () => {
    const io = memoryIO({ env: { VAULT_ADDR: vault.address } });
    expect(await command.run(['extra'], io)).toBe(1);
    expect(vault.requests).toHaveLength(0);
  });
});
