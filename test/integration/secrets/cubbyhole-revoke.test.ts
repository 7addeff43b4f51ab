/**
 * A token's cubbyhole dies with the token, seen on disk: a real server with file storage, tokens
 * created and revoked over HTTP (revoke, revoke-accessor, revoke-self, revoke-orphan, the revocation
 * of a parent, the last use of a limited-use token), and after each revocation the token's space
 * under the cubbyhole mount's `logical/<uuid>/` directory is gone while another token's space and
 * values are untouched.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret, recordSecrets } from '../../support/leak-check.js';

let server: ServerProcess;
let root = '';
/** data/logical/<uuid of cubbyhole/>: one directory per token that has stored something. */
let cubbyDir = '';
/** A token that is never revoked: its cubbyhole must survive every other revocation. */
let control = { token: '', space: '' };

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`http://${server.address}/v1/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { 'x-vault-token': token } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Every regular file under dir (recursively); none when dir does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const spaces = (): string[] => (existsSync(cubbyDir) ? readdirSync(cubbyDir).sort() : []);

async function createToken(parent: string, body: Record<string, unknown> = {}) {
  const r = await call('POST', 'auth/token/create', parent, { policies: ['default', 'maker'], ...body });
  expect(r.status).toBe(200);
  return { token: r.body.auth.client_token as string, accessor: r.body.auth.accessor as string };
}

/** Writes two values (one nested) into the token's cubbyhole; returns the directory that appeared for it. */
async function fillCubbyhole(token: string): Promise<string> {
  const before = spaces();
  const value = `cubby-${token.slice(-8)}-value`;
  recordSecret(value);
  expect((await call('POST', 'cubbyhole/x', token, { v: value })).status).toBe(204);
  expect((await call('POST', 'cubbyhole/deep/y', token, { v: value })).status).toBe(204);
  const added = spaces().filter((s) => !before.includes(s));
  expect(added, 'one new cubbyhole space on disk').toHaveLength(1);
  const space = join(cubbyDir, added[0]!);
  expect(filesUnder(space)).toHaveLength(2);
  return space;
}

/** The revoked token's space is gone from disk, its token no longer works, the control's space is intact. */
async function expectDestroyed(space: string, token: string): Promise<void> {
  expect(filesUnder(space), `files left in ${space}`).toEqual([]);
  expect(existsSync(space)).toBe(false);
  expect((await call('GET', 'cubbyhole/x', token)).status).toBe(403);
  expect(filesUnder(control.space)).toHaveLength(2);
  expect((await call('GET', 'cubbyhole/x', control.token)).body.data.v).toBe(`cubby-${control.token.slice(-8)}-value`);
}

beforeAll(async () => {
  server = await ServerProcess.withFileStorage();
  await server.start();
  const init = await call('PUT', 'sys/init', '', { secret_shares: 1, secret_threshold: 1 });
  expect(init.status).toBe(200);
  recordSecrets(JSON.stringify(init.body));
  root = init.body.root_token;
  expect((await call('PUT', 'sys/unseal', '', { key: init.body.keys_base64[0] })).body.sealed).toBe(false);
  // Tokens may create children (a child's policies are a subset of its parent's).
  const policy = 'path "auth/token/create" {\n  capabilities = ["update"]\n}\n';
  expect((await call('PUT', 'sys/policies/acl/maker', root, { policy })).status).toBe(204);
  const mounts = await call('GET', 'sys/mounts', root);
  cubbyDir = join(server.dir, 'data', 'logical', mounts.body.data['cubbyhole/'].uuid);
  const c = await createToken(root);
  control = { token: c.token, space: await fillCubbyhole(c.token) };
});
afterAll(async () => {
  await server?.stop();
});

describe('revoking a token destroys its cubbyhole in storage', () => {
  it('auth/token/revoke', async () => {
    const t = await createToken(root);
    const space = await fillCubbyhole(t.token);
    expect((await call('POST', 'auth/token/revoke', root, { token: t.token })).status).toBe(204);
    await expectDestroyed(space, t.token);
  });

  it('auth/token/revoke-accessor', async () => {
    const t = await createToken(root);
    const space = await fillCubbyhole(t.token);
    expect((await call('POST', 'auth/token/revoke-accessor', root, { accessor: t.accessor })).status).toBe(204);
    await expectDestroyed(space, t.token);
  });

  it('auth/token/revoke-self', async () => {
    const t = await createToken(root);
    const space = await fillCubbyhole(t.token);
    expect((await call('POST', 'auth/token/revoke-self', t.token)).status).toBe(204);
    await expectDestroyed(space, t.token);
  });

  it("auth/token/revoke-orphan: the token's cubbyhole goes, its orphaned child's stays", async () => {
    const parent = await createToken(root);
    const child = await createToken(parent.token);
    const parentSpace = await fillCubbyhole(parent.token);
    const childSpace = await fillCubbyhole(child.token);
    expect((await call('POST', 'auth/token/revoke-orphan', root, { token: parent.token })).status).toBe(204);
    await expectDestroyed(parentSpace, parent.token);
    expect(filesUnder(childSpace)).toHaveLength(2);
    expect((await call('GET', 'cubbyhole/deep/y', child.token)).status).toBe(200);
    // The orphan is revoked on its own later; its cubbyhole goes then.
    expect((await call('POST', 'auth/token/revoke', root, { token: child.token })).status).toBe(204);
    await expectDestroyed(childSpace, child.token);
  });

  it("revoking a parent destroys its children's cubbyholes too", async () => {
    const parent = await createToken(root);
    const child = await createToken(parent.token);
    const grandchild = await createToken(child.token);
    const made = [await fillCubbyhole(parent.token), await fillCubbyhole(child.token), await fillCubbyhole(grandchild.token)];
    expect((await call('POST', 'auth/token/revoke', root, { token: parent.token })).status).toBe(204);
    await expectDestroyed(made[0]!, parent.token);
    await expectDestroyed(made[1]!, child.token);
    await expectDestroyed(made[2]!, grandchild.token);
  });

  it('a limited-use token revoked by its last use takes its cubbyhole with it', async () => {
    const t = await createToken(root, { num_uses: 3 });
    const space = await fillCubbyhole(t.token); // uses 1 and 2
    expect((await call('GET', 'cubbyhole/x', t.token)).status).toBe(200); // use 3: the last
    await expectDestroyed(space, t.token);
  });

  it('leaves nothing but the control token under the cubbyhole mount', () => {
    expect(spaces()).toEqual([control.space.slice(cubbyDir.length + 1)]);
  });
});
