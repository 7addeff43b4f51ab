import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';

const F = 'test/fixtures/config';

describe('the telemetry block', () => {
  it("reads Vault's keys, the listener's sub-block, and accepts the keys tsvault does not use", async () => {
    const cfg = await loadConfig([`${F}/telemetry.hcl`], {});
    expect(cfg.telemetry).toEqual({
      prometheusRetentionTime: 30,
      disableHostname: true,
      enableHostnameLabel: false,
      usageGaugePeriod: 0,
      statsdAddress: '127.0.0.1:8125',
      dogstatsdAddr: '127.0.0.1:8126',
      dogstatsdTags: ['env:test', 'role:vault'],
      pos: { file: `${F}/telemetry.hcl`, line: 11, col: 1 },
    });
    expect(cfg.listeners[0]!.unauthenticatedMetricsAccess).toBe(true);
    expect(cfg.warnings).toEqual([]);
  });

  it('no block: no telemetry settings (Prometheus off, as in Vault)', async () => {
    expect((await loadConfig([`${F}/article.hcl`], {})).telemetry).toBeUndefined();
  });

  it('a bad duration is refused with its file, line and column', async () => {
    const err = await loadConfig([`${F}/bad/telemetry-bad-duration.hcl`], {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CONFIG_INVALID');
    expect((err as ConfigError).message).toBe(
      `${F}/bad/telemetry-bad-duration.hcl:10:3: invalid value for telemetry.prometheus_retention_time: time: invalid duration "abc"`,
    );
  });
});
