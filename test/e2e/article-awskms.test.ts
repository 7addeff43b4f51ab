/**
 * The second half of ../shared/seed-article.txt against a real LocalStack KMS: seal "awskms" in
 * vault.hcl, the fetch-retry lines every 5 s before init, `vault operator init` with recovery keys,
 * `vault status` unsealed with the auto-seal rows, a secret written, a restart that comes back
 * unsealed with nobody typing a key, and the secret intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/harness.js';
import { recordSecret } from '../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../support/localstack.js';

const RECOVERY_TEXT = `Success! Vault is initialized

Recovery key initialized with 5 key shares and a key threshold of 3. Please
securely distribute the key shares printed above.
`;

const UNSEALED_TABLE = [
  /^Key                      Value$/,
  /^---                      -----$/,
  /^Seal Type                awskms$/,
  /^Recovery Seal Type       shamir$/,
  /^Initialized              true$/,
  /^Sealed                   false$/,
  /^Total Recovery Shares    5$/,
  /^Threshold                3$/,
  /^Version                  \S+$/,
  /^Build Date               \S+$/,
  /^Storage Type             file$/,
  /^Cluster Name             vault-cluster-[0-9a-f]{8}$/,
  /^Cluster ID               [0-9a-f-]{36}$/,
  /^HA Enabled               false$/,
];

const FETCH = /^(\S+) \[INFO\]  core: stored unseal keys supported, attempting fetch$/gm;
const NONE_FOUND = /\[WARN\]  failed to unseal core: error="stored unseal keys are supported, but none were found"$/m;

describe('the article, AWS KMS half (LocalStack)', () => {
  let kms: LocalStack;
  let server: ServerProcess;
  let token = '';

  beforeAll(async () => {
    kms = await startLocalStack();
    const keyId = await kms.createKey('ap-northeast-1');
    server = await ServerProcess.withFileStorage(
      `\n# Auto-Unseal\nseal "awskms" {\n  region = "ap-northeast-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${kms.endpoint}"\n}\n`,
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true' },
    );
    await server.start();
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await kms?.stop();
  });

  it('logs the two lines at a 5 s cadence before init', async () => {
    await server.waitForOutput(/failed to unseal core[\s\S]*attempting fetch[\s\S]*failed to unseal core/, 15_000);
    expect(server.output).toMatch(NONE_FOUND);
    const times = [...server.output.matchAll(FETCH)].map((m) => Date.parse(m[1]!));
    expect(times.length).toBeGreaterThanOrEqual(2);
    const gap = times[1]! - times[0]!;
    expect(gap).toBeGreaterThanOrEqual(4_900);
    expect(gap).toBeLessThan(6_500);
    const status = server.vault(['status']);
    expect(status.code).toBe(2);
    // Before init Vault omits recovery_seal_type, so the CLI prints its older single row.
    expect(status.stdout).toMatch(/^Recovery Seal Type +awskms$/m);
  });

  it('vault operator init prints recovery keys and unseals at once', () => {
    const r = server.vault(['operator', 'init']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (let i = 0; i < 5; i++) expect(lines[i]).toMatch(new RegExp(`^Recovery Key ${i + 1}: [A-Za-z0-9+/]{43}[A-Za-z0-9+/=]$`));
    expect(lines[5]).toBe('');
    expect(lines[6]).toMatch(/^Initial Root Token: hvs\.[0-9A-Za-z]{24}$/);
    token = lines[6]!.split(': ')[1]!;
    expect(lines.slice(7).join('\n')).toBe(`\n${RECOVERY_TEXT}`);
    const status = server.vault(['status']);
    expect(status.code).toBe(0);
    const rows = status.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(UNSEALED_TABLE.length);
    UNSEALED_TABLE.forEach((re, i) => expect(rows[i]).toMatch(re));
  });

  it('a secret written survives a restart that unseals with nobody typing a key', async () => {
    const env = { VAULT_TOKEN: token };
    recordSecret('s3cr3t-value-123');
    expect(server.vault(['secrets', 'enable', '-path=secret', 'kv-v2'], undefined, env).code).toBe(0);
    expect(server.vault(['kv', 'put', 'secret/app', 'password=s3cr3t-value-123'], undefined, env).code).toBe(0);
    await server.restart();
    await server.waitForOutput(/\[INFO\]  core: unsealed with stored key/);
    expect(server.output).toMatch(/\[INFO\]  core: vault is unsealed/);
    expect(server.vault(['status']).code).toBe(0);
    const get = server.vault(['kv', 'get', '-field=password', 'secret/app'], undefined, env);
    expect(get.stdout.trim()).toBe('s3cr3t-value-123');
  });
});
