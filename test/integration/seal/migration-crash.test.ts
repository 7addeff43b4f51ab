/**
 * A seal migration (shamir → awskms on LocalStack) killed with SIGKILL at every step boundary
 * (test-only failpoints, TSVAULT_FAILPOINT=migration:<step>, src/seal/migration.ts). The README's rule,
 * step by step: killed before the commit step (the journal's "commit" write) → rolled back: the old
 * seal is in force, the old config unseals with the shares and the data reads, and `unseal -migrate`
 * can be run again; killed at or after it → finished: the new seal is in force and unseals by
 * itself. Either way the data is intact and the shares work in their new role.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
/** The failpoint right after the journal records the commit: from here on a restart finishes. */
const COMMIT = STEPS.indexOf('committed');

/** Files left under core/migration/ (journal, staged entries) in the file storage. */
function migrationLeftovers(dataDir: string): string[] {
  const root = join(dataDir, 'core/migration');
  return existsSync(root) ? (readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name)) : [];
}

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

        const shamirConfig = readFileSync(server.configPath, 'utf8');
        const awskmsConfig = `${shamirConfig}\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${kms.endpoint}"\n}\n`;
        writeFileSync(server.configPath, awskmsConfig);
        server.env.TSVAULT_FAILPOINT = `migration:${step}`;
        await server.start();
        expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ migration: true, sealed: true });
        await api(server.address, 'PUT', 'sys/unseal', { key: keys[0], migrate: true });
        await api(server.address, 'PUT', 'sys/unseal', { key: keys[1], migrate: true }).catch(() => undefined);
        expect(await server.exited()).toBe(true);

        delete server.env.TSVAULT_FAILPOINT;
        await server.start();
        const dataDir = join(server.dir, 'data');
        if (STEPS.indexOf(step) < COMMIT) {
          // Before the commit: rolled back, nothing of the new state is left, the migration is pending again.
          await server.waitForOutput(/seal migration was interrupted before commit; rolled back/);
          expect(server.output).not.toMatch(/finished it/);
          expect(migrationLeftovers(dataDir)).toEqual([]);
          expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, migration: true });
          expect(server.output).not.toMatch(/unsealed with stored key/);
          const plain = await api(server.address, 'PUT', 'sys/unseal', { key: keys[2] });
          expect(plain).toMatchObject({ status: 500, body: { errors: ['migrate option not provided and seal migration is pending'] } });
          // The old seal is in force: the Shamir-only config unseals with the shares, the data reads.
          await server.stop();
          writeFileSync(server.configPath, shamirConfig);
          await server.start();
          expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ type: 'shamir', sealed: true, migration: false, t: 2, n: 3 });
          for (const k of [keys[2], keys[0]]) await api(server.address, 'PUT', 'sys/unseal', { key: k });
          expect((await api(server.address, 'GET', 'sys/seal-status')).body).toMatchObject({ type: 'shamir', sealed: false });
          expect((await api(server.address, 'GET', 'secret/data/kept', undefined, root)).body.data.data.v).toBe(step);
          // And the migration can be run again with the same shares.
          await server.stop();
          writeFileSync(server.configPath, awskmsConfig);
          await server.start();
          await api(server.address, 'PUT', 'sys/unseal', { key: keys[2], migrate: true });
          const done = await api(server.address, 'PUT', 'sys/unseal', { key: keys[0], migrate: true });
          expect(done.body.sealed).toBe(false);
        } else {
          // At or after the commit: finished at start-up; the new seal unseals without any share.
          if (step === 'journal-removed') expect(server.output).not.toMatch(/interrupted (before|after) commit/);
          else await server.waitForOutput(/seal migration was interrupted after commit; finished it/);
          await server.waitForOutput(/core: unsealed with stored key/);
          expect(server.output).not.toMatch(/rolled back/);
          expect(migrationLeftovers(dataDir)).toEqual([]);
          expect(server.output).not.toMatch(/entering seal migration mode/);
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
