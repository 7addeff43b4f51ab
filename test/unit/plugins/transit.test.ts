import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import transitPlugin from '../../../plugins/transit/index.js';
import { SealError } from '../../../src/errors.js';
import type { LogFields, Logger } from '../../../src/log/types.js';
import { aead, type SealContext, type SealWrapper } from '../../../src/seal/plugin-api.js';
import { FAKE_TOKEN, startFakeTransit, type FakeTransit } from './fake-transit.js';

interface Line {
  level: string;
  msg: string;
  fields?: LogFields;
}

function memoryLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (msg: string, fields?: LogFields): void => {
      lines.push({ level, msg, ...(fields ? { fields } : {}) });
    };
  const l: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), named: () => l };
  return l;
}

const fakes: FakeTransit[] = [];
const wrappers: SealWrapper[] = [];
let lines: Line[] = [];

async function fake(opts?: Parameters<typeof startFakeTransit>[0]): Promise<FakeTransit> {
  const f = await startFakeTransit(opts);
  fakes.push(f);
  return f;
}

async function create(config: Record<string, string>, env: Record<string, string> = {}): Promise<SealWrapper> {
  const ctx: SealContext = { logger: memoryLogger(lines), env, aead };
  const w = await transitPlugin.create(config, ctx);
  wrappers.push(w);
  return w;
}

