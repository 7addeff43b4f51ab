/**
 * `curl -X LIST`, as every Vault document shows it, against a dev server: Vault's list body for KV v2
 * metadata and sys/policies/acl, the list capability (not read) checked, with or without the
 * trailing slash, and LIST answered exactly as GET ?list=true.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { recordSecret } from '../support/leak-check.js';

const run = promisify(execFile);

let dev: DevServer;

async function curl(method: string, path: string, token = dev.rootToken, body?: unknown): Promise<{ status: number; body: any }> {
  const args = ['-s', '-X', method, '-H', `X-Vault-Token: ${token}`, '-w', '\n%{http_code}'];
  if (body !== undefined) args.push('-d', JSON.stringify(body));
  const { stdout } = await run('curl', [...args, `${dev.url}/v1/${path}`]);
  const nl = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, nl);
  return { status: Number(stdout.slice(nl + 1)), body: text === '' ? undefined : JSON.parse(text) };
}

beforeAll(async () => {
  dev = await startDevServer('tsvault-list-');
  for (const name of ['app/db', 'app/api', 'app/nested/x', 'other']) {
    expect((await curl('POST', `secret/data/${name}`, dev.rootToken, { data: { k: 'v' } })).status).toBe(200);
  }
  const policy = 'path "secret/metadata/app/*" { capabilities = ["read"] }\npath "secret/metadata/app/" { capabilities = ["read"] }\n';
  expect((await curl('PUT', 'sys/policies/acl/reader', dev.rootToken, { policy })).status).toBe(204);
});
afterAll(() => dev?.stop());

describe('curl -X LIST', () => {
  it('lists KV v2 metadata with Vault list body, with or without the trailing slash', async () => {
    for (const path of ['secret/metadata/app', 'secret/metadata/app/']) {
      const r = await curl('LIST', path);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ data: { keys: ['api', 'db', 'nested/'] }, mount_type: 'kv', lease_id: '', renewable: false });
    }
    expect((await curl('LIST', 'secret/metadata')).body.data).toEqual({ keys: ['app/', 'other'] });
  });

  it('lists sys/policies/acl', async () => {
    const r = await curl('LIST', 'sys/policies/acl');
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ keys: ['default', 'reader', 'root'] });
  });

  it('answers as GET ?list=true does, 404 with no keys', async () => {
    const a = await curl('LIST', 'secret/metadata/app');
    const b = await curl('GET', 'secret/metadata/app?list=true');
    expect({ ...a.body, request_id: '' }).toEqual({ ...b.body, request_id: '' });
    expect(await curl('LIST', 'secret/metadata/none')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('needs the list capability: a token that may only read is refused', async () => {
    const created = await curl('POST', 'auth/token/create', dev.rootToken, { policies: ['reader'] });
    const token = created.body.auth.client_token as string;
    recordSecret(token);
    expect((await curl('GET', 'secret/metadata/app/db', token)).status).toBe(200);
    const r = await curl('LIST', 'secret/metadata/app', token);
    expect(r).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });
});
