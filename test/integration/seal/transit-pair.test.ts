/**
 * Two tsvault servers: A (Shamir) runs the transit engine with key `autounseal` and hands B a
 * periodic orphan token allowed only to encrypt/decrypt with it; B has `seal "transit"` pointing at A.
 * B initialises with recovery keys, restarts unsealed; with A down B stays up, sealed and retrying;
 * when A is back and unsealed B unseals within one retry interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';

const RETRY = '1s';

async function api(server: ServerProcess, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const r = await fetch(`http://${server.address}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

describe('transit auto-unseal between two tsvault servers', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let aKey = '';
  let aRoot = '';
  let bRoot = '';

  async function unsealA(): Promise<void> {
    await api(a, 'PUT', 'sys/unseal', undefined, { key: aKey });
  }

  beforeAll(async () => {
    a = await ServerProcess.withFileStorage();
    await a.start();
    const init = await api(a, 'PUT', 'sys/init', undefined, { secret_shares: 1, secret_threshold: 1 });
    aKey = init.keys_base64[0];
    aRoot = init.root_token;
    await unsealA();
    await api(a, 'POST', 'sys/mounts/transit', aRoot, { type: 'transit' });
    await api(a, 'POST', 'transit/keys/autounseal', aRoot, {});
    const policy = 'path "transit/encrypt/autounseal" {\n  capabilities = ["update"]\n}\npath "transit/decrypt/autounseal" {\n  capabilities = ["update"]\n}\n';
    await api(a, 'PUT', 'sys/policies/acl/autounseal', aRoot, { policy });
    const created = await api(a, 'POST', 'auth/token/create-orphan', aRoot, { policies: ['autounseal'], period: '24h', no_default_policy: true });
    const token = created.auth.client_token as string;
    recordSecret(aKey, aRoot, token);
    b = await ServerProcess.withFileStorage(
      `\nseal "transit" {\n  address = "http://${a.address}"\n  token = "${token}"\n  key_name = "autounseal"\n  mount_path = "transit/"\n}\n`,
      { TSVAULT_UNSEAL_RETRY_INTERVAL: RETRY },
    );
    await b.start();
  }, 120_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('B initialises with recovery keys and unseals through A', async () => {
    const init = await api(b, 'PUT', 'sys/init', undefined, { recovery_shares: 3, recovery_threshold: 2 });
    expect(init.keys).toEqual([]);
    expect(init.recovery_keys_base64).toHaveLength(3);
    bRoot = init.root_token;
    recordSecret(bRoot, ...init.recovery_keys_base64);
    const status = await api(b, 'GET', 'sys/seal-status');
    expect(status).toMatchObject({ type: 'transit', sealed: false, recovery_seal: true, recovery_seal_type: 'shamir', t: 2, n: 3 });
    await api(b, 'POST', 'sys/mounts/secret', bRoot, { type: 'kv', options: { version: '2' } });
    await api(b, 'POST', 'secret/data/x', bRoot, { data: { v: 'kept-through-restarts' } });
  });

  it('B restarts unsealed', async () => {
    await b.restart();
    await b.waitForOutput(/core: unsealed with stored key/);
    expect((await api(b, 'GET', 'sys/seal-status')).sealed).toBe(false);
    expect((await api(b, 'GET', 'secret/data/x', bRoot)).data.data.v).toBe('kept-through-restarts');
  });

  it('with A down B stays up, sealed, and retrying with the cause', async () => {
    await a.stop();
    await b.restart();
    await b.waitForOutput(/failed to unseal core: error="fetching stored unseal keys failed: [^"]+"[\s\S]*failed to unseal core/);
    const health = await fetch(`http://${b.address}/v1/sys/health`);
    expect(health.status).toBe(503);
  });

  it('A back and unsealed: B unseals within one retry interval', async () => {
    await a.start();
    // A restarted sealed: B's attempts now fail on A's 503 until A is unsealed.
    await b.waitForOutput(/failed to unseal core: error="fetching stored unseal keys failed:[^\n]*(sealed|503)/, 10_000);
    const t0 = Date.now();
    await unsealA();
    await b.waitForOutput(/core: unsealed with stored key/, 5_000);
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect((await api(b, 'GET', 'secret/data/x', bRoot)).data.data.v).toBe('kept-through-restarts');
  });
});
