import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/core.js';
import { assemble } from '../../../src/server/assemble.js';
import { createRequestHandler } from '../../../src/http/handler.js';
import { nullLogger } from '../../../src/log/logger.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { aead } from '../../../src/seal/plugin-api.js';
import shamir from '../../../plugins/shamir/index.js';
import { sealFor } from '../../../src/seal/create-seals.js';

let server: Server;
let base: string;
let core: Core;

beforeAll(async () => {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const assembled = assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '9.9.9', buildDate: 'b' });
  core = assembled.core;
  server = createServer(createRequestHandler(assembled.pipeline, nullLogger()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('HTTP API (Shamir life cycle and bad input)', () => {
  let keys: string[] = [];
  let token = '';

  it('answers uninitialised health with 501 and seal-status with the configured type', async () => {
    expect((await call('GET', 'sys/health')).status).toBe(501);
    expect((await call('GET', 'sys/health?uninitcode=200')).status).toBe(200);
    expect(await call('GET', 'sys/health?sealedcode=abc')).toEqual({ status: 400, body: { errors: [] } });
    expect((await call('GET', 'sys/health?standbyok=maybe')).body.errors[0]).toMatch(/^bad value for standbyok parameter/);
    const s = await call('GET', 'sys/seal-status');
    expect(s.body).toMatchObject({ type: 'shamir', initialized: false, sealed: true, t: 0, n: 0, recovery_seal: false, storage_type: 'inmem' });
    expect((await call('GET', 'sys/init')).body).toEqual({ initialized: false });
  });

  it('refuses bad init input with Vault texts', async () => {
    expect(await call('PUT', 'sys/init', { secret_shares: 2, secret_threshold: 3 })).toEqual({
      status: 400,
      body: { errors: ['invalid seal configuration: threshold cannot be larger than shares'] },
    });
    const nonNumeric = await call('PUT', 'sys/init', { secret_shares: 'five', secret_threshold: 3 });
    expect(nonNumeric.status).toBe(400);
    expect(nonNumeric.body.errors[0]).toContain('secret_shares');
    expect(await call('PUT', 'sys/init', { secret_shares: 5, secret_threshold: 3, recovery_shares: 5 })).toEqual({
      status: 400,
      body: { errors: ['parameters recovery_shares not applicable to seal type shamir'] },
    });
    const malformed = await call('PUT', 'sys/init', '{"secret_shares": 5,');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatch(/^failed to parse JSON input: /);
    expect((await call('DELETE', 'sys/init')).status).toBe(405);
  });

  it('refuses a 33 MiB body with 413 and keeps serving', async () => {
    const big = JSON.stringify({ key: 'a'.repeat(33 * 1024 * 1024) });
    const res = await call('PUT', 'sys/unseal', big);
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toContain('http: request body too large');
    expect((await call('GET', 'sys/seal-status')).status).toBe(200);
  });

  it('initialises and reports sealed at 0/3', async () => {
    const res = await call('PUT', 'sys/init', { secret_shares: 5, secret_threshold: 3 });
    expect(res.status).toBe(200);
    keys = res.body.keys_base64;
    token = res.body.root_token;
    expect(res.body.keys).toHaveLength(5);
    expect(res.body.keys[0]).toBe(Buffer.from(keys[0]!, 'base64').toString('hex'));
    expect((await call('PUT', 'sys/init', { secret_shares: 5, secret_threshold: 3 })).body).toEqual({ errors: ['Vault is already initialized'] });
    expect((await call('GET', 'sys/health')).status).toBe(503);
    expect(await call('GET', 'sys/key-status', undefined, { 'x-vault-token': token })).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    expect((await call('GET', 'secret/anything')).status).toBe(503);
  });

  it('refuses an invalid key encoding and a missing key', async () => {
    expect(await call('PUT', 'sys/unseal', { key: 'not base64 !!' })).toEqual({
      status: 400,
      body: { errors: ["'key' must be a valid hex or base64 string"] },
    });
    expect((await call('PUT', 'sys/unseal', {})).body.errors[0]).toBe("'key' must be specified in request body as JSON, or 'reset' set to true");
  });

  it('fails a wrong key set at the threshold with 400, resets, and keeps serving', async () => {
    const foreign = 'A'.repeat(44);
    expect((await call('PUT', 'sys/unseal', { key: keys[0] })).body.progress).toBe(1);
    expect((await call('PUT', 'sys/unseal', { key: keys[1] })).body.progress).toBe(2);
    const res = await call('PUT', 'sys/unseal', { key: foreign });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatch(/^(invalid key|unable to retrieve stored keys)/);
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0 });
  });

  it('resets progress on request, takes hex keys, and unseals', async () => {
    await call('PUT', 'sys/unseal', { key: keys[0] });
    expect((await call('PUT', 'sys/unseal', { reset: true })).body.progress).toBe(0);
    const hex = (k: string): string => Buffer.from(k, 'base64').toString('hex');
    await call('PUT', 'sys/unseal', { key: hex(keys[2]!) });
    await call('PUT', 'sys/unseal', { key: keys[3], migrate: false });
    const done = await call('PUT', 'sys/unseal', { key: keys[4] });
    expect(done.body).toMatchObject({ sealed: false, progress: 0, t: 3, n: 5 });
    expect(done.body.cluster_id).toBeTruthy();
    expect((await call('PUT', 'sys/unseal', { reset: true })).body).toEqual({ errors: ['vault is unsealed'] });
  });

  it('serves token-guarded paths only with a valid token', async () => {
    expect((await call('GET', 'sys/key-status')).status).toBe(403);
    const ks = await call('GET', 'sys/key-status', undefined, { 'x-vault-token': token });
    expect(ks.body.data).toMatchObject({ term: 1, encryptions: expect.any(Number) });
    expect((await call('POST', 'sys/rotate', undefined, { authorization: `Bearer ${token}` })).status).toBe(204);
    expect((await call('GET', 'sys/key-status', undefined, { 'x-vault-token': token })).body.term).toBe(2);
    const self = await call('GET', 'auth/token/lookup-self', undefined, { 'x-vault-token': token });
    expect(self.body.data).toMatchObject({ policies: ['root'], display_name: 'root', path: 'auth/token/root' });
    expect((await call('GET', 'nothing/here', undefined, { 'x-vault-token': token })).status).toBe(404);
    expect((await call('GET', 'sys/health')).body).toMatchObject({ initialized: true, sealed: false, standby: false });
    expect((await call('GET', 'sys/leader')).body.ha_enabled).toBe(false);
  });

  it('seals with the root token only', async () => {
    expect((await call('PUT', 'sys/seal')).status).toBe(403);
    expect((await call('PUT', 'sys/seal', undefined, { 'x-vault-token': token })).status).toBe(204);
    expect((await call('GET', 'sys/seal-status')).body.sealed).toBe(true);
  });
});
