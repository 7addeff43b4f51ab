/**
 * The pkcs11 seal through the real daemon, against SoftHSM2 (test/support/softhsm.ts): init with
 * recovery shares, restarts that unseal by themselves, `sys/seal` then unseal with recovery keys,
 * a key rotation by a new key_label (stored keys re-wrapped), migration shamir → pkcs11 → shamir,
 * and start-up refused with its own message for a wrong PIN, a missing slot and a missing key, the
 * PIN in no log line (debug level included; the suite's leak check scans every server log for it).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';
import { startSoftHsm, type SoftHsm } from '../../support/softhsm.js';

async function api(server: ServerProcess, method: string, path: string, body?: unknown, token?: string) {
  const r = await fetch(`http://${server.address}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

const WRONG_PIN = 'wrong-HSM-pin-97531';

describe('pkcs11 seal through the daemon (SoftHSM2)', () => {
  let hsm: SoftHsm;
  const servers: ServerProcess[] = [];

  const block = (settings: Record<string, string>, disabled = false): string =>
    `\nseal "pkcs11" {\n${Object.entries({ lib: hsm.lib, token_label: hsm.tokenLabel, ...settings })
      .map(([k, v]) => `  ${k} = "${v}"`)
      .join('\n')}${disabled ? '\n  disabled = "true"' : ''}\n}\n`;
  const base = (server: ServerProcess): string => readFileSync(server.configPath, 'utf8').split('\n# seals\n')[0]!;
  const configure = (server: ServerProcess, seals: string): void => writeFileSync(server.configPath, `${base(server)}\n# seals\n${seals}`);
  const storedBlob = (server: ServerProcess): { keyInfo?: { keyId?: string; mechanism?: number }; iv?: string } => {
    const line = readFileSync(join(server.dir, 'data/core/hsm/_barrier-unseal-keys'), 'utf8');
    return JSON.parse(Buffer.from(JSON.parse(line).Value, 'base64').toString('utf8'));
  };
  const newServer = async (env: Record<string, string> = {}): Promise<ServerProcess> => {
    const s = await ServerProcess.withFileStorage('', { ...hsm.env, TSVAULT_UNSEAL_RETRY_INTERVAL: '500ms', ...env });
    servers.push(s);
    return s;
  };

  beforeAll(() => {
    hsm = startSoftHsm();
    recordSecret(hsm.pin, WRONG_PIN);
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    hsm?.remove();
  });

  describe('an auto-unsealed server', () => {
    let server: ServerProcess;
    let recovery: string[] = [];
    let root = '';

    beforeAll(async () => {
      // The PIN comes from the environment here (Vault's advice); debug logging shows every line.
      server = await newServer({
        VAULT_HSM_PIN: hsm.pin,
        VAULT_LOG_LEVEL: 'debug',
        TSVAULT_SEAL_HEALTH_INTERVAL: '300ms',
        TSVAULT_SEAL_HEALTH_UNHEALTHY_INTERVAL: '300ms',
      });
      configure(server, block({ key_label: 'unseal-1', generate_key: 'true' }));
      await server.start();
      const init = await api(server, 'PUT', 'sys/init', { recovery_shares: 3, recovery_threshold: 2 });
      expect(init.status, JSON.stringify(init.body)).toBe(200);
      recovery = init.body.recovery_keys_base64;
      root = init.body.root_token;
      recordSecret(root, ...recovery);
    });

    it('init with recovery shares unseals; the stored root key names the HSM key', async () => {
      expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({
        type: 'pkcs11',
        sealed: false,
        recovery_seal: true,
        t: 2,
        n: 3,
      });
      const blob = storedBlob(server);
      expect(blob.keyInfo).toMatchObject({ mechanism: 0x1087, keyId: expect.stringMatching(/^unseal-1:[0-9a-f]{8}$/) });
      expect(blob.iv).toBeTruthy();
      await api(server, 'POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, root);
      expect((await api(server, 'POST', 'secret/data/app', { data: { v: 'hsm' } }, root)).status).toBe(200);
      expect(server.output).toMatch(/pkcs11 seal generated a key/);
      expect(server.output).not.toContain(hsm.pin);
    });

    it('a restart unseals by itself', async () => {
      await server.restart();
      await server.waitForOutput(/core: unsealed with stored key/);
      expect((await api(server, 'GET', 'secret/data/app', undefined, root)).body.data.data.v).toBe('hsm');
      expect(server.output).not.toMatch(/generated a key/);
    });

    it('sys/seal, then the recovery keys unseal', async () => {
      expect((await api(server, 'PUT', 'sys/seal', undefined, root)).status).toBe(204);
      expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, type: 'pkcs11' });
      await api(server, 'PUT', 'sys/unseal', { key: recovery[0] });
      const done = await api(server, 'PUT', 'sys/unseal', { key: recovery[2] });
      expect(done.body).toMatchObject({ sealed: false });
      expect((await api(server, 'GET', 'secret/data/app', undefined, root)).body.data.data.v).toBe('hsm');
    });

    it('while unsealed, the seal health check reports the token store lost and back (no restart)', async () => {
      const backend = async () => (await fetch(`http://${server.address}/v1/sys/seal-backend-status`)).json();
      expect(await backend()).toMatchObject({ healthy: true, backends: [{ name: 'pkcs11', healthy: true }] });
      renameSync(join(hsm.dir, 'tokens'), join(hsm.dir, 'tokens-away'));
      try {
        await server.waitForOutput(/\[WARN\]  core: seal backend is unhealthy: seal=pkcs11/);
        expect(await backend()).toMatchObject({ healthy: false, backends: [{ name: 'pkcs11', healthy: false }] });
        expect((await api(server, 'GET', 'sys/health')).status).toBe(200); // still unsealed
      } finally {
        renameSync(join(hsm.dir, 'tokens-away'), join(hsm.dir, 'tokens'));
      }
      await server.waitForOutput(/\[INFO\]  core: seal backend is healthy again: seal=pkcs11/);
      expect((await backend()).healthy).toBe(true);
    });

    it('rotation: a new key_label re-wraps the stored keys; the next restart unseals with the new key', async () => {
      const old = storedBlob(server).keyInfo?.keyId;
      configure(server, block({ key_label: 'unseal-2', generate_key: 'true' }));
      await server.restart();
      await server.waitForOutput(/core: upgrading stored keys[\s\S]*core: upgrading recovery key/);
      const now = storedBlob(server).keyInfo?.keyId;
      expect(now).toMatch(/^unseal-2:/);
      expect(now).not.toBe(old);
      await server.restart();
      await server.waitForOutput(/core: unsealed with stored key/);
      expect((await api(server, 'GET', 'secret/data/app', undefined, root)).body.data.data.v).toBe('hsm');
      expect(server.output).not.toContain(hsm.pin);
    });

    it('start-up stops with its own error for a wrong PIN, a missing slot and a missing key; no PIN in the log', async () => {
      await server.stop();
      const cases: Array<[string, Record<string, string>, RegExp]> = [
        ['wrong PIN', { VAULT_HSM_PIN: WRONG_PIN }, /error logging in to the token in slot \d+: CKR_PIN_INCORRECT/],
        ['missing key', {}, /no AES key labelled "never-made" in the token in slot \d+: create it, or set generate_key/],
      ];
      for (const [what, env, message] of cases) {
        const s = await newServer({ VAULT_HSM_PIN: hsm.pin, ...env });
        writeFileSync(s.configPath, readFileSync(server.configPath, 'utf8'));
        configure(s, block({ key_label: what === 'missing key' ? 'never-made' : 'unseal-2' }));
        await expect(s.start(), what).rejects.toThrow(message);
        expect(await s.exited(), what).toBe(true);
        for (const pin of [hsm.pin, WRONG_PIN]) expect(s.output, what).not.toContain(pin);
      }
      // A slot that does not exist, with the PIN in the config file this time.
      const s = await newServer();
      writeFileSync(s.configPath, readFileSync(server.configPath, 'utf8'));
      const seal = `\nseal "pkcs11" {\n  lib = "${hsm.lib}"\n  slot = "4242"\n  pin = "${hsm.pin}"\n  key_label = "unseal-2"\n}\n`;
      configure(s, seal);
      await expect(s.start()).rejects.toThrow(/slot 4242 not found; slots with a token: \d+ \("tsvault-test"\)/);
      expect(s.output).not.toContain(hsm.pin);
    });
  });

  it('migration shamir → pkcs11 → shamir with the operators\' keys', async () => {
    const server = await newServer({ VAULT_HSM_PIN: hsm.pin });
    configure(server, '');
    await server.start();
    const init = await api(server, 'PUT', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
    const keys: string[] = init.body.keys_base64;
    const root: string = init.body.root_token;
    recordSecret(root, ...keys);
    for (const k of keys.slice(0, 2)) await api(server, 'PUT', 'sys/unseal', { key: k });
    await api(server, 'POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, root);
    await api(server, 'POST', 'secret/data/m', { data: { v: 'migrated' } }, root);
    const pkcs11 = block({ key_label: 'migrate-key', generate_key: 'true' });

    // shamir → pkcs11: the new block; the unseal keys become recovery keys.
    configure(server, pkcs11);
    await server.restart();
    expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, migration: true });
    expect(server.vault(['operator', 'unseal', '-migrate', keys[0]!]).code).toBe(0);
    const done = server.vault(['operator', 'unseal', '-migrate', keys[1]!]);
    expect(done.code, done.stderr).toBe(0);
    expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: false, migration: false, type: 'pkcs11' });
    expect(storedBlob(server).keyInfo?.keyId).toMatch(/^migrate-key:/);
    await server.restart();
    await server.waitForOutput(/core: unsealed with stored key/);
    expect((await api(server, 'GET', 'secret/data/m', undefined, root)).body.data.data.v).toBe('migrated');

    // pkcs11 → shamir: the block stays, disabled; the recovery keys become unseal keys.
    configure(server, block({ key_label: 'migrate-key' }, true));
    await server.restart();
    expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, migration: true });
    expect(server.vault(['operator', 'unseal', '-migrate', keys[1]!]).code).toBe(0);
    expect(server.vault(['operator', 'unseal', '-migrate', keys[2]!]).code).toBe(0);
    expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: false, migration: false, type: 'shamir' });
    configure(server, '');
    await server.restart();
    expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, type: 'shamir', t: 2, n: 3 });
    await api(server, 'PUT', 'sys/unseal', { key: keys[0] });
    await api(server, 'PUT', 'sys/unseal', { key: keys[2] });
    expect((await api(server, 'GET', 'secret/data/m', undefined, root)).body.data.data.v).toBe('migrated');
    expect(server.output).not.toContain(hsm.pin);
  });
});
