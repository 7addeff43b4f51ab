/**
 * A seal migration (shamir → awskms on LocalStack) killed with SIGKILL at every step boundary
 * (test-only failpoints, TSVAULT_FAILPOINT=migration:<step>): the restarted server, with the same
 * config, rolls back (and migrates when asked again) or rolls forward, and in both cases the data
 * is intact and the shares the operator holds still work.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../../support/localstack.js';

const STEPS = [
  'journal-prepared',
  ...Array.from({ length: 6 }, (_, i) => `staged-${i}`),
  'committed',
  ...Array.from({ length: 6 }, (_, i) => `live-${i}`),
  'journal-removed',
];

async function api(address: string, method: string, path: string, body?: unknown, token?: string) {
  const r = await fetch(`http://${address}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

describe('a migration killed at every step', () => {
  let kms: LocalStack;
  let keyId = '';

  beforeAll(async () => {
    kms = await startLocalStack();
    keyId = await kms.createKey();
  }, 300_000);
  afterAll(async () => {
    await kms?.stop();
  });

  for (const step of STEPS) {
    it(`SIGKILL at ${step}`, async () => {
      const server = await ServerProcess.withFileStorage('', {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
        TSVAULT_UNSEAL_RETRY_INTERVAL: '300ms',
      });
      try {
        await server.start();
        const init = await api(server.address, 'PUT', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
        const keys: string[] = init.body.keys_base64;
        const root: string = init.body.root_token;
        recordSecret(root, ...keys);
        for (const k of keys.slice(0, 2)) await api(server.address, 'PUT', 'sys/unseal', { key: k });
        await api(server.address, 'POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, root);
        await api(server.address, 'POST', 'secret/data/kept', { data: { v: step } }, root);
        await server.stop();

        writeFileSync(
          server.configPath,
          `${readFileSync(server.configPath, 'utf8')}\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${kms.endpoint}"\n}\n`,
        );
        server.env.TSVAULT_FAILPOINT = `migration:${step}`;
        await server.start();
        await api(server.address, 'PUT', 'sys/unseal', { key: keys[0], migrate: true });
        await api(server.address, 'PUT', 'sys/unseal', { key: keys[1], migrate: true }).catch(() => undefined);
        expect(await server.exited()).toBe(true);

        delete server.env.TSVAULT_FAILPOINT;
        await server.start();
        const status = (await api(server.address, 'GET', 'sys/seal-status')).body;
        if (status.migration) {
          // Rolled back: the old (Shamir) state is intact; migrate again with the same shares.
          expect(server.output).toMatch(/rolled back|entering seal migration mode/);
          await api(server.address, 'PUT', 'sys/unseal', { key: keys[2], migrate: true });
          const done = await api(server.address, 'PUT', 'sys/unseal', { key: keys[0], migrate: true });
          expect(done.body.sealed).toBe(false);
        } else {
          // Rolled forward: the node runs on awskms and unseals by itself.
          await server.waitForOutput(/core: unsealed with stored key/);
        }
        expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ type: 'awskms', sealed: false, migration: false });
        expect((await api(server.address, 'GET', 'secret/data/kept', undefined, root)).body.data.data.v).toBe(step);
        // The shares are recovery shares now: they authorise generate-root.
        const attempt = await api(server.address, 'PUT', 'sys/generate-root/attempt', {});
        await api(server.address, 'PUT', 'sys/generate-root/update', { key: keys[1], nonce: attempt.body.nonce });
        const gen = await api(server.address, 'PUT', 'sys/generate-root/update', { key: keys[2], nonce: attempt.body.nonce });
        expect(gen.body.complete).toBe(true);
      } finally {
        await server.stop();
      }
    });
  }
});