function base(f: FakeTransit, extra: Record<string, string> = {}): Record<string, string> {
  return { address: f.address, token: FAKE_TOKEN, key_name: 'autounseal', mount_path: 'transit/', ...extra };
}

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function codeOf(p: Promise<unknown>): Promise<SealError> {
  const err = await p.then(
    () => expect.fail('expected a SealError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SealError);
  return err as SealError;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

afterEach(async () => {
  for (const w of wrappers.splice(0)) await w.close?.();
  for (const f of fakes.splice(0)) await f.close();
  // The token never reaches a log line.
  expect(JSON.stringify(lines)).not.toContain(FAKE_TOKEN);
  lines = [];
});

describe('transit seal: requests', () => {
  it('renews the token, then test-encrypts "a"; PUT with X-Vault-Token and JSON bodies', async () => {
    const f = await fake();
    const w = await create(base(f));
    expect(f.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /v1/auth/token/renew-self',
      'PUT /v1/transit/encrypt/autounseal',
    ]);
    const [renew, test] = f.requests;
    expect(renew!.body).toEqual({ increment: 0 });
    expect(test!.body).toEqual({ plaintext: 'YQ==' });
    for (const r of f.requests) {
      expect(r.headers['x-vault-token']).toBe(FAKE_TOKEN);
      expect(r.headers['x-vault-request']).toBe('true');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-vault-namespace']).toBeUndefined();
    }
    expect(w.keyId()).toBe('v1');
    expect(w.type).toBe('transit');
  });

  it('encrypt keeps the transit string as the blob bytes; decrypt sends it back exactly', async () => {
    const f = await fake();
    const w = await create(base(f));
    const blob = await w.encrypt(text('the root key'));
    const transitCt = Buffer.from(blob.ciphertext, 'base64').toString('utf8');
    expect(transitCt).toMatch(/^vault:v1:/);
    expect(blob.keyInfo).toEqual({ keyId: 'v1' });
    expect(f.requests.at(-1)!.body).toEqual({ plaintext: Buffer.from('the root key').toString('base64') });
    expect(new TextDecoder().decode(await w.decrypt(blob))).toBe('the root key');
    expect(f.requests.at(-1)).toMatchObject({ url: '/v1/transit/decrypt/autounseal', body: { ciphertext: transitCt } });
  });

  it('key versions: keyId() follows the latest version seen, old blobs still decrypt, key_id_prefix applies', async () => {
    const f = await fake();
    const w = await create(base(f, { key_id_prefix: 'east/' }));
    expect(w.keyId()).toBe('east/v1');
    const old = await w.encrypt(text('one'));
    f.latest = 2;
    expect(w.keyId()).toBe('east/v1');
    const now = await w.encrypt(text('two'));
    expect(now.keyInfo?.keyId).toBe('east/v2');
    expect(w.keyId()).toBe('east/v2');
    expect(new TextDecoder().decode(await w.decrypt(old))).toBe('one');
  });

  it('namespace: X-Vault-Namespace from the config, VAULT_NAMESPACE over it; mount path cleaned', async () => {
    const f = await fake({ mount: 'ops/transit' });
    await create(base(f, { namespace: 'ns1/', mount_path: '/ops//transit/', disable_renewal: 'true' }));
    expect(f.requests.map((r) => [r.url, r.headers['x-vault-namespace']])).toEqual([['/v1/ops/transit/encrypt/autounseal', 'ns1/']]);
    await create(base(f, { namespace: 'ns1/', mount_path: 'ops/transit', disable_renewal: 'true' }), { VAULT_NAMESPACE: 'team/' });
    expect(f.requests.at(-1)!.headers['x-vault-namespace']).toBe('team/');
  });

  it('health() is a round trip', async () => {
    const f = await fake();
    const w = await create(base(f));
    await w.health?.();
    expect(f.requests.at(-1)!.url).toBe('/v1/transit/encrypt/autounseal');
  });
});

describe('transit seal: token renewal', () => {
  it('renews again at half the TTL until closed', async () => {
    const f = await fake();
    f.ttl = 1;
    const w = await create(base(f));
    const renewals = (): number => f.requests.filter((r) => r.url === '/v1/auth/token/renew-self').length;
    await until(() => renewals() >= 3, 'two scheduled renewals');
    await w.close?.();
    const after = renewals();
    await new Promise((r) => setTimeout(r, 700));
    expect(renewals()).toBe(after);
    expect(lines.some((l) => l.msg === 'successfully renewed token')).toBe(true);
  });

  it('disable_renewal (config or env, env first) makes no renew-self call', async () => {
    const f = await fake();
    await create(base(f, { disable_renewal: 'true' }));
    await create(base(f), { TRANSIT_WRAPPER_DISABLE_RENEWAL: 'true' });
    await create(base(f, { disable_renewal: 'false' }), { VAULT_TRANSIT_SEAL_DISABLE_RENEWAL: '1' });
    expect(f.requests.filter((r) => r.url.includes('renew-self'))).toEqual([]);
  });

  it('a refused renew-self logs Vault\'s line and disables renewal; the seal still works', async () => {
    const f = await fake();
    f.fail = { status: 403, errors: ['permission denied'], paths: /renew-self/ };
    const w = await create(base(f));
    const line = lines.find((l) => l.msg === 'unable to renew token, disabling renewal');
    expect(line?.level).toBe('info');
    expect(String(line?.fields?.err)).toContain('permission denied');
    expect(w.keyId()).toBe('v1');
  });

  it('a non-renewable token is not renewed', async () => {
    const f = await fake();
    f.renewable = false;
    f.ttl = 1;
    await create(base(f));
    expect(lines.some((l) => l.msg === 'token is not renewable or does not expire; not renewing it')).toBe(true);
    expect(f.requests.filter((r) => r.url.includes('renew-self'))).toHaveLength(1);
  });
});

describe('transit seal: errors', () => {
  it('starts while the transit server is down; encrypt/decrypt fail SEAL_UNAVAILABLE', async () => {
    const f = await fake();
    const address = f.address;
    await f.close();
    fakes.splice(0);
    const w = await create({ address, token: FAKE_TOKEN, key_name: 'k', mount_path: 'transit' });
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('test encryption failed'))).toBe(true);
    expect(lines.some((l) => l.msg === 'unable to renew token, will retry')).toBe(true);
    const e = await codeOf(w.encrypt(text('x')));
    expect(e.code).toBe('SEAL_UNAVAILABLE');
    expect(e.message).toContain(`Put "${address}/v1/transit/encrypt/k"`);
    expect(e.message).toContain('ECONNREFUSED');
    expect((await codeOf(w.decrypt({ ciphertext: Buffer.from('vault:v1:x').toString('base64') }))).code).toBe('SEAL_UNAVAILABLE');
    expect(w.keyId()).toBe('');
  });

  it('503 (sealed), 500 and 403 are SEAL_UNAVAILABLE, with Vault\'s API error text', async () => {
    const f = await fake();
    const w = await create(base(f));
    f.fail = { status: 503, errors: ['Vault is sealed'] };
    const sealed = await codeOf(w.encrypt(text('x')));
    expect(sealed.code).toBe('SEAL_UNAVAILABLE');
    expect(sealed.message).toBe(
      `Error making API request.\n\nURL: PUT ${f.address}/v1/transit/encrypt/autounseal\nCode: 503. Errors:\n\n* Vault is sealed`,
    );
    f.fail = { status: 500, errors: ['internal error'] };
    expect((await codeOf(w.encrypt(text('x')))).code).toBe('SEAL_UNAVAILABLE');
    f.fail = { status: 502, body: '<html>bad gateway</html>' };
    const raw = await codeOf(w.encrypt(text('x')));
    expect(raw.message).toContain('Code: 502. Raw Message:\n\n<html>bad gateway</html>');
    f.fail = undefined;
    const other = await create({ ...base(f), token: 'wrong-token' });
    const denied = await codeOf(other.encrypt(text('x')));
    expect(denied.code).toBe('SEAL_UNAVAILABLE');
    expect(denied.message).toContain('* permission denied');
    expect(denied.message).not.toContain('wrong-token');
  });

  it('400 on decrypt is SEAL_DECRYPT', async () => {
    const f = await fake();
    const w = await create(base(f));
    const e = await codeOf(w.decrypt({ ciphertext: Buffer.from('vault:v1:bm90LW1pbmU=').toString('base64') }));
    expect(e.code).toBe('SEAL_DECRYPT');
    expect(e.message).toContain('Code: 400. Errors:\n\n* invalid ciphertext: unable to decrypt');
  });

  it('a malformed transit ciphertext is "invalid ciphertext returned"; at start-up that is fatal', async () => {
    const f = await fake();
    const w = await create(base(f));
    f.ciphertextOverride = 'not-a-transit-ciphertext';
    const e = await codeOf(w.encrypt(text('x')));
    expect(e).toMatchObject({ code: 'SEAL_ENCRYPT', message: 'invalid ciphertext returned' });
    await expect(create(base(f))).rejects.toMatchObject({ code: 'SEAL_ENCRYPT', message: 'invalid ciphertext returned' });
  });
});

