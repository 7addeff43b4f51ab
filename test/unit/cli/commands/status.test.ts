import { describe, expect, it } from 'vitest';
import { command as statusCommand } from '../../../../src/cli/commands/status.js';
import { BUILD_DATE, VERSION } from '../../../../src/version.js';
import {
  closedPort,
  LEADER_NO_HA,
  memoryIO,
  SEALED_SHAMIR,
  UNSEALED_AWSKMS_113,
  UNSEALED_SHAMIR,
  useFakeVault,
  withOurVersion,
} from '../support.js';

// The article's outputs (Vault 1.13.2), verbatim.
const ARTICLE_SEALED = `Key                Value
---                -----
Seal Type          shamir
Initialized        true
Sealed             true
Total Shares       5
Threshold          3
Unseal Progress    0/3
Unseal Nonce       n/a
Version            1.13.2
Build Date         2023-04-25T13:02:50Z
Storage Type       file
HA Enabled         false
`;

const ARTICLE_UNSEALED = `Key             Value
---             -----
Seal Type       shamir
Initialized     true
Sealed          false
Total Shares    5
Threshold       3
Version         1.13.2
Build Date      2023-04-25T13:02:50Z
Storage Type    file
Cluster Name    vault-cluster-10632a7f
Cluster ID      fba28066-1105-490f-126d-5b672267adbc
HA Enabled      false
`;

const ARTICLE_AWSKMS = `Key                      Value
---                      -----
Recovery Seal Type       shamir
Initialized              true
Sealed                   false
Total Recovery Shares    5
Threshold                3
Version                  1.13.2
Build Date               2023-04-25T13:02:50Z
Storage Type             file
Cluster Name             vault-cluster-c9fa2361
Cluster ID               f4c9c8b5-9524-cb3a-49ec-34ca01200ebd
HA Enabled               false
`;

const { vault } = useFakeVault({ 'GET /v1/sys/leader': { body: LEADER_NO_HA } });

function run(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const io = memoryIO({ env: { VAULT_ADDR: vault.address, ...env } });
  return statusCommand.run(args, io).then((code) => ({ code, out: io.out(), err: io.errOut() }));
}

