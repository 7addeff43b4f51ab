/**
 * OpenBao's names for the key ceremonies (src/secrets/system/openbao-paths.ts) through the assembled
 * server and the real pipeline: authenticated and ACL-checked, sudo on rotate/keyring, answers in
 * the envelope's `data`, and the same state machines as Vault's names.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shamir from '../../../../plugins/shamir/index.js';
import { createRequestHandler } from '../../../../src/http/handler.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { sealFor } from '../../../../src/seal/create-seals.js';
import { aead } from '../../../../src/seal/plugin-api.js';
import { assemble } from '../../../../src/server/assemble.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';

let server: Server;
let origin = '';
let root = '';
let unsealKey = '';

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${origin}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function tokenWith(policy: string): Promise<string> {
  expect((await call('PUT', 'sys/policy/p-' + policy.length, root, { policy })).status).toBe(204);
  const created = await call('POST', 'auth/token/create', root, { policies: ['p-' + policy.length] });
  return created.body!.auth.client_token as string;
}

beforeAll(async () => {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const assembled = assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b' });
  server = createServer(createRequestHandler(assembled.pipeline, nullLogger()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const init = await assembled.core.initialize({ secret_shares: 1, secret_threshold: 1 });
  root = init.root_token;
  unsealKey = init.keys_base64[0]!;
  await assembled.core.unseal(Buffer.from(unsealKey, 'base64'));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("OpenBao's paths", () => {
  it('sys/generate-root-token/* runs the generate-root ceremony, answering in data', async () => {
    const status = await call('GET', 'sys/generate-root-token/attempt', root);
    expect(status).toMatchObject({ status: 200, body: { data: { started: false, progress: 0, required: 1 } } });
    const started = await call('PUT', 'sys/generate-root-token/attempt', root, {});
    expect(started.status).toBe(200);
    expect(started.body!.data).toMatchObject({ started: true });
    expect(typeof started.body!.data.otp).toBe('string');
    const nonce = started.body!.data.nonce as string;
    // The same attempt is visible under Vault's name.
    expect((await call('GET', 'sys/generate-root/attempt')).body).toMatchObject({ started: true, nonce });
    const done = await call('PUT', 'sys/generate-root-token/update', root, { key: unsealKey, nonce });
    expect(done.status).toBe(200);
    expect(done.body!.data).toMatchObject({ complete: true, nonce });
    expect(done.body!.data.encoded_token).toMatch(/.+/);
  });

  it('sys/generate-root-token/* is authenticated and ACL-checked, unlike sys/generate-root/*', async () => {
    expect((await call('GET', 'sys/generate-root/attempt')).status).toBe(200);
    expect(await call('GET', 'sys/generate-root-token/attempt')).toMatchObject({ status: 403, body: { errors: ['permission denied'] } });
    const plain = await tokenWith('path "secret/*" { capabilities = ["read"] }');
    expect((await call('GET', 'sys/generate-root-token/attempt', plain)).status).toBe(403);
    const allowed = await tokenWith('path "sys/generate-root-token/*" { capabilities = ["read", "update", "delete"] }');
    expect((await call('GET', 'sys/generate-root-token/attempt', allowed)).status).toBe(200);
    expect((await call('DELETE', 'sys/generate-root-token/attempt', allowed)).status).toBe(204);
  });

  it('sys/rotate/keyring rotates the keyring and needs sudo', async () => {
    const before = (await call('GET', 'sys/key-status', root)).body!.data.term as number;
    expect((await call('POST', 'sys/rotate/keyring', root)).status).toBe(204);
    expect((await call('GET', 'sys/key-status', root)).body!.data.term).toBe(before + 1);
    const noSudo = await tokenWith('path "sys/rotate/keyring" { capabilities = ["update"] }');
    expect((await call('POST', 'sys/rotate/keyring', noSudo)).status).toBe(403);
    const sudo = await tokenWith('path "sys/rotate/keyring" { capabilities = ["update", "sudo"] }');
    expect((await call('POST', 'sys/rotate/keyring', sudo)).status).toBe(204);
  });

  it('sys/rotate/root/* and sys/rotate/recovery/* are the rekey state machines', async () => {
    expect(await call('GET', 'sys/rotate/root/init', root)).toMatchObject({ status: 200, body: { data: { started: false } } });
    const init = await call('PUT', 'sys/rotate/root/init', root, { secret_shares: 1, secret_threshold: 1 });
    expect(init.body!.data).toMatchObject({ started: true, n: 1, t: 1 });
    expect((await call('GET', 'sys/rekey/init')).body).toMatchObject({ started: true, nonce: init.body!.data.nonce });
    expect((await call('DELETE', 'sys/rotate/root/init', root, { nonce: init.body!.data.nonce })).status).toBe(204);
    // A Shamir seal has no recovery key: both names give the same refusal.
    const vaultName = await call('GET', 'sys/rekey-recovery-key/init');
    expect(vaultName.status).toBe(400);
    expect(await call('GET', 'sys/rotate/recovery/init', root)).toEqual(vaultName);
    expect((await call('GET', 'sys/rotate/root/init')).status).toBe(403);
  });
});
