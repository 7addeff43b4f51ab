/**
 * Issue 14's client-visible points against a real `vault server -dev` with the built CLI: `vault kv
 * get` for a policy token (the sys/internal/ui/mounts pre-flight), sys/key-status for a `default`
 * token, the parent-token text of a spent num_uses token, sys/policy with an empty segment, and
 * OpenBao's generate-root-token path.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { assertBuilt, CLI, tempDir } from '../support/harness.js';

let dev: DevServer;
let dir: string;

const vault = (token: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir, VAULT_ADDR: dev.url, VAULT_TOKEN: token }, encoding: 'utf8' });

async function api(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${dev.url}/v1/${path}`, { method, headers: { 'x-vault-token': token }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

function tokenWith(policies: string[], ...flags: string[]): string {
  const r = vault(dev.rootToken, 'token', 'create', '-field=token', ...policies.map((p) => `-policy=${p}`), ...flags);
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

beforeAll(async () => {
  assertBuilt();
  dir = tempDir('tsvault-client-fixes-');
  dev = await startDevServer('tsvault-client-fixes-dev-');
  expect(vault(dev.rootToken, 'kv', 'put', 'secret/app/db', 'password=e2e-value').status).toBe(0);
  const policy = join(dir, 'app.hcl');
  writeFileSync(policy, 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n');
  expect(vault(dev.rootToken, 'policy', 'write', 'app', policy).status).toBe(0);
}, 60_000);

afterAll(async () => {
  await dev?.stop();
});

describe('clients nobody here wrote, as a user types them', () => {
  it('vault kv get works for a token whose policy reaches only the secret; another mount is refused with the pre-flight text', () => {
    const app = tokenWith(['app']);
    const got = vault(app, 'kv', 'get', '-field=password', 'secret/app/db');
    expect(got).toMatchObject({ status: 0, stdout: 'e2e-value' });
    const other = vault(app, 'kv', 'get', 'nomount/x');
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('preflight capability check returned 403');
  });

  it('sys/key-status needs the ACL: a default-policy token gets 403, root 200', async () => {
    const plain = tokenWith(['default']);
    expect(await api('GET', 'sys/key-status', plain)).toMatchObject({ status: 403, body: { errors: ['permission denied'] } });
    expect((await api('GET', 'sys/key-status', dev.rootToken)).status).toBe(200);
  });

  it('a token on its last use creating a child gets Vault\'s text (its entry is pending revocation, as Vault\'s Lookup sees it)', async () => {
    const once = tokenWith([], '-use-limit=1');
    expect(await api('POST', 'auth/token/create', once, {})).toEqual({ status: 400, body: { errors: ['parent token lookup failed: no parent found'] } });
    const twice = tokenWith([], '-use-limit=2');
    expect(await api('POST', 'auth/token/create', twice, {})).toEqual({ status: 400, body: { errors: ['restricted use token cannot generate child tokens'] } });
  });

  it('sys/policy//default and sys/policy/default/ are 404 with no errors, as Vault, never 500', async () => {
    for (const path of ['sys/policy//default', 'sys/policy/default/']) {
      expect(await api('GET', path, dev.rootToken)).toEqual({ status: 404, body: { errors: [] } });
    }
  });

  it("OpenBao's sys/generate-root-token/attempt answers in data for a token", async () => {
    expect(await api('GET', 'sys/generate-root-token/attempt', dev.rootToken)).toMatchObject({ status: 200, body: { data: { started: false } } });
  });
});
