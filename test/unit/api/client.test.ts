import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiResponseError,
  clientFromEnvironment,
  DEFAULT_ADDRESS,
  goUrlErrorOp,
  VaultClient,
} from '../../../src/api/client.js';
import { TsvaultError } from '../../../src/errors.js';
import { closedPort, SEALED_SHAMIR, startFakeVault, tempHome, type FakeVault } from '../cli/support.js';

let vault: FakeVault;
let client: VaultClient;
beforeEach(async () => {
  vault = await startFakeVault();
  client = new VaultClient({ address: `${vault.address}/`, token: 'hvs.t' });
});
afterEach(() => vault.close());

describe('VaultClient', () => {
  it('sends X-Vault-Token and X-Vault-Request and decodes JSON', async () => {
    vault.on('GET /v1/sys/seal-status', { body: SEALED_SHAMIR });
    expect(await client.sealStatus()).toEqual(SEALED_SHAMIR);
    const req = vault.requests[0];
    expect(req?.headers['x-vault-token']).toBe('hvs.t');
    expect(req?.headers['x-vault-request']).toBe('true');
    expect(req?.url).toBe('/v1/sys/seal-status');
  });

  it('omits the token header without a token', async () => {
    vault.on('GET /v1/sys/init', { body: { initialized: false } });
    const anon = new VaultClient({ address: vault.address });
    expect(await anon.initStatus()).toEqual({ initialized: false });
    expect(vault.requests[0]?.headers['x-vault-token']).toBeUndefined();
  });

  it('uses the methods and bodies of Vault\'s Go client', async () => {
    vault.on('PUT /v1/sys/init', { body: { keys: [], keys_base64: [], root_token: 'r' } });
    vault.on('PUT /v1/sys/unseal', { body: SEALED_SHAMIR });
    vault.on('PUT /v1/sys/seal', { status: 204 });
    vault.on('POST /v1/sys/rotate', { status: 204 });
    vault.on('GET /v1/sys/leader', { body: { ha_enabled: false } });
    vault.on('GET /v1/auth/token/lookup-self', { body: { data: { id: 'hvs.t' } } });
    await client.init({ recovery_shares: 5, recovery_threshold: 3 });
    await client.unseal({ key: 'k' });
    await client.unseal({ key: 'k', migrate: true });
    await client.unseal({ reset: true });
    await client.seal();
    await client.rotate();
    await client.leader();
    expect((await client.lookupSelf()).data).toEqual({ id: 'hvs.t' });
    expect(vault.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'PUT /v1/sys/init {"recovery_shares":5,"recovery_threshold":3}',
      'PUT /v1/sys/unseal {"key":"k","reset":false,"migrate":false}',
      'PUT /v1/sys/unseal {"key":"k","reset":false,"migrate":true}',
      'PUT /v1/sys/unseal {"reset":true}',
      'PUT /v1/sys/seal ',
      'POST /v1/sys/rotate ',
      'GET /v1/sys/leader ',
      'GET /v1/auth/token/lookup-self ',
    ]);
  });

  it('health overrides the status codes like Vault\'s client, and a 429 is not an error', async () => {
    vault.on('GET /v1/sys/health', { status: 429, body: { standby: true } });
    expect(await client.health({ standbyok: 'false' })).toEqual({ standby: true });
    expect(vault.requests[0]?.url).toBe(
      '/v1/sys/health?drsecondarycode=299&performancestandbycode=299&sealedcode=299&standbycode=299&standbyok=false&uninitcode=299',
    );
  });

  it('reads key-status from the data envelope', async () => {
    vault.on('GET /v1/sys/key-status', {
      body: { data: { term: 3, install_time: '2023-05-03T08:52:59Z', encryptions: 9 } },
    });
    expect(await client.keyStatus()).toEqual({ term: 3, install_time: '2023-05-03T08:52:59Z', encryptions: 9 });
  });

  it('turns an error status into ApiResponseError with Vault\'s exact text', async () => {
    vault.on('PUT /v1/sys/init', {
      status: 400,
      body: { errors: ['parameters secret_shares,secret_threshold not applicable to seal type awskms'] },
    });
    const e = await client.init({ secret_shares: 5, secret_threshold: 3 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiResponseError);
    expect(e).toBeInstanceOf(TsvaultError);
    const err = e as ApiResponseError;
    expect(err.code).toBe('API_REQUEST');
    expect(err.statusCode).toBe(400);
    expect(err.method).toBe('PUT');
    expect(err.url).toBe(`${vault.address}/v1/sys/init`);
    expect(err.errors).toEqual(['parameters secret_shares,secret_threshold not applicable to seal type awskms']);
    expect(err.format()).toBe(
      'Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/init\n` +
        'Code: 400. Errors:\n\n' +
        '* parameters secret_shares,secret_threshold not applicable to seal type awskms',
    );
  });

  it('joins several errors as Go does, shows an empty list, and prints a non-JSON body raw', async () => {
    vault.on('GET /v1/sys/leader', { status: 500, body: { errors: ['a', 'b'] } });
    vault.on('GET /v1/sys/init', { status: 405, body: { errors: [] } });
    vault.on('GET /v1/sys/seal-status', { status: 502, raw: 'Bad Gateway' });
    const text = async (p: Promise<unknown>) => ((await p.catch((x: unknown) => x)) as ApiResponseError).format();
    expect(await text(client.leader())).toMatch(/Code: 500\. Errors:\n\n\* a\* b$/);
    expect(await text(client.initStatus())).toMatch(/Code: 405\. Errors:\n\n$/);
    expect(await text(client.sealStatus())).toBe(
      `Error making API request.\n\nURL: GET ${vault.address}/v1/sys/seal-status\nCode: 502. Raw Message:\n\nBad Gateway`,
    );
  });

  it('describes a refused connection like Go\'s net/http', async () => {
    const port = await closedPort();
    const dead = new VaultClient({ address: `http://127.0.0.1:${port}` });
    const e = await dead.seal().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiConnectionError);
    expect((e as ApiConnectionError).format()).toBe(
      `Put "http://127.0.0.1:${port}/v1/sys/seal": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    expect(goUrlErrorOp('POST')).toBe('Post');
  });

  it('resolves address and token from flag, env and ~/.vault-token', async () => {
    const home = await tempHome();
    try {
      expect((await clientFromEnvironment({ env: {}, home: home.dir })).address).toBe(DEFAULT_ADDRESS);
      expect((await clientFromEnvironment({ env: {}, home: home.dir })).token).toBeUndefined();
      await writeFile(join(home.dir, '.vault-token'), '  hvs.file \n');
      const fromFile = await clientFromEnvironment({ env: { VAULT_ADDR: 'http://v:1' }, home: home.dir });
      expect(fromFile.address).toBe('http://v:1');
      expect(fromFile.token).toBe('hvs.file');
      const fromEnv = await clientFromEnvironment({
        env: { VAULT_ADDR: 'http://v:1', VAULT_TOKEN: 'hvs.env' },
        home: home.dir,
        address: 'http://flag:2',
      });
      expect(fromEnv.address).toBe('http://flag:2');
      expect(fromEnv.token).toBe('hvs.env');
    } finally {
      await home.cleanup();
    }
  });

  it('accepts an injected fetch', async () => {
    const seen: string[] = [];
    const fake = (async (url: string | URL | Request) => {
      seen.push(String(url));
      return new Response(JSON.stringify({ initialized: true }), { status: 200 });
    }) as typeof fetch;
    const c = new VaultClient({ address: 'http://example.invalid:8200', fetchImpl: fake });
    expect(await c.initStatus()).toEqual({ initialized: true });
    expect(seen).toEqual(['http://example.invalid:8200/v1/sys/init']);
  });
});
