import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { sanitizedState } from '../../../src/config/sanitized-state.js';
import { tempDir } from '../../support/harness.js';

const F = 'test/fixtures/config';

describe('sanitizedState (sys/config/state/sanitized)', () => {
  it('keeps only type and disabled of each seal: no transit token, no awskms keys', async () => {
    const dir = tempDir('tsvault-sanitized-');
    const file = join(dir, 'vault.hcl');
    writeFileSync(
      file,
      `storage "file" {\n  path = "/data"\n}\nlistener "tcp" {\n  address = "127.0.0.1:8200"\n  tls_disable = 1\n}\n` +
        `seal "awskms" {\n  region = "eu-west-1"\n  kms_key_id = "alias/k"\n  access_key = "AKIAEXAMPLEKEYID"\n  secret_key = "aws-secret-value-123"\n  disabled = "true"\n}\n` +
        `seal "transit" {\n  address = "https://t:8200"\n  token = "s.transit-token-value"\n  key_name = "k"\n}\n`,
    );
    const out = sanitizedState(await loadConfig([file], {}));
    expect(out.seals).toEqual([
      { type: 'awskms', disabled: true },
      { type: 'transit', disabled: false },
    ]);
    const text = JSON.stringify(out);
    for (const secret of ['AKIAEXAMPLEKEYID', 'aws-secret-value-123', 's.transit-token-value', 'alias/k']) expect(text).not.toContain(secret);
  });

  it('gives storage as type and the lifted settings only: no connection_url password', async () => {
    const out = sanitizedState(await loadConfig([`${F}/storage-secrets.hcl`], {}));
    expect(out.storage).toEqual({ type: 'postgresql', redirect_addr: '', cluster_addr: '', disable_clustering: false });
    expect(out.ha_storage).toMatchObject({ type: 'consul', redirect_addr: 'https://vault.internal:8200' });
    const text = JSON.stringify(out);
    for (const secret of ['hunter2', 'consul-acl-token-value', 'connection_url']) expect(text).not.toContain(secret);
  });

  it('names settings as Vault does, listeners as {type, config}', async () => {
    const out = sanitizedState(await loadConfig([`${F}/two-seals.hcl`], {}));
    expect(out).toMatchObject({
      listeners: [{ type: 'tcp', config: { address: '127.0.0.1:8290', tls_disable: true } }],
      disable_mlock: expect.any(Boolean),
      enable_ui: expect.any(Boolean),
      log_level: 'info',
      default_lease_ttl: 2_764_800,
    });
  });

  it('gives the telemetry block by its HCL names when there is one, and nothing without', async () => {
    const dir = tempDir('tsvault-sanitized-');
    const file = join(dir, 'vault.hcl');
    const base = `storage "file" {\n  path = "/data"\n}\nlistener "tcp" {\n  address = "127.0.0.1:8200"\n  tls_disable = 1\n}\n`;
    writeFileSync(file, base);
    expect(sanitizedState(await loadConfig([file], {}))).not.toHaveProperty('telemetry');
    writeFileSync(file, `${base}telemetry {\n  prometheus_retention_time = "30s"\n  disable_hostname = true\n  statsd_address = "127.0.0.1:8125"\n}\n`);
    expect(sanitizedState(await loadConfig([file], {})).telemetry).toMatchObject({
      prometheus_retention_time: 30,
      disable_hostname: true,
      statsd_address: '127.0.0.1:8125',
      dogstatsd_tags: [],
    });
  });
});
