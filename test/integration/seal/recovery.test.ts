/**
 * Recovery keys under an auto seal: wrong shares abort generate-root with Vault's error, right ones
 * give a root token that works; a recovery rekey gives new shares and the old ones stop working;
 * after `vault operator seal` the recovery shares unseal.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';
import { xorsealPluginDir } from '../../support/plugins.js';

async function api(server: ServerProcess, method: string, path: string, body?: unknown, token?: string) {
  const r = await fetch(`http://${server.address}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

describe('recovery keys', () => {
  let server: ServerProcess;
  let recovery: string[] = [];
  let root = '';

  beforeAll(async () => {
    const dir = xorsealPluginDir();
    server = await ServerProcess.withFileStorage(`\nplugin_directory = "${dir}"\nseal "xorseal" {\n  key = "${randomBytes(32).toString('hex')}"\n}\n`);
    await server.start();
    const init = await api(server, 'PUT', 'sys/init', { recovery_shares: 3, recovery_threshold: 2 });
    expect(init.status).toBe(200);
    recovery = init.body.recovery_keys_base64;
    root = init.body.root_token;
    recordSecret(root, ...recovery);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('generate-root: wrong shares abort with Vault\'s error; right ones give a working root token', async () => {
    const start = await api(server, 'PUT', 'sys/generate-root/attempt', {});
    expect(start.body).toMatchObject({ started: true, progress: 0, required: 2, complete: false });
    const { nonce, otp } = start.body;
    const wrong = randomBytes(33).toString('base64');
    await api(server, 'PUT', 'sys/generate-root/update', { key: recovery[0], nonce });
    const aborted = await api(server, 'PUT', 'sys/generate-root/update', { key: wrong, nonce });
    expect(aborted.status).toBe(400);
    expect(aborted.body.errors[0]).toBe(
      'root generation aborted: unable to authenticate: recovery key verification failed: recovery key does not match submitted values',
    );
    await api(server, 'PUT', 'sys/generate-root/update', { key: recovery[1], nonce });
    const done = await api(server, 'PUT', 'sys/generate-root/update', { key: recovery[2], nonce });
    expect(done.body.complete).toBe(true);
    const decoded = server.vault(['operator', 'generate-root', `-decode=${done.body.encoded_token}`, `-otp=${otp}`]);
    expect(decoded.code).toBe(0);
    const newRoot = decoded.stdout.trim();
    recordSecret(newRoot);
    expect(newRoot).toMatch(/^hvs\./);
    const self = await api(server, 'GET', 'auth/token/lookup-self', undefined, newRoot);
    expect(self.body.data.policies).toEqual(['root']);
  });

  it('rekey-recovery-key gives new shares; the old ones stop working', async () => {
    const init = await api(server, 'PUT', 'sys/rekey-recovery-key/init', { secret_shares: 4, secret_threshold: 2 });
    expect(init.status).toBe(200);
    const nonce = init.body.nonce;
    await api(server, 'PUT', 'sys/rekey-recovery-key/update', { key: recovery[0], nonce });
    const done = await api(server, 'PUT', 'sys/rekey-recovery-key/update', { key: recovery[2], nonce });
    expect(done.body.complete).toBe(true);
    const fresh: string[] = done.body.keys_base64;
    expect(fresh).toHaveLength(4);
    recordSecret(...fresh);
    expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ t: 2, n: 4 });

    expect((await api(server, 'PUT', 'sys/seal', undefined, root)).status).toBe(204);
    await api(server, 'PUT', 'sys/unseal', { key: recovery[0] });
    const old = await api(server, 'PUT', 'sys/unseal', { key: recovery[1] });
    expect(old.status).toBe(400);
    expect(old.body.errors[0]).toContain('recovery key does not match submitted values');
    await api(server, 'PUT', 'sys/unseal', { key: fresh[3] });
    const opened = await api(server, 'PUT', 'sys/unseal', { key: fresh[1] });
    expect(opened.body.sealed).toBe(false);
  });
});
