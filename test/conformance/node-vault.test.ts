/** A client nobody here wrote, node-vault, drives init, unseal, seal-status and health. */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/harness.js';
import { recordSecrets } from '../support/leak-check.js';

const require = createRequire(import.meta.url);
const nodeVault = require('node-vault') as (opts: { apiVersion: string; endpoint: string; token?: string }) => {
  initialized(): Promise<{ initialized: boolean }>;
  init(o: { secret_shares: number; secret_threshold: number }): Promise<{ keys: string[]; keys_base64: string[]; root_token: string }>;
  unseal(o: { key: string }): Promise<{ sealed: boolean; t: number; n: number; progress: number }>;
  status(): Promise<{ sealed: boolean; t: number; n: number; progress: number; type: string }>;
  health(q?: Record<string, unknown>): Promise<Record<string, unknown>>;
  seal(): Promise<unknown>;
  token: string;
};

describe('node-vault against tsvault', () => {
  let server: ServerProcess;
  let client: ReturnType<typeof nodeVault>;

  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    client = nodeVault({ apiVersion: 'v1', endpoint: `http://${server.address}` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports not initialised through initialized() and health()', async () => {
    expect(await client.initialized()).toEqual({ initialized: false });
    // node-vault reads a non-200 health answer (here 501) as data, not as an error.
    expect(await client.health()).toMatchObject({ initialized: false, sealed: true, standby: false });
    expect(await client.health({ uninitcode: 200 })).toMatchObject({ initialized: false, sealed: true });
  });

  it('initialises, unseals key by key, and seals with the root token', async () => {
    const init = await client.init({ secret_shares: 3, secret_threshold: 2 });
    recordSecrets(JSON.stringify(init));
    expect(init.keys).toHaveLength(3);
    expect(init.root_token).toMatch(/^hvs\./);
    let status = await client.status();
    expect(status).toMatchObject({ type: 'shamir', sealed: true, t: 2, n: 3, progress: 0 });
    expect(await client.unseal({ key: init.keys[0]! })).toMatchObject({ sealed: true, progress: 1 });
    expect(await client.unseal({ key: init.keys_base64[2]! })).toMatchObject({ sealed: false, progress: 0 });
    const health = await client.health();
    expect(health).toMatchObject({ initialized: true, sealed: false, standby: false });
    expect(typeof health.cluster_id).toBe('string');
    client.token = init.root_token;
    await client.seal();
    status = await client.status();
    expect(status.sealed).toBe(true);
    expect(await client.health()).toMatchObject({ initialized: true, sealed: true });
    await expect(client.unseal({ key: 'not*a*key' })).rejects.toMatchObject({ response: { statusCode: 400 } });
  });
});