describe('transit seal: configuration', () => {
  it('Vault\'s texts for missing settings and bad booleans (SEAL_INVALID_CONFIG)', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ key_name: 'k' }, 'mount_path is required'],
      [{ mount_path: 'transit' }, 'key_name is required'],
      [{ mount_path: 'transit', key_name: 'k', disable_renewal: 'maybe' }, 'strconv.ParseBool: parsing "maybe": invalid syntax'],
      [{ mount_path: 'transit', key_name: 'k', tls_skip_verify: 'yes' }, 'strconv.ParseBool: parsing "yes": invalid syntax'],
      [{ mount_path: 'transit', key_name: 'k', address: 'ftp://vault:8200' }, 'unsupported protocol scheme "ftp"'],
      [{ mount_path: 'transit', key_name: 'k', tls_client_cert: '/x.pem' }, 'both client cert and client key must be provided'],
      [{ mount_path: 'transit', key_name: 'k', tls_ca_cert: '/nonexistent/ca.pem' }, 'tls_ca_cert /nonexistent/ca.pem'],
    ];
    for (const [config, message] of cases) {
      const e = await codeOf(create(config));
      expect(e.code).toBe('SEAL_INVALID_CONFIG');
      expect(e.message).toContain(message);
    }
  });

  it('no token: Vault logs "no token provided to transit auto-seal", sends none, and starts', async () => {
    const f = await fake();
    const w = await create({ address: f.address, key_name: 'autounseal', mount_path: 'transit' });
    expect(lines).toContainEqual({ level: 'info', msg: 'no token provided to transit auto-seal' });
    expect(f.requests.map((r) => r.url)).toEqual(['/v1/transit/encrypt/autounseal']);
    expect(f.requests[0]!.headers['x-vault-token']).toBeUndefined();
    expect((await codeOf(w.encrypt(text('x')))).code).toBe('SEAL_UNAVAILABLE');
  });

  it('env precedence: TRANSIT_WRAPPER_* over VAULT_TRANSIT_SEAL_* over the config; disallow_env_vars', async () => {
    const f = await fake({ mount: 'env-mount', key: 'env-key' });
    const config = { address: f.address, token: FAKE_TOKEN, key_name: 'cfg-key', mount_path: 'cfg-mount', disable_renewal: 'true' };
    await create(config, {
      TRANSIT_WRAPPER_KEY_NAME: 'env-key',
      VAULT_TRANSIT_SEAL_KEY_NAME: 'other-key',
      TRANSIT_WRAPPER_MOUNT_PATH: 'env-mount',
      VAULT_TRANSIT_SEAL_MOUNT_PATH: 'other-mount',
    });
    await create(config, { VAULT_TRANSIT_SEAL_KEY_NAME: 'env-key', VAULT_TRANSIT_SEAL_MOUNT_PATH: 'env-mount' });
    await create({ ...config, disallow_env_vars: 'true' }, { VAULT_TRANSIT_SEAL_KEY_NAME: 'env-key', VAULT_TRANSIT_SEAL_MOUNT_PATH: 'env-mount' });
    expect(f.requests.map((r) => r.url)).toEqual([
      '/v1/env-mount/encrypt/env-key',
      '/v1/env-mount/encrypt/env-key',
      '/v1/cfg-mount/encrypt/cfg-key',
    ]);
  });

  it('VAULT_ADDR and VAULT_TOKEN apply when the config has no address or token; the config wins over them', async () => {
    const f = await fake();
    const w = await create({ key_name: 'autounseal', mount_path: 'transit', disable_renewal: 'true' }, { VAULT_ADDR: f.address, VAULT_TOKEN: FAKE_TOKEN });
    expect(w.keyId()).toBe('v1');
    const g = await fake();
    await create(base(g, { disable_renewal: 'true' }), { VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: 'env-token' });
    expect(g.requests).toHaveLength(1);
    expect(g.requests[0]!.headers['x-vault-token']).toBe(FAKE_TOKEN);
  });
});

