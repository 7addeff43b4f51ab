/** `vault server -dev`: in memory, initialised with one share, unsealed, key and token printed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess, tempDir } from '../support/harness.js';

describe('vault server -dev', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    const dir = tempDir('tsvault-dev-');
    const address = `127.0.0.1:${await freePort()}`;
    server = new ServerProcess({ dir, configPath: '', address, printsSecrets: true });
    await server.start(['-dev', '-dev-root-token-id=devroot', `-dev-listen-address=${address}`]);
    await server.waitForOutput(/Development mode should NOT be used in production installations!/);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints the dev notice with the unseal key and the chosen root token', () => {
    expect(server.output).toContain(`$ export VAULT_ADDR='http://${server.address}'`);
    expect(server.output).toMatch(/^Unseal Key: [A-Za-z0-9+/]{43}=$/m);
    expect(server.output).toMatch(/^Root Token: devroot$/m);
  });

  it('is unsealed, in memory, with one share, and the CLI is already logged in', () => {
    expect(readFileSync(join(server.dir, '.vault-token'), 'utf8')).toBe('devroot');
    const status = server.vault(['status', '-format=json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ sealed: false, t: 1, n: 1, storage_type: 'inmem', initialized: true });
    const keyStatus = server.vault(['operator', 'key-status']);
    expect(keyStatus.code).toBe(0);
    expect(keyStatus.stdout).toMatch(/^Key Term +1$/m);
  });

  it('seals and unseals again with the printed key', () => {
    const key = /^Unseal Key: (\S+)$/m.exec(server.output)![1]!;
    expect(server.vault(['operator', 'seal']).code).toBe(0);
    expect(server.vault(['status']).code).toBe(2);
    expect(server.vault(['operator', 'unseal', key]).stdout).toMatch(/^Sealed +false$/m);
  });
});
