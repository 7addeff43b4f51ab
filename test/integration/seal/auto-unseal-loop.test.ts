/**
 * The awskms start-up loop on a real LocalStack KMS, when the server is initialised (and so
 * unsealed) by `vault operator init` while the loop still waits for its next attempt: an operator
 * who seals it at once must find it sealed after that attempt's time has passed (the loop ends
 * because the barrier was opened elsewhere; Vault's would unseal it again), and
 * sys/seal-backend-status says where the loop is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../../support/localstack.js';

const RETRY_MS = 1500;

describe('awskms: the start-up loop and a seal right after init', () => {
  let kms: LocalStack;
  let server: ServerProcess;
  const loop = async (): Promise<Record<string, unknown>> =>
    ((await (await fetch(`http://${server.address}/v1/sys/seal-backend-status`)).json()) as { auto_unseal: Record<string, unknown> }).auto_unseal;

  beforeAll(async () => {
    kms = await startLocalStack();
    const keyId = await kms.createKey();
    server = await ServerProcess.withFileStorage(
      `\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${kms.endpoint}"\n}\n`,
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', TSVAULT_UNSEAL_RETRY_INTERVAL: `${RETRY_MS}ms` },
    );
    await server.start();
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await kms?.stop();
  });

  it('uninitialised: the loop retries with Vault\'s error; init unseals; a seal at once sticks past the next attempt', async () => {
    await server.waitForOutput(/failed to unseal core: error="stored unseal keys are supported, but none were found"/);
    expect(await loop()).toMatchObject({ state: 'retrying', last_error: 'stored unseal keys are supported, but none were found' });
    const init = server.vault(['operator', 'init', '-recovery-shares=1', '-recovery-threshold=1', '-format=json']);
    expect(init.code, init.stderr).toBe(0);
    const out = JSON.parse(init.stdout) as { root_token: string; recovery_keys_b64: string[] };
    recordSecret(out.root_token, ...out.recovery_keys_b64);
    expect(await loop()).toMatchObject({ state: 'unsealed' });
    const seal = server.vault(['operator', 'seal'], undefined, { VAULT_TOKEN: out.root_token });
    expect(seal.code, seal.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, RETRY_MS * 2 + 500));
    const status = (await (await fetch(`http://${server.address}/v1/sys/seal-status`)).json()) as { sealed: boolean };
    expect(status.sealed).toBe(true);
    expect(server.output).not.toMatch(/core: unsealed with stored key[\s\S]*core: vault is sealed[\s\S]*core: unsealed with stored key/);
    // The recovery key still unseals it by hand.
    const unseal = server.vault(['operator', 'unseal', out.recovery_keys_b64[0]!]);
    expect(unseal.code, unseal.stderr).toBe(0);
    expect(((await (await fetch(`http://${server.address}/v1/sys/seal-status`)).json()) as { sealed: boolean }).sealed).toBe(false);
  });
});
