import { describe, expect, it } from 'vitest';
import { command as operatorSealCommand } from '../../../../../src/cli/commands/operator/seal.js';
import { memoryIO, tempHome, useFakeVault } from '../../support.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const { vault } = useFakeVault();

describe('vault operator seal', () => {
  it('prints "Success! Vault is sealed." on 204 and sends the token from VAULT_TOKEN', async () => {
    vault.on('PUT /v1/sys/seal', { status: 204 });
    const io = memoryIO({ env: { VAULT_ADDR: vault.address, VAULT_TOKEN: 'hvs.root' } });
    expect(await operatorSealCommand.run([], io)).toBe(0);
    expect(io.out()).toBe('Success! Vault is sealed.\n');
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
    expect(vault.requests[0]?.headers['x-vault-request']).toBe('true');
  });

  it('falls back to ~/.vault-token (trimmed)', async () => {
    vault.on('PUT /v1/sys/seal', { status: 204 });
    const home = await tempHome();
    try {
      await writeFile(join(home.dir, '.vault-token'), 'hvs.fromfile\n');
      const io = memoryIO({ env: { VAULT_ADDR: vault.address }, home: home.dir });
      expect(await operatorSealCommand.run([], io)).toBe(0);
      expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.fromfile');
    } finally {
      await home.cleanup();
    }
  });

  it('prints "Error sealing: ..." with exit 2 on a 403', async () => {
    vault.on('PUT /v1/sys/seal', { status: 403, body: { errors: ['permission denied'] } });
    const io = memoryIO({ env: { VAULT_ADDR: vault.address } });
    expect(await operatorSealCommand.run([], io)).toBe(2);
    expect(io.errOut()).toBe(
      `Error sealing: Error making API request.\n\nURL: PUT ${vault.address}/v1/sys/seal\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    );
    expect(vault.requests[0]?.headers['x-vault-token']).toBeUndefined();
  });

  it('rejects arguments with exit 1', async () => {
    const io = memoryIO({ env: { VAULT_ADDR: vault.address } });
    expect(await operatorSealCommand.run(['now'], io)).toBe(1);
    expect(io.errOut()).toBe('Too many arguments (expected 0, got 1)\n');
  });
});
