/**
 * ACL parameter constraints through the whole request path of a real server (allowed, denied and
 * required parameters on JSON bodies and query strings): the HTTP API and the CLI as an operator
 * types it, with tokens that hold only the policy under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENIED, PolicyServer } from '../../support/policy-server.js';

let s: PolicyServer;
let root = '';
const call = (...a: Parameters<PolicyServer['call']>) => s.call(...a);
const vault = (args: string[], token = root) => s.vault(args, token);
const tokenWith = (name: string, hcl: string) => s.tokenWith(name, hcl);

beforeAll(async () => {
  s = await PolicyServer.start();
  root = s.root;
});
afterAll(async () => {
  await s?.stop();
});

describe('allowed_parameters', () => {
  it('a token that may mount only KV engines cannot mount transit (HTTP)', async () => {
    const token = tokenWith('mount-kv', 'path "sys/mounts/*" {\n  capabilities = ["create", "update"]\n  allowed_parameters = { "type" = ["kv"] }\n}\n');
    expect(await call('POST', 'sys/mounts/evil', token, { type: 'transit' })).toEqual(DENIED);
    expect((await call('GET', 'sys/mounts', root)).body.data).not.toHaveProperty(['evil/']);
    expect((await call('POST', 'sys/mounts/good', token, { type: 'kv' })).status).toBe(204);
    // Any parameter not listed is refused too, as in Vault.
    expect(await call('POST', 'sys/mounts/other', token, { type: 'kv', description: 'x' })).toEqual(DENIED);
  });

  it('with "*" beside a constrained key, only that key is constrained (CLI)', () => {
    const token = tokenWith('mount-kv-cli', 'path "sys/mounts/*" {\n  capabilities = ["create", "update"]\n  allowed_parameters = { "type" = ["kv"], "*" = [] }\n}\n');
    const evil = vault(['secrets', 'enable', '-path=evil2', 'transit'], token);
    expect(evil.code).toBe(2);
    expect(evil.stderr).toContain('Code: 403');
    expect(evil.stderr).toContain('permission denied');
    const good = vault(['secrets', 'enable', '-path=good2', 'kv'], token);
    expect(good.code, good.stderr).toBe(0);
    expect(vault(['secrets', 'list']).stdout).not.toContain('evil2/');
  });

  it('globbed values: "k*" lets kv through and refuses transit', async () => {
    const token = tokenWith('mount-glob', 'path "sys/mounts/*" {\n  capabilities = ["create", "update"]\n  allowed_parameters = { "type" = ["k*"] }\n}\n');
    expect((await call('POST', 'sys/mounts/glob-kv', token, { type: 'kv' })).status).toBe(204);
    expect(await call('POST', 'sys/mounts/glob-transit', token, { type: 'transit' })).toEqual(DENIED);
  });

  it('query parameters of a read are checked too', async () => {
    expect((await call('POST', 'secret/data/q', root, { data: { v: 1 } })).status).toBe(200);
    expect((await call('POST', 'secret/data/q', root, { data: { v: 2 } })).status).toBe(200);
    const token = tokenWith('read-v1', 'path "secret/data/q" {\n  capabilities = ["read"]\n  allowed_parameters = { "version" = ["1"] }\n}\n');
    const v1 = await call('GET', 'secret/data/q?version=1', token);
    expect(v1.status).toBe(200);
    expect((v1.body.data as { data: unknown }).data).toEqual({ v: 1 });
    expect(await call('GET', 'secret/data/q?version=2', token)).toEqual(DENIED);
    const cli = vault(['kv', 'get', '-version=2', 'secret/q'], token);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('permission denied');
    expect(vault(['kv', 'get', '-version=1', '-field=v', 'secret/q'], token).stdout.trim()).toBe('1');
  });
});

describe('denied_parameters', () => {
  it('a write carrying a denied parameter is refused, whatever its value (HTTP)', async () => {
    const token = tokenWith('no-admin', 'path "secret/data/x" {\n  capabilities = ["create", "update", "read"]\n  denied_parameters = { "admin" = [] }\n}\n');
    expect(await call('POST', 'secret/data/x', token, { data: { a: 1 }, admin: true })).toEqual(DENIED);
    expect(await call('POST', 'secret/data/x', token, { data: { a: 1 }, ADMIN: false })).toEqual(DENIED);
    expect((await call('GET', 'secret/data/x', root)).status).toBe(404);
    expect((await call('POST', 'secret/data/x', token, { data: { a: 1 } })).status).toBe(200);
  });

  it('denied wins over allowed, and applies to KV v1 writes from the CLI', () => {
    const token = tokenWith(
      'kv1-denied',
      'path "kv1/*" {\n  capabilities = ["create", "update", "read"]\n  allowed_parameters = { "*" = [] }\n  denied_parameters = { "role" = ["admin", "root*"] }\n}\n',
    );
    const bad = vault(['write', 'kv1/app', 'role=rootish'], token);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('permission denied');
    expect(vault(['write', 'kv1/app', 'role=admin'], token).code).toBe(2);
    const ok = vault(['write', 'kv1/app', 'role=reader'], token);
    expect(ok.code, ok.stderr).toBe(0);
    expect(vault(['read', '-field=role', 'kv1/app'], token).stdout.trim()).toBe('reader');
  });

  it('patch requests are checked (kv patch)', async () => {
    expect((await call('POST', 'secret/data/p', root, { data: { a: 1 } })).status).toBe(200);
    const token = tokenWith('patch-no-opts', 'path "secret/data/p" {\n  capabilities = ["patch", "read"]\n  denied_parameters = { "options" = [] }\n}\n');
    const patch = (body: unknown) => call('PATCH', 'secret/data/p', token, body, { 'content-type': 'application/merge-patch+json' });
    expect(await patch({ data: { b: 2 }, options: { cas: 1 } })).toEqual(DENIED);
    expect((await patch({ data: { b: 2 } })).status).toBe(200);
  });
});

describe('required_parameters', () => {
  it('refuses a write without the parameter and accepts one with it (HTTP and CLI)', async () => {
    const token = tokenWith('need-data', 'path "secret/data/r" {\n  capabilities = ["create", "update"]\n  required_parameters = ["data"]\n}\n');
    expect((await call('POST', 'secret/data/r', token, { data: { a: 1 } })).status).toBe(200);
    expect(await call('POST', 'secret/data/r', token, { options: { cas: 1 } })).toEqual(DENIED);
    const put = vault(['kv', 'put', 'secret/r', 'a=2'], token);
    expect(put.code, put.stderr).toBe(0);
  });
});

describe('sys/internal/ui/mounts (unauthenticated, filtered by the ACL)', () => {
  it('shows a token only the mounts its policies reach inside, and nothing without a token', async () => {
    const token = tokenWith('one-secret', 'path "secret/data/app" {\n  capabilities = ["read"]\n}\n');
    const listed = await call('GET', 'sys/internal/ui/mounts', token);
    expect(listed.status).toBe(200);
    expect(Object.keys((listed.body.data as { secret: object }).secret)).toEqual(expect.arrayContaining(['secret/', 'cubbyhole/']));
    expect((listed.body.data as { secret: object }).secret).not.toHaveProperty(['kv1/']);
    expect((await call('GET', 'sys/internal/ui/mounts', '')).body.data).toEqual({ secret: {}, auth: {} });
    const one = await call('GET', 'sys/internal/ui/mounts/secret/app', token);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ path: 'secret/', type: 'kv', options: { version: '2' } });
    const hidden = { status: 403, body: { errors: ['preflight capability check returned 403, please ensure client\'s policies grant access to path "kv1/app/"'] } };
    expect(await call('GET', 'sys/internal/ui/mounts/kv1/app', token)).toEqual(hidden);
    expect((await call('GET', 'sys/internal/ui/mounts/nowhere', token)).status).toBe(403);
    expect((await call('GET', 'sys/internal/ui/mounts/secret/app', '')).status).toBe(403);
  });
});