describe('vault status', () => {
  it('prints the article\'s sealed table line for line and exits 2', async () => {
    vault.on('GET /v1/sys/seal-status', { body: SEALED_SHAMIR });
    const r = await run();
    expect(r.out.split('\n')).toEqual(withOurVersion(ARTICLE_SEALED).split('\n'));
    expect(r.err).toBe('');
    expect(r.code).toBe(2);
  });

  it('prints the article\'s unsealed table and exits 0', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNSEALED_SHAMIR });
    const r = await run();
    expect(r.out.split('\n')).toEqual(withOurVersion(ARTICLE_UNSEALED).split('\n'));
    expect(r.code).toBe(0);
  });

  it('prints the article\'s auto-unseal (1.13) layout: Recovery Seal Type, Total Recovery Shares', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNSEALED_AWSKMS_113 });
    const r = await run();
    expect(r.out.split('\n')).toEqual(withOurVersion(ARTICLE_AWSKMS).split('\n'));
  });

  it('prints Seal Type then Recovery Seal Type when the server sends recovery_seal_type', async () => {
    vault.on('GET /v1/sys/seal-status', {
      body: { ...UNSEALED_AWSKMS_113, type: 'awskms', recovery_seal_type: 'shamir' },
    });
    const r = await run();
    const lines = r.out.split('\n');
    expect(lines.slice(2, 6)).toEqual([
      'Seal Type                awskms',
      'Recovery Seal Type       shamir',
      'Initialized              true',
      'Sealed                   false',
    ]);
    expect(lines).toContain('Total Recovery Shares    5');
  });

  it('shows progress, a real nonce and migration while sealed', async () => {
    vault.on('GET /v1/sys/seal-status', {
      body: { ...SEALED_SHAMIR, progress: 1, nonce: '6cfe01f7-145e-108d-61f1-7bdb5c87dacc', migration: true },
    });
    const r = await run();
    expect(r.out).toContain('\nUnseal Progress               1/3\n');
    expect(r.out).toContain('\nUnseal Nonce                  6cfe01f7-145e-108d-61f1-7bdb5c87dacc\n');
    expect(r.out).toContain('\nSeal Migration in Progress    true\nVersion ');
  });

  it('treats a "Vault is sealed" leader error as HA enabled', async () => {
    vault.on('GET /v1/sys/seal-status', { body: SEALED_SHAMIR });
    vault.on('GET /v1/sys/leader', { status: 503, body: { errors: ['Vault is sealed'] } });
    const r = await run();
    expect(r.out).toMatch(/\nHA Enabled         true\n$/);
    expect(r.code).toBe(2);
  });

  it('prints the HA rows of an active node', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNSEALED_SHAMIR });
    vault.on('GET /v1/sys/leader', {
      body: {
        ...LEADER_NO_HA,
        ha_enabled: true,
        is_self: true,
        active_time: '2023-05-03T09:18:42.185Z',
        leader_cluster_address: 'https://10.0.0.1:8201',
      },
    });
    const r = await run();
    expect(r.out).toContain(
      'HA Enabled      true\nHA Cluster      https://10.0.0.1:8201\nHA Mode         active\n' +
        'Active Since    2023-05-03T09:18:42.185Z\n',
    );
  });

  it('-format=json prints the seal status plus ha_enabled and active_time, in Go field order', async () => {
    vault.on('GET /v1/sys/seal-status', { body: SEALED_SHAMIR });
    const r = await run(['-format=json']);
    expect(r.out).toBe(`{
  "type": "shamir",
  "initialized": true,
  "sealed": true,
  "t": 3,
  "n": 5,
  "progress": 0,
  "nonce": "",
  "version": "${VERSION}",
  "build_date": "${BUILD_DATE}",
  "migration": false,
  "recovery_seal": false,
  "storage_type": "file",
  "ha_enabled": false,
  "active_time": "0001-01-01T00:00:00Z"
}
`);
    expect(r.code).toBe(2);
  });

  it('VAULT_FORMAT=json sets the default format; the flag overrides it', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNSEALED_SHAMIR });
    expect((await run([], { VAULT_FORMAT: 'json' })).out).toMatch(/^\{\n/);
    expect((await run(['-format=table'], { VAULT_FORMAT: 'json' })).out).toMatch(/^Key /);
  });

  it('-field prints one raw value', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNSEALED_SHAMIR });
    const r = await run(['-field=cluster_name']);
    expect(r.out).toBe('vault-cluster-10632a7f');
    expect(r.code).toBe(0);
    const missing = await run(['-field=nope']);
    expect(missing.err).toBe('Field "nope" not present in secret\n');
    expect(missing.code).toBe(1);
  });

  it('reports an unreachable server like Vault and exits 1', async () => {
    const port = await closedPort();
    const io = memoryIO({ env: { VAULT_ADDR: `http://127.0.0.1:${port}` } });
    const code = await statusCommand.run([], io);
    expect(io.errOut()).toBe(
      `Error checking seal status: Get "http://127.0.0.1:${port}/v1/sys/seal-status": ` +
        `dial tcp 127.0.0.1:${port}: connect: connection refused\n`,
    );
    expect(code).toBe(1);
  });

  it('-address overrides VAULT_ADDR', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNSEALED_SHAMIR });
    const port = await closedPort();
    const r = await run([`-address=${vault.address}`], { VAULT_ADDR: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(0);
  });

  it('rejects positional arguments and unknown formats with exit 1', async () => {
    const extra = await run(['extra']);
    expect(extra.err).toBe('Too many arguments (expected 0, got 1)\n');
    expect(extra.code).toBe(1);
    const xml = await run(['-format=xml']);
    expect(xml.err).toBe('Invalid output format: xml\n');
    expect(xml.code).toBe(1);
    const yaml = await run(['-format=yaml']);
    expect(yaml.err).toMatch(/^Unsupported output format: yaml/);
    expect(yaml.code).toBe(1);
    expect(vault.requests).toHaveLength(0);
  });
});