describe('transit seal: TLS', () => {
  let dir = '';
  const pem = (n: string): string => join(dir, n);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsvault-transit-tls-'));
    for (const [name, cn] of [['server', 'vault.test'], ['client', 'seal-client']] as const) {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', pem(`${name}.key`), '-out', pem(`${name}.crt`), '-days', '1',
        '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}`,
      ], { stdio: 'ignore' });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function tlsFake(): Promise<FakeTransit> {
    return fake({
      tls: {
        key: readFileSync(pem('server.key')),
        cert: readFileSync(pem('server.crt')),
        ca: [readFileSync(pem('client.crt'))],
        requestCert: true,
        rejectUnauthorized: true,
      },
    });
  }

  it('CA file, client certificate and server name are honoured', async () => {
    const f = await tlsFake();
    const tls = { tls_ca_cert: pem('server.crt'), tls_client_cert: pem('client.crt'), tls_client_key: pem('client.key') };
    const w = await create(base(f, { ...tls, tls_server_name: 'vault.test' }));
    expect(w.keyId()).toBe('v1');
    // Without the server name, 127.0.0.1 does not match the certificate: the seal is unavailable.
    const noName = await create(base(f, tls));
    const mismatch = await codeOf(noName.encrypt(text('x')));
    expect(mismatch.code).toBe('SEAL_UNAVAILABLE');
    expect(mismatch.message).toMatch(/IP: 127\.0\.0\.1 is not in the cert's list/);
    // Without the client certificate the server refuses the handshake.
    const noClient = await create(base(f, { tls_ca_cert: pem('server.crt'), tls_server_name: 'vault.test' }));
    expect((await codeOf(noClient.encrypt(text('x')))).code).toBe('SEAL_UNAVAILABLE');
  });

  it('tls_skip_verify (or VAULT_SKIP_VERIFY) trusts any server certificate; env CA/client files are read', async () => {
    const f = await tlsFake();
    const client = { tls_client_cert: pem('client.crt'), tls_client_key: pem('client.key') };
    expect((await create(base(f, { ...client, tls_skip_verify: 'true' }))).keyId()).toBe('v1');
    expect((await create(base(f, client), { VAULT_SKIP_VERIFY: 'true' })).keyId()).toBe('v1');
    const env = { VAULT_CACERT: pem('server.crt'), VAULT_CLIENT_CERT: pem('client.crt'), VAULT_CLIENT_KEY: pem('client.key'), VAULT_TLS_SERVER_NAME: 'vault.test' };
    expect((await create(base(f), env)).keyId()).toBe('v1');
    const untrusted = await create(base(f, client));
    const e = await codeOf(untrusted.encrypt(text('x')));
    expect(e.code).toBe('SEAL_UNAVAILABLE');
    expect(e.message).toContain('self-signed certificate');
  });
});
