import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { REDACTED, sanitizeConfig } from '../../../src/config/sanitize.js';

const F = 'test/fixtures/config';

describe('sanitizeConfig', () => {
  it('redacts every seal setting but keeps type and disabled', async () => {
    const cfg = await loadConfig([`${F}/two-seals.hcl`], {});
    const out = sanitizeConfig(cfg);
    expect(out.seals).toEqual([
      { type: 'awskms', disabled: true, config: { region: REDACTED, kms_key_id: REDACTED }, pos: cfg.seals[0]!.pos },
      {
        type: 'transit',
        disabled: false,
        config: { address: REDACTED, token: REDACTED, key_name: REDACTED, mount_path: REDACTED, tls_skip_verify: REDACTED },
        pos: cfg.seals[1]!.pos,
      },
    ]);
    expect(JSON.stringify(out)).not.toContain('s.not-a-real-token');
  });

  it('redacts storage settings that look secret, in storage and ha_storage', async () => {
    const cfg = await loadConfig([`${F}/storage-secrets.hcl`], {});
    const out = sanitizeConfig(cfg) as { storage: { config: Record<string, string> }; haStorage: { config: Record<string, string> } };
    expect(out.storage.config).toEqual({
      connection_url: REDACTED,
      table: 'vault_kv_store',
      ha_enabled: 'true',
      max_parallel: '16',
    });
    expect(out.haStorage.config).toEqual({ address: '127.0.0.1:8500', token: REDACTED });
    const text = JSON.stringify(out);
    for (const secret of ['hunter2', 'consul-acl-token-value', 'aws-secret-key-value', 'AKIAEXAMPLEEXAMPLE']) {
      expect(text).not.toContain(secret);
    }
  });

  it('leaves the frozen config untouched and returns a plain, mutable copy', async () => {
    const cfg = await loadConfig([`${F}/storage-secrets.hcl`], {});
    const out = sanitizeConfig(cfg);
    expect(cfg.storage.config.connection_url).toMatch(/hunter2/);
    expect(cfg.seals[0]!.config.secret_key).toBe('aws-secret-key-value');
    expect(Object.isFrozen(out)).toBe(false);
    expect(out.logLevel).toBe('info');
    expect(out.listeners).toEqual(cfg.listeners);
  });
});
