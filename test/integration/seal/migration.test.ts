/**
 * Seal migration in every direction between shamir, awskms (LocalStack) and transit (a second
 * tsvault), as an operator does it: edit the seal blocks, restart, `vault operator unseal -migrate`
 * with the keys they hold, then remove the disabled block and restart. Data written before is read
 * after; the keys the operator holds keep working in their new role; the old config is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { runCli, ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../../support/localstack.js';

type Kind = 'shamir' | 'awskms' | 'awskms2' | 'transit' | 'transit2';
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', TSVAULT_UNSEAL_RETRY_INTERVAL: '500ms' };

async function api(address: string, method: string, path: string, body?: unknown, token?: string) {
  const r = await fetch(`http://${address}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

describe('seal migration', () => {
  let kms: LocalStack;
  let transit: ServerProcess;
  let transitRoot = '';
  const kmsKeys: string[] = [];

  beforeAll(async () => {
    kms = await startLocalStack();
    kmsKeys.push(await kms.createKey(), await kms.createKey());
    transit = await ServerProcess.withFileStorage();
    await transit.start();
    const init = await api(transit.address, 'PUT', 'sys/init', { secret_shares: 1, secret_threshold: 1 });
    transitRoot = init.body.root_token;
    recordSecret(transitRoot, init.body.keys_base64[0]);
    await api(transit.address, 'PUT', 'sys/unseal', { key: init.body.keys_base64[0] });
    await api(transit.address, 'POST', 'sys/mounts/transit', { type: 'transit' }, transitRoot);
    for (const k of ['k1', 'k2']) await api(transit.address, 'POST', `transit/keys/${k}`, {}, transitRoot);
  }, 300_000);
  afterAll(async () => {
    await transit?.stop();
    await kms?.stop();
  });

  function block(kind: Kind, disabled = false): string {
    const d = disabled ? '\n  disabled = "true"' : '';
    if (kind === 'shamir') return '';
    if (kind.startsWith('awskms')) {
      const key = kmsKeys[kind === 'awskms' ? 0 : 1];
      return `\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${key}"\n  endpoint = "${kms.endpoint}"${d}\n}\n`;
    }
    const name = kind === 'transit' ? 'k1' : 'k2';
    return `\nseal "transit" {\n  address = "http://${transit.address}"\n  token = "${transitRoot}"\n  key_name = "${name}"\n  mount_path = "transit/"\n  disable_renewal = "true"${d}\n}\n`;
  }

  const base = (server: ServerProcess): string => readFileSync(server.configPath, 'utf8').split('\n# seals\n')[0]!;
  const configure = (server: ServerProcess, seals: string): void => writeFileSync(server.configPath, `${base(server)}\n# seals\n${seals}`);

  const directions: Array<[Kind, Kind]> = [
    ['shamir', 'awskms'],
    ['shamir', 'transit'],
    ['awskms', 'shamir'],
    ['transit', 'shamir'],
    ['awskms', 'transit'],
    ['transit', 'awskms'],
    ['awskms', 'awskms2'],
    ['transit', 'transit2'],
  ];

  for (const [from, to] of directions) {
    it(`${from} → ${to}`, async () => {
      const server = await ServerProcess.withFileStorage('', AWS_ENV);
      configure(server, block(from));
      await server.start();
      try {
        const auto = from !== 'shamir';
        const init = await api(server.address, 'PUT', 'sys/init', auto ? { recovery_shares: 3, recovery_threshold: 2 } : { secret_shares: 3, secret_threshold: 2 });
        expect(init.status).toBe(200);
        const keys: string[] = auto ? init.body.recovery_keys_base64 : init.body.keys_base64;
        const root: string = init.body.root_token;
        recordSecret(root, ...keys);
        if (!auto) for (const k of keys.slice(0, 2)) await api(server.address, 'PUT', 'sys/unseal', { key: k });
        expect((await api(server.address, 'GET', 'sys/seal-status')).body.sealed).toBe(false);
        await api(server.address, 'POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, root);
        await api(server.address, 'POST', 'secret/data/before', { data: { v: `${from}-${to}` } }, root);

        // The migration config: the old auto seal stays, disabled; Shamir is simply left out.
        configure(server, `${auto ? block(from, true) : ''}${block(to)}`);
        await server.restart();
        const status = await api(server.address, 'GET', 'sys/seal-status');
        expect(status.body).toMatchObject({ sealed: true, migration: true });
        expect(server.output).toMatch(/entering seal migration mode/);
        expect(server.vault(['status']).stdout).toMatch(/^Seal Migration in Progress +true$/m);
        const refused = await api(server.address, 'PUT', 'sys/unseal', { key: keys[0] });
        expect(refused).toEqual({ status: 500, body: { errors: ['migrate option not provided and seal migration is pending'] } });
        expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0, migration: true });
        expect(server.vault(['operator', 'unseal', '-migrate', keys[0]!]).code).toBe(0);
        const done = server.vault(['operator', 'unseal', '-migrate', keys[2]!]);
        expect(done.code).toBe(0);
        expect(done.stdout).toMatch(/^Sealed +false$/m);
        expect((await api(server.address, 'GET', 'secret/data/before', undefined, root)).body.data.data.v).toBe(`${from}-${to}`);
        expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ migration: false, type: to.replace(/2$/, '') });

        // Finished: the disabled block goes, and the server runs on the new seal.
        configure(server, block(to));
        await server.restart();
        if (to === 'shamir') {
          expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, t: 2, n: 3, recovery_seal: false });
          await api(server.address, 'PUT', 'sys/unseal', { key: keys[1] }); // the recovery shares are now unseal shares
          await api(server.address, 'PUT', 'sys/unseal', { key: keys[2] });
        } else {
          await server.waitForOutput(/core: unsealed with stored key/);
          // The operator's shares are now (or still) recovery shares: they authorise generate-root.
          const attempt = await api(server.address, 'PUT', 'sys/generate-root/attempt', {});
          await api(server.address, 'PUT', 'sys/generate-root/update', { key: keys[0], nonce: attempt.body.nonce });
          const gen = await api(server.address, 'PUT', 'sys/generate-root/update', { key: keys[1], nonce: attempt.body.nonce });
          expect(gen.body.complete).toBe(true);
        }
        expect((await api(server.address, 'GET', 'secret/data/before', undefined, root)).body.data.data.v).toBe(`${from}-${to}`);

        // The old configuration is refused with a clear error once the data is under the new seal.
        if (to !== 'shamir' && !to.endsWith('2')) {
          await server.stop();
          configure(server, from === 'shamir' ? '' : block(from));
          const r = runCli(['server', `-config=${server.configPath}`], { ...server.env });
          expect(r.code).toBe(1);
          expect(r.stderr).toMatch(/cannot seal migrate from "\w+" to (Shamir|"\w+"), no disabled seal in configuration/);
        }
      } finally {
        await server.stop();
      }
    });
  }
});
