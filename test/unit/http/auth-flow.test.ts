/**
 * Logins through the one request path: sys/auth, userpass users, the token a login mints (orphan,
 * with an entity), templated policies, token leases under sys/leases, disabling a mount revoking
 * its tokens, and token_bound_cidrs enforced on use.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, path: string, opts: { body?: unknown; token?: string } = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(opts.token ? { 'x-vault-token': opts.token } : {}) },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const login = async (user: string, password: string, path = 'userpass') =>
  call('POST', `auth/${path}/login/${user}`, { body: { password } });

beforeAll(async () => {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const a = assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b' });
  server = createServer(createRequestHandler(a.pipeline, nullLogger()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  const init = await a.core.initialize({ secret_shares: 1, secret_threshold: 1 });
  root = init.root_token;
  await a.core.unseal(Buffer.from(init.keys_base64[0]!, 'base64'));
  expect((await call('POST', 'sys/mounts/secret', { token: root, body: { type: 'kv', options: { version: '2' } } })).status).toBe(204);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('sys/auth', () => {
  it('enables userpass with a Vault accessor, reads, tunes and lists it, and refuses unknown types', async () => {
    expect((await call('POST', 'sys/auth/userpass', { token: root, body: { type: 'userpass', description: 'people' } })).status).toBe(204);
    const list = await call('GET', 'sys/auth', { token: root });
    expect(list.body.data['userpass/']).toMatchObject({ type: 'userpass', description: 'people' });
    expect(list.body.data['userpass/'].accessor).toMatch(/^auth_userpass_[0-9a-f]{8}$/);
    expect((await call('GET', 'sys/auth/userpass', { token: root })).body.data.type).toBe('userpass');
    expect((await call('POST', 'sys/auth/userpass/tune', { token: root, body: { default_lease_ttl: '1h', max_lease_ttl: '2h' } })).status).toBe(204);
    expect((await call('GET', 'sys/auth/userpass/tune', { token: root })).body.data).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200 });
    expect((await call('GET', 'sys/auth/token/tune', { token: root })).body.data.token_type).toBe('default-service');
    const bad = await call('POST', 'sys/auth/x', { token: root, body: { type: 'nosuch' } });
    expect(bad).toEqual({ status: 400, body: { errors: ['plugin not found in the catalog: nosuch'] } });
    const kv = await call('POST', 'sys/auth/y', { token: root, body: { type: 'kv' } });
    expect(kv.body.errors).toEqual(['plugin not found in the catalog: kv']);
    const missing = await call('GET', 'sys/auth/nothing', { token: root });
    expect(missing).toEqual({ status: 400, body: { errors: ['No auth engine at nothing/'] } });
  });
});

describe('a userpass login', () => {
  let token = '';

  it('mints an orphan token with the user\'s policies, the mount\'s TTL and an entity', async () => {
    await call('PUT', 'sys/policy/self', {
      token: root,
      body: { policy: 'path "secret/data/{{identity.entity.aliases.' + (await accessor()) + '.name}}/*" { capabilities = ["create","read","update"] }' },
    });
    expect((await call('POST', 'auth/userpass/users/alice', { token: root, body: { password: 'alice-pw-123456', token_policies: 'self' } })).status).toBe(204);
    const res = await login('alice', 'alice-pw-123456');
    expect(res.status).toBe(200);
    const auth = res.body.auth;
    token = auth.client_token;
    expect(auth).toMatchObject({ policies: ['default', 'self'], token_policies: ['default', 'self'], metadata: { username: 'alice' }, lease_duration: 3600, renewable: true, orphan: true, token_type: 'service' });
    expect(auth.entity_id).toMatch(/^[0-9a-f-]{36}$/);
    const self = await call('GET', 'auth/token/lookup-self', { token });
    expect(self.body.data).toMatchObject({ display_name: 'userpass-alice', path: 'auth/userpass/login/alice', entity_id: auth.entity_id, orphan: true });
    const entity = await call('GET', `identity/entity/id/${auth.entity_id}`, { token: root });
    expect(entity.body.data.aliases[0]).toMatchObject({ name: 'alice', mount_type: 'userpass', mount_path: 'auth/userpass/' });
  });

  it('lets the templated policy write under the user\'s own name only', async () => {
    expect((await call('POST', 'secret/data/alice/x', { token, body: { data: { a: 1 } } })).status).toBe(200);
    expect((await call('GET', 'secret/data/alice/x', { token })).body.data.data).toEqual({ a: 1 });
    expect((await call('POST', 'secret/data/bob/x', { token, body: { data: { a: 1 } } })).status).toBe(403);
    // The CLI's kv pre-flight sees the filled-in policy too, as does sys/capabilities-self.
    expect((await call('GET', 'sys/internal/ui/mounts/secret/alice/x', { token })).body.data).toMatchObject({ path: 'secret/', type: 'kv' });
    const caps = await call('POST', 'sys/capabilities-self', { token, body: { paths: ['secret/data/alice/x', 'secret/data/bob/x'] } });
    expect([caps.body.data['secret/data/alice/x'], caps.body.data['secret/data/bob/x']]).toEqual([['create', 'read', 'update'], ['deny']]);
  });

  it('applies the entity\'s own policies to its tokens, and refuses them while the entity is disabled', async () => {
    await call('PUT', 'sys/policy/team', { token: root, body: { policy: 'path "secret/data/team/*" { capabilities = ["read"] }' } });
    await call('POST', 'secret/data/team/doc', { token: root, body: { data: { v: 1 } } });
    expect((await call('GET', 'secret/data/team/doc', { token })).status).toBe(403);
    const entityId = (await call('GET', 'auth/token/lookup-self', { token })).body.data.entity_id as string;
    expect((await call('POST', `identity/entity/id/${entityId}`, { token: root, body: { policies: ['team'] } })).status).toBe(200);
    expect((await call('GET', 'secret/data/team/doc', { token })).status).toBe(200);
    const caps = await call('POST', 'sys/capabilities', { token: root, body: { token, paths: ['secret/data/team/doc'] } });
    expect(caps.body.data['secret/data/team/doc']).toEqual(['read']);
    await call('POST', `identity/entity/id/${entityId}`, { token: root, body: { disabled: true } });
    expect((await call('GET', 'auth/token/lookup-self', { token })).status).toBe(403);
    await call('POST', `identity/entity/id/${entityId}`, { token: root, body: { disabled: false, policies: [] } });
    expect((await call('GET', 'secret/data/team/doc', { token })).status).toBe(403);
    expect((await call('GET', 'auth/token/lookup-self', { token })).status).toBe(200);
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await login('alice', 'nope-nope-nope');
    const unknown = await login('mallory', 'nope-nope-nope');
    expect(wrong).toEqual({ status: 400, body: { errors: ['invalid username or password'] } });
    expect(unknown).toEqual(wrong);
  });

  it('shows the token\'s lease in sys/leases, lists it by prefix with sudo, refuses renewing it there, and revokes it', async () => {
    const again = (await login('alice', 'alice-pw-123456')).body.auth.client_token as string;
    const keys = await call('GET', 'sys/leases/lookup/auth/userpass/login/alice/?list=true', { token: root });
    expect(keys.status).toBe(200);
    expect(keys.body.data.keys.length).toBeGreaterThanOrEqual(2);
    expect((await call('GET', 'sys/leases/lookup/auth/userpass/login/?list=true', { token: root })).body.data.keys).toEqual(['alice/']);
    expect((await call('GET', 'sys/leases/lookup/auth/?list=true', { token: again })).status).toBe(403);
    const leaseIds = (keys.body.data.keys as string[]).map((k) => `auth/userpass/login/alice/${k}`);
    const info = await call('PUT', 'sys/leases/lookup', { token: root, body: { lease_id: leaseIds[0] } });
    expect(info.body.data).toMatchObject({ id: leaseIds[0], renewable: true, last_renewal: null });
    expect(info.body.data.ttl).toBeGreaterThan(3500);
    const renew = await call('PUT', 'sys/leases/renew', { token: root, body: { lease_id: leaseIds[0] } });
    expect(renew).toEqual({ status: 400, body: { errors: ['tokens cannot be renewed through this endpoint'] } });
    expect((await call('PUT', 'sys/leases/lookup', { token: root, body: { lease_id: 'auth/userpass/login/alice/hnope' } })).body.errors).toEqual(['invalid lease']);
    expect((await call('PUT', 'sys/leases/lookup', { token: root, body: {} })).body.errors).toEqual(['lease_id must be specified']);
    for (const id of leaseIds) expect((await call('PUT', 'sys/leases/revoke', { token: root, body: { lease_id: id } })).status).toBe(204);
    expect((await call('GET', 'auth/token/lookup-self', { token })).status).toBe(403);
    expect((await call('GET', 'auth/token/lookup-self', { token: again })).status).toBe(403);
  });

  it('refuses a login, and a token\'s use, from outside the bound CIDRs', async () => {
    await call('POST', 'auth/userpass/users/carl', { token: root, body: { password: 'carl-pw-123456', token_bound_cidrs: '10.0.0.0/8' } });
    expect(await login('carl', 'carl-pw-123456')).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    await call('POST', 'auth/token/roles/far', { token: root, body: { token_bound_cidrs: '10.0.0.0/8' } });
    const far = await call('POST', 'auth/token/create/far', { token: root, body: { policies: ['default'] } });
    expect(far.status).toBe(200);
    expect((await call('GET', 'auth/token/lookup-self', { token: far.body.auth.client_token })).status).toBe(403);
    await call('POST', 'auth/token/roles/near', { token: root, body: { token_bound_cidrs: '127.0.0.0/8' } });
    const near = await call('POST', 'auth/token/create/near', { token: root, body: { policies: ['default'] } });
    expect((await call('GET', 'auth/token/lookup-self', { token: near.body.auth.client_token })).status).toBe(200);
  });

  it('revokes every token of the mount when the mount is disabled', async () => {
    const t = (await login('alice', 'alice-pw-123456')).body.auth.client_token as string;
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(200);
    expect((await call('DELETE', 'sys/auth/userpass', { token: root })).status).toBe(204);
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(403);
    expect((await call('DELETE', 'sys/auth/userpass', { token: root })).status).toBe(204);
  });
});

describe('lookup-self through the request path', () => {
  it('shows each use counted, the last one as under way, and then refuses the token', async () => {
    const t = (await call('POST', 'auth/token/create', { token: root, body: { policies: ['default'], num_uses: 3 } })).body.auth.client_token as string;
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call('GET', 'auth/token/lookup-self', { token: t });
      seen.push([r.status, r.body.data?.num_uses, r.body.data?.id === t]);
    }
    expect(seen).toEqual([
      [200, 2, true],
      [200, 1, true],
      [200, -1, true],
    ]);
    expect((await call('GET', 'auth/token/lookup-self', { token: t })).status).toBe(403);
  });
});

describe('response wrapping of a token', () => {
  it('wraps a created token, rewraps it to a new wrapping token, and unwraps the auth block once', async () => {
    const res = await fetch(`${base}auth/token/create`, {
      method: 'POST',
      headers: { 'x-vault-token': root, 'x-vault-wrap-ttl': '2m', 'content-type': 'application/json' },
      body: JSON.stringify({ policies: ['default'] }),
    });
    const wrapped = (await res.json()) as Json;
    expect(wrapped.auth).toBeNull();
    expect(wrapped.wrap_info).toMatchObject({ ttl: 120, creation_path: 'auth/token/create' });
    expect(wrapped.wrap_info.wrapped_accessor).toMatch(/^\w{24}$/);
    const rewrapped = await call('POST', 'sys/wrapping/rewrap', { token: root, body: { token: wrapped.wrap_info.token } });
    expect(rewrapped.body.wrap_info).toMatchObject({ ttl: 120, creation_path: 'auth/token/create' });
    expect(rewrapped.body.wrap_info.token).not.toBe(wrapped.wrap_info.token);
    expect((await call('POST', 'sys/wrapping/unwrap', { token: root, body: { token: wrapped.wrap_info.token } })).status).toBe(400);
    const unwrapped = await call('POST', 'sys/wrapping/unwrap', { body: { token: rewrapped.body.wrap_info.token } });
    expect(unwrapped.body.auth.accessor).toBe(wrapped.wrap_info.wrapped_accessor);
    expect((await call('GET', 'auth/token/lookup-self', { token: unwrapped.body.auth.client_token })).status).toBe(200);
  });

  it('wraps arbitrary data with sys/wrapping/wrap, and refuses it without a wrap TTL', async () => {
    expect(await call('POST', 'sys/wrapping/wrap', { token: root, body: { a: 'b' } })).toEqual({
      status: 400,
      body: { errors: ['endpoint requires response wrapping to be used'] },
    });
    const res = await fetch(`${base}sys/wrapping/wrap`, {
      method: 'POST',
      headers: { 'x-vault-token': root, 'x-vault-wrap-ttl': '30', 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'b' }),
    });
    const token = ((await res.json()) as Json).wrap_info.token as string;
    expect((await call('POST', 'sys/wrapping/unwrap', { token })).body.data).toEqual({ a: 'b' });
  });
});

async function accessor(): Promise<string> {
  return (await call('GET', 'sys/auth', { token: root })).body.data['userpass/'].accessor as string;
}
