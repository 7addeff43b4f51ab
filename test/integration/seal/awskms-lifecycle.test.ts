/**
 * awskms against LocalStack, the hard days: KMS unreachable at start (the server stays up, sealed,
 * 503, retrying with the cause, and unseals without a restart once KMS answers), an on-demand key
 * rotation (restarts still unseal), and the alias moved to a new key (stored keys re-wrapped: the
 * old key can then be disabled and restarts still unseal).
 */
import { CreateAliasCommand, DisableKeyCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../../support/localstack.js';
import { TcpProxy } from '../../support/tcp-proxy.js';

/** LocalStack resolves an alias whose target was given as a bare key id, not as an ARN. */
const keyUuid = (arn: string): string => arn.split('/').pop()!;

describe('awskms: outage, rotation, alias move', () => {
  let kms: LocalStack;
  let proxy: TcpProxy;
  let server: ServerProcess;
  let firstKey = '';

  const storedBlob = (): { keyInfo?: { keyId?: string; wrappedKey?: string } } => {
    const line = readFileSync(join(server.dir, 'data/core/hsm/_barrier-unseal-keys'), 'utf8');
    return JSON.parse(Buffer.from(JSON.parse(line).Value, 'base64').toString('utf8'));
  };

  beforeAll(async () => {
    kms = await startLocalStack();
    firstKey = await kms.createKey();
    await kms.kms.send(new CreateAliasCommand({ AliasName: 'alias/tsvault-unseal', TargetKeyId: keyUuid(firstKey) }));
    const port = Number(new URL(kms.endpoint).port);
    proxy = await TcpProxy.start({ port });
    server = await ServerProcess.withFileStorage(
      `\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "alias/tsvault-unseal"\n  endpoint = "http://127.0.0.1:${proxy.port}"\n}\n`,
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', TSVAULT_UNSEAL_RETRY_INTERVAL: '1s', TSVAULT_SEAL_HEALTH_INTERVAL: '300ms', TSVAULT_SEAL_HEALTH_UNHEALTHY_INTERVAL: '300ms' },
    );
    await server.start();
    const init = server.vault(['operator', 'init', '-recovery-shares=1', '-recovery-threshold=1', '-format=json']);
    expect(init.code, `${init.stderr}\n${server.output}`).toBe(0);
    const out = JSON.parse(init.stdout);
    recordSecret(out.root_token, ...out.recovery_keys_b64);
    expect(storedBlob().keyInfo?.keyId).toBe(firstKey);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
    await kms?.stop();
  });

  it('KMS unreachable at start: up, sealed, 503, retrying with the cause; unseals once KMS is back', async () => {
    await server.stop();
    await proxy.cut();
    await server.start();
    await server.waitForOutput(/failed to unseal core: error="fetching stored unseal keys failed: [^"]*"[\s\S]*failed to unseal core/);
    expect((await fetch(`http://${server.address}/v1/sys/health`)).status).toBe(503);
    expect(server.vault(['status']).code).toBe(2);
    const loop = async () => ((await (await fetch(`http://${server.address}/v1/sys/seal-backend-status`)).json()) as { auto_unseal: Record<string, unknown> }).auto_unseal;
    const retrying = await loop();
    expect(retrying).toMatchObject({ state: 'retrying', last_error: expect.stringMatching(/^fetching stored unseal keys failed: /) });
    expect(retrying['attempts']).toBeGreaterThanOrEqual(1);
    expect(Date.parse(retrying['next_attempt'] as string)).toBeGreaterThan(Date.parse(retrying['last_attempt'] as string));
    await proxy.restore();
    await server.waitForOutput(/core: unsealed with stored key/, 10_000);
    expect((await fetch(`http://${server.address}/v1/sys/health`)).status).toBe(200);
    await expect.poll(async () => (await loop())['state']).toBe('unsealed'); // set once the attempt returns, just after the log line
  });

  it('while unsealed, the seal health check reports KMS loss and recovery', async () => {
    const backend = async () => (await fetch(`http://${server.address}/v1/sys/seal-backend-status`)).json();
    expect(await backend()).toMatchObject({ healthy: true, backends: [{ name: 'awskms', healthy: true }] });
    await proxy.cut();
    await server.waitForOutput(/\[WARN\]  core: seal backend is unhealthy: seal=awskms/);
    const down = await backend();
    expect(down).toMatchObject({ healthy: false, backends: [{ name: 'awskms', healthy: false }] });
    expect(down.unhealthy_since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await fetch(`http://${server.address}/v1/sys/health`)).status).toBe(200); // still unsealed
    await proxy.restore();
    await server.waitForOutput(/\[INFO\]  core: seal backend is healthy again: seal=awskms/);
    expect((await backend()).healthy).toBe(true);
  });

  it('after RotateKeyOnDemand a restart still unseals the keys stored under the old key material', async () => {
    const material = await kms.keyMaterialId(firstKey);
    const stored = storedBlob();
    await kms.rotateKey(firstKey);
    // The KMS now encrypts under new material (else this would pass with no rotation at all) ...
    expect(await kms.keyMaterialId(firstKey)).not.toBe(material);
    await server.restart();
    await server.waitForOutput(/core: unsealed with stored key/);
    expect(server.vault(['status']).code).toBe(0);
    // ... and the restart opened the blob written before the rotation (same key id: nothing re-wrapped).
    expect(storedBlob()).toEqual(stored);
  });

  it('alias moved to a new key: stored keys re-wrapped, the old key can be disabled', async () => {
    const secondKey = await kms.createKey();
    await kms.kms.send(new UpdateAliasCommand({ AliasName: 'alias/tsvault-unseal', TargetKeyId: keyUuid(secondKey) }));
    await server.restart();
    await server.waitForOutput(/core: upgrading stored keys[\s\S]*core: upgrading recovery key/);
    expect(storedBlob().keyInfo?.keyId).toBe(secondKey);
    await kms.kms.send(new DisableKeyCommand({ KeyId: firstKey }));
    await server.restart();
    await server.waitForOutput(/core: unsealed with stored key/);
    expect(server.vault(['status']).code).toBe(0);
  });
});
