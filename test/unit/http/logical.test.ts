/** The request path behind the mount table: mounts, KV, tokens, ACL policies, Vault's envelope. */
import { createServer, request as httpRequest, type Server } from 'node:http';
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
let root = '';

async function call(method: string, path: string, opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(opts.token ? { 'x-vault-token': opts.token } : {}), ...opts.headers },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const assembled = assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b' });
  const core = assembled.core;
  server = createServer(createRequestHandler(assembled.pipeline, nullLogger()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 });
  root = init.root_token;
  await core.unseal(Buffer.from(init.keys_base64[0]!, 'base64'));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('mounts and KV v2 through the request path', () => {
  it('lists the built-in mounts and enables kv-v2 at secret/', async () => {
    const mounts = await call('GET', 'sys/mounts', { token: root });
    expect(Object.keys(mounts.body.data).sort()).toEqual(['cubbyhole/', 'identity/', 'sys/']);
    expect(mounts.body['sys/'].type).toBe('system');
    expect((await call('POST', 'sys/mounts/secret', { token: root, body: { type: 'kv', options: { version: '2' } } })).status).toBe(204);
    expect((await call('POST', 'sys/mounts/secret', { token: root, body: { type: 'kv' } })).body.errors[0]).toMatch(/path is already in use at secret\//);
    expect((await call('POST', 'sys/mounts/x', { token: root, body: { type: 'nope' } })).body.errors[0]).toMatch(/plugin not found in the catalog: nope/);
  });

  it('writes, reads and lists secrets with Vault\'s envelope', async () => {
    const put = await call('POST', 'secret/data/app/db', { token: root, body: { data: { password: 'p1' } } });
    expect(put.status).toBe(200);
    expect(put.body.data.version).toBe(1);
    const get = await call('GET', 'secret/data/app/db', { token: root });
    expect(get.body).toMatchObject({ lease_id: '', renewable: false, lease_duration: 0, wrap_info: null, auth: null, mount_type: 'kv' });
    expect(get.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(get.body.data.data).toEqual({ password: 'p1' });
    const list = await call('GET', 'secret/metadata/app?list=true', { token: root });
    expect(list.body.data.keys).toEqual(['db']);
    expect(await call('GET', 'secret/data/none', { token: root })).toEqual({ status: 404, body: { errors: [] } });
    expect((await call('GET', 'nowhere/x', { token: root })).body.errors[0]).toBe('no handler for route "nowhere/x". route entry not found.');
  });

  it('wraps a read under X-Vault-Wrap-TTL, unwraps it once, and refuses a PATCH without merge-patch content type', async () => {
    expect((await call('GET', 'secret/data/app/db', { token: root, headers: { 'x-vault-wrap-ttl': 'later' } })).status).toBe(400);
    const wrapped = await call('GET', 'secret/data/app/db', { token: root, headers: { 'x-vault-wrap-ttl': '60' } });
    expect(wrapped.body.data).toBeNull();
    expect(wrapped.body.wrap_info).toMatchObject({ ttl: 60, creation_path: 'secret/data/app/db' });
    const lookup = await call('POST', 'sys/wrapping/lookup', { body: { token: wrapped.body.wrap_info.token } });
    expect(lookup.body.data).toMatchObject({ creation_ttl: 60, creation_path: 'secret/data/app/db' });
    const unwrapped = await call('POST', 'sys/wrapping/unwrap', { token: wrapped.body.wrap_info.token });
    expect(unwrapped.body.data.data).toEqual({ password: 'p1' });
    const again = await call('POST', 'sys/wrapping/unwrap', { token: root, body: { token: wrapped.body.wrap_info.token } });
    expect(again).toEqual({ status: 400, body: { errors: ['wrapping token is not valid or does not exist'] } });
    expect((await call('PATCH', 'secret/data/app/db', { token: root, body: { data: { a: 1 } } })).status).toBe(415);
    const patched = await call('PATCH', 'secret/data/app/db', { token: root, body: { data: { user: 'u' } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.status).toBe(200);
    expect((await call('GET', 'secret/data/app/db', { token: root })).body.data.data).toEqual({ password: 'p1', user: 'u' });
  });
});

describe('ACL policies and tokens', () => {
  let reader = '';

  it('a read-only token reads app secrets and nothing else', async () => {
    const policy = 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\npath "auth/token/create" {\n  capabilities = ["update"]\n}\n';
    expect((await call('PUT', 'sys/policies/acl/app-read', { token: root, body: { policy } })).status).toBe(204);
    const created = await call('POST', 'auth/token/create', { token: root, body: { policies: ['app-read'], ttl: '1h' } });
    expect(created.status).toBe(200);
    reader = created.body.auth.client_token;
    expect(created.body.auth.policies).toEqual(['app-read', 'default']);
    expect((await call('GET', 'secret/data/app/db', { token: reader })).status).toBe(200);
    expect(await call('POST', 'secret/data/app/db', { token: reader, body: { data: { x: 1 } } })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    expect((await call('GET', 'secret/data/other', { token: reader })).status).toBe(403);
    expect((await call('GET', 'sys/mounts', { token: reader })).status).toBe(403);
    const self = await call('GET', 'auth/token/lookup-self', { token: reader });
    expect(self.body.data).toMatchObject({ policies: ['app-read', 'default'], path: 'auth/token/create' });
  });

  it('a child token dies with its parent; a revoked token is refused everywhere', async () => {
    const child = await call('POST', 'auth/token/create', { token: reader, body: { policies: ['app-read'] } });
    expect(child.status).toBe(200);
    const childToken = child.body.auth.client_token;
    expect((await call('GET', 'secret/data/app/db', { token: childToken })).status).toBe(200);
    expect((await call('POST', 'auth/token/revoke-self', { token: reader })).status).toBe(204);
    expect((await call('GET', 'secret/data/app/db', { token: reader })).status).toBe(403);
    expect((await call('GET', 'secret/data/app/db', { token: childToken })).status).toBe(403);
  });

  it('a token with num_uses is revoked after its last use', async () => {
    const created = await call('POST', 'auth/token/create', { token: root, body: { num_uses: 2 } });
    const t = created.body.auth.client_token;
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(200);
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(200);
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(403);
  });

  it('an expired token is refused', async () => {
    const t = (await call('POST', 'auth/token/create', { token: root, body: { ttl: '1s' } })).body.auth.client_token;
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(200);
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await call('GET', 'auth/token/lookup-self', { token: t })).status;
    }
    expect(status).toBe(403);
  });

  it('cubbyhole is private to each token', async () => {
    const other = (await call('POST', 'auth/token/create', { token: root, body: {} })).body.auth.client_token;
    expect((await call('POST', 'cubbyhole/note', { token: root, body: { v: 'mine' } })).status).toBe(204);
    expect((await call('GET', 'cubbyhole/note', { token: root })).body.data).toEqual({ v: 'mine' });
    expect((await call('GET', 'cubbyhole/note', { token: other })).status).toBe(404);
  });
});

describe('bad input gets a clear Vault-shaped error', () => {
  it('wrong JSON types', async () => {
    const r = await call('POST', 'auth/token/create', { token: root, body: { ttl: { nested: true } } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatch(/duration/);
    const kv = await call('POST', 'secret/data/typed', { token: root, body: { data: 'not an object' } });
    expect(kv.status).toBe(400);
  });

  it('missing required fields', async () => {
    expect((await call('PUT', 'sys/policies/acl/empty', { token: root, body: {} })).body.errors[0]).toBe("'policy' parameter not supplied or empty");
    expect((await call('POST', 'sys/mounts/nothing', { token: root, body: {} })).body.errors[0]).toBe('backend type must be specified as a string');
    expect((await call('POST', 'auth/token/lookup-accessor', { token: root, body: {} })).body.errors[0]).toBe('missing accessor');
  });

  it('unknown mount paths', async () => {
    expect(await call('GET', 'unknown/mount/x', { token: root })).toEqual({
      status: 404,
      body: { errors: ['no handler for route "unknown/mount/x". route entry not found.'] },
    });
    expect((await call('GET', 'unknown/mount/x')).status).toBe(403);
  });

  it('path traversal, raw or percent-encoded, is refused before routing', async () => {
    for (const path of ['secret/data/a/../../sys/mounts', 'cubbyhole/..%2F..%2Fcore%2Fkeyring', 'secret/data/%2e%2e/x']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${base}${path}`, { method: 'GET', headers: { 'x-vault-token': root } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.path = `/v1/${path}`; // keep the dots: fetch and URL would normalise them away
        req.on('error', reject);
        req.end();
      });
      expect(status, path).toBe(400);
    }
  });

  it('a policy with an HCL syntax error names line and column', async () => {
    const r = await call('PUT', 'sys/policies/acl/broken', { token: root, body: { policy: 'path "a" {\n  capabilities = ["read"\n}\n' } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatch(/^failed to parse policy: At \d+:\d+: /);
  });

  it('oversized keys', async () => {
    const r = await call('POST', `secret/data/${'k'.repeat(300)}`, { token: root, body: { data: { a: 1 } } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toBeTruthy();
  });
});

describe('methods, content types and warnings', () => {
  const rawCall = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { method, headers: { 'x-vault-token': root, ...headers } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('deletes with DELETE (204) and refuses a method the API does not have with 405', async () => {
    expect((await call('POST', 'secret/data/gone', { token: root, body: { data: { a: '1' } } })).status).toBe(200);
    expect(await call('DELETE', 'secret/data/gone', { token: root })).toEqual({ status: 204, body: undefined });
    expect(await call('GET', 'secret/data/gone', { token: root })).toMatchObject({ status: 404 });
    expect(await rawCall('OPTIONS', 'secret/data/gone', {})).toEqual({ status: 405, body: '{"errors":[]}' });
  });

  it('names the content type a PATCH came with, or none', async () => {
    const none = await rawCall('PATCH', 'secret/data/app/db', {}, '{"data":{"a":1}}');
    expect(none.status).toBe(415);
    expect(JSON.parse(none.body).errors).toEqual(['PATCH requires Content-Type of application/merge-patch+json, provided ']);
    const json = await rawCall('PATCH', 'secret/data/app/db', { 'content-type': 'Application/JSON; charset=utf-8' }, '{"data":{"a":1}}');
    expect(JSON.parse(json.body).errors).toEqual(['PATCH requires Content-Type of application/merge-patch+json, provided application/json']);
  });

  it("puts a backend's warnings in the envelope, and null when there are none", async () => {
    expect((await call('POST', 'sys/mounts/transit', { token: root, body: { type: 'transit' } })).status).toBe(204);
    const warned = await call('POST', 'transit/random/seal/8', { token: root, body: {} });
    expect(warned.status).toBe(200);
    expect(warned.body.warnings).toEqual(['no seal/entropy augmentation available, using platform entropy source']);
    const plain = await call('POST', 'transit/random/8', { token: root, body: {} });
    expect(plain.body.warnings).toBeNull();
  });
});

