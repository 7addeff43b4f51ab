/**
 * The generate-root and rekey paths of the system backend behind the real request pipeline and
 * listener (src/http/pipeline.ts, handler.ts): body, method table, the seal check, Vault's error
 * envelope. The state machines run over a fake KeyAuthority; the pipeline's services are a stub
 * that is sealed when the authority is.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GenerateRoot } from '../../../../src/core/generate-root.js';
import { Rekey } from '../../../../src/core/rekey.js';
import { decodeGoBase64, xorBytes } from '../../../../src/crypto/root-token.js';
import { CoreError } from '../../../../src/errors.js';
import { createRequestHandler } from '../../../../src/http/handler.js';
import { Pipeline } from '../../../../src/http/pipeline.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { createPathBackend } from '../../../../src/logical/framework.js';
import type { Router } from '../../../../src/logical/router.js';
import type { StorageView } from '../../../../src/logical/types.js';
import { SYSTEM_SEALED_PATHS, SYSTEM_UNAUTHENTICATED_PATHS } from '../../../../src/secrets/system/backend.js';
import { generateRootPaths } from '../../../../src/secrets/system/generate-root-paths.js';
import { httpPathSpecs } from '../../../../src/secrets/system/http-paths.js';
import { rekeyPaths } from '../../../../src/secrets/system/rekey-paths.js';
import { fakeAuthority, ROOT_TOKEN, type FakeAuthority } from '../../core/key-authority-fake.js';

let authority: FakeAuthority;
let pipeline: Pipeline;
let server: Server;
let base: string;

function useAuthority(a: FakeAuthority): void {
  authority = a;
  const logger = nullLogger();
  const http = httpPathSpecs([
    ...generateRootPaths(new GenerateRoot({ authority: a, logger })),
    ...rekeyPaths({
      barrier: new Rekey({ authority: a, target: 'barrier', logger }),
      recovery: new Rekey({ authority: a, target: 'recovery', logger }),
    }),
  ]);
  const backend = createPathBackend({
    type: 'system',
    paths: http.specs,
    httpPaths: http.methods,
    unauthenticatedPaths: SYSTEM_UNAUTHENTICATED_PATHS,
    sealedPaths: SYSTEM_SEALED_PATHS,
  });
  const denied = async (): Promise<never> => {
    throw new CoreError('CORE_PERMISSION_DENIED');
  };
  pipeline = new Pipeline({
    get sealed() {
      return a.sealed;
    },
    router: { match: () => undefined } as unknown as Router,
    system: { backend, storage: {} as StorageView },
    authenticate: denied,
    check: denied,
    use: async () => undefined,
    finish: async () => undefined,
    login: denied,
    wrap: denied,
  });
}

beforeAll(async () => {
  server = createServer((req, res) => createRequestHandler(pipeline, nullLogger())(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => useAuthority(fakeAuthority()));

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

describe('sys/generate-root', () => {
  it('serves the attempt life cycle and a token that decodes with the OTP', async () => {
    expect(await call('GET', 'sys/generate-root/attempt')).toEqual({
      status: 200,
      body: {
        nonce: '',
        started: false,
        progress: 0,
        required: 3,
        complete: false,
        encoded_token: '',
        encoded_root_token: '',
        pgp_fingerprint: '',
        otp: '',
        otp_length: 28,
      },
    });
    const start = await call('PUT', 'sys/generate-root/attempt', {});
    expect(start.status).toBe(200);
    const { nonce, otp } = start.body as { nonce: string; otp: string };
    expect(otp).toHaveLength(28);
    expect((await call('GET', 'sys/generate-root/attempt')).body).toMatchObject({ started: true, nonce, otp: '' });

    const first = await call('PUT', 'sys/generate-root/update', { key: b64(authority.shares[0]!), nonce });
    expect(first.body).toMatchObject({ progress: 1, required: 3, complete: false, nonce, otp_length: 0 });
    expect(await call('PUT', 'sys/generate-root/update', { key: hex(authority.shares[0]!), nonce })).toEqual({
      status: 400,
      body: { errors: ['given key has already been provided during this generation operation'] },
    });
    expect(await call('POST', 'sys/generate-root/update', { key: b64(authority.shares[1]!), nonce: 'wrong' })).toEqual({
      status: 400,
      body: { errors: [`incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`] },
    });
    await call('POST', 'sys/generate-root/update', { Key: hex(authority.shares[1]!), Nonce: nonce });
    const done = await call('PUT', 'sys/generate-root/update', { key: b64(authority.shares[2]!), nonce });
    expect(done.body).toMatchObject({ complete: true, progress: 3 });
    const token = Buffer.from(xorBytes(decodeGoBase64(done.body.encoded_token, false), Buffer.from(otp))).toString();
    expect(token).toBe(ROOT_TOKEN);
    expect(done.body.encoded_root_token).toBe(done.body.encoded_token);
  });

  it('aborts wrong shares with Vault\'s error', async () => {
    const { nonce } = (await call('PUT', 'sys/generate-root/attempt', { otp: 'C'.repeat(28) })).body as { nonce: string };
    const foreign = fakeAuthority().shares;
    await call('PUT', 'sys/generate-root/update', { key: b64(foreign[0]!), nonce });
    await call('PUT', 'sys/generate-root/update', { key: b64(foreign[1]!), nonce });
    const r = await call('PUT', 'sys/generate-root/update', { key: b64(foreign[2]!), nonce });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatch(/^root generation aborted: unable to authenticate: unable to retrieve stored keys: invalid key: /);
  });

  it('cancels with 204, and refuses bad bodies, a sealed server and other methods', async () => {
    await call('PUT', 'sys/generate-root/attempt', {});
    const cancel = await fetch(`${base}sys/generate-root/attempt`, { method: 'DELETE' });
    expect(cancel.status).toBe(204);
    expect(await cancel.text()).toBe('');
    expect((await call('GET', 'sys/generate-root/attempt')).body.started).toBe(false);
    expect(await call('PUT', 'sys/generate-root/update', { nonce: 'x' })).toEqual({
      status: 400,
      body: { errors: ["'key' must be specified in request body as JSON"] },
    });
    expect(await call('PUT', 'sys/generate-root/update', { key: 'not base64!', nonce: 'x' })).toEqual({
      status: 400,
      body: { errors: ["'key' must be a valid hex or base64 string"] },
    });
    expect((await call('PUT', 'sys/generate-root/attempt', { otp: 5 })).status).toBe(400);
    expect((await call('PUT', 'sys/generate-root/attempt', { otp: 'x' })).body).toEqual({ errors: ['OTP string is wrong length'] });
    expect((await call('GET', 'sys/generate-root/update')).status).toBe(405);
    authority.sealed = true;
    expect(await call('GET', 'sys/generate-root/attempt')).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
  });
});

describe('sys/rekey and sys/rekey-recovery-key', () => {
  it('rekeys: init, progress, new keys in hex and base64', async () => {
    const init = await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 });
    expect(init.status).toBe(200);
    expect(Object.keys(init.body)).toEqual(['nonce', 'started', 't', 'n', 'progress', 'required', 'pgp_fingerprints', 'backup', 'verification_required']);
    expect(init.body).toMatchObject({ started: true, t: 2, n: 3, progress: 0, required: 3, pgp_fingerprints: null, backup: false });
    const nonce = init.body.nonce as string;
    expect((await call('PUT', 'sys/rekey/update', { key: b64(authority.shares[0]!), nonce })).body).toMatchObject({ progress: 1, started: true });
    expect(await call('PUT', 'sys/rekey/update', { key: b64(authority.shares[1]!), nonce: 'nope' })).toEqual({
      status: 400,
      body: { errors: [`incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`] },
    });
    await call('PUT', 'sys/rekey/update', { key: hex(authority.shares[1]!), nonce });
    const done = await call('POST', 'sys/rekey/update', { key: b64(authority.shares[2]!), nonce });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ nonce, complete: true, backup: false, verification_required: false });
    expect(done.body.keys).toHaveLength(3);
    expect(done.body.keys_base64).toEqual(authority.shares.map(b64));
    expect((await call('GET', 'sys/rekey/init')).body.started).toBe(false);
  });

  it('answers with Vault\'s texts: bad config, recovery on Shamir, cancel without the nonce', async () => {
    expect(await call('PUT', 'sys/rekey/init', { secret_shares: 2, secret_threshold: 3 })).toEqual({
      status: 400,
      body: { errors: ['provided threshold greater than the total shares'] },
    });
    expect(await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 1 })).toEqual({
      status: 500,
      body: { errors: ['invalid rekey seal configuration: threshold must be greater than one for multiple shares'] },
    });
    expect(await call('GET', 'sys/rekey-recovery-key/init')).toEqual({ status: 400, body: { errors: ['recovery rekeying not supported'] } });
    const { nonce } = (await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 })).body as { nonce: string };
    expect(await call('DELETE', 'sys/rekey/init')).toEqual({ status: 400, body: { errors: ['invalid request'] } });
    expect((await call('DELETE', 'sys/rekey/init', { nonce })).status).toBe(204);
    expect(await call('PUT', 'sys/rekey/update', { key: b64(authority.shares[0]!), nonce })).toEqual({
      status: 400,
      body: { errors: ['no barrier rekey in progress'] },
    });
    authority.sealed = true;
    expect(await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 })).toEqual({
      status: 503,
      body: { errors: ['Vault is sealed'] },
    });
  });

  it('rekeys recovery shares under an auto seal and refuses wrong ones', async () => {
    useAuthority(fakeAuthority({ recovery: true, shares: 3, threshold: 2 }));
    expect((await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 })).status).toBe(400);
    const { nonce } = (await call('PUT', 'sys/rekey-recovery-key/init', { secret_shares: 1, secret_threshold: 1 })).body as { nonce: string };
    const foreign = fakeAuthority({ shares: 3, threshold: 2 }).shares;
    await call('PUT', 'sys/rekey-recovery-key/update', { key: b64(foreign[0]!), nonce });
    expect(await call('PUT', 'sys/rekey-recovery-key/update', { key: b64(foreign[1]!), nonce })).toEqual({
      status: 400,
      body: { errors: ['recovery key verification failed: recovery key does not match submitted values'] },
    });
    await call('PUT', 'sys/rekey-recovery-key/update', { key: b64(authority.shares[0]!), nonce });
    const done = await call('PUT', 'sys/rekey-recovery-key/update', { key: b64(authority.shares[1]!), nonce });
    expect(done.body.keys).toEqual([hex(authority.key)]);
  });
});
