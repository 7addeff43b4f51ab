import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LISTENER_TIMEOUTS, effectiveLimits } from '../../../src/config/listener-timeouts.js';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { bindListener, serverOptions } from '../../../src/http/listener.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function load(listenerBody: string) {
  const dir = await mkdtemp(join(tmpdir(), 'tsvault-listener-'));
  dirs.push(dir);
  const file = join(dir, 'vault.hcl');
  await writeFile(file, `storage "inmem" {}\n\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = 1\n${listenerBody}}\n`);
  return { file, load: () => loadConfig([file], {}) };
}

describe('listener limits: Vault keys', () => {
  it('reads the four timeouts, max_request_duration and max_connections', async () => {
    const { load: l } = await load(
      '  http_read_header_timeout = "2s"\n  http_read_timeout = "1m"\n  http_write_timeout = 0\n  http_idle_timeout = "500ms"\n  max_request_duration = 45\n  max_connections = 16\n',
    );
    const cfg = await l();
    expect(cfg.warnings).toEqual([]);
    expect(cfg.listeners[0]!.limits).toEqual({ readHeaderMs: 2_000, readMs: 60_000, writeMs: 0, idleMs: 500, maxRequestDurationMs: 45_000, maxConnections: 16 });
  });

  it("uses Vault's defaults when the block sets none", async () => {
    const cfg = await (await load('')).load();
    expect(cfg.listeners[0]!.limits).toBeUndefined();
    expect(effectiveLimits(undefined)).toEqual({ readHeaderMs: 10_000, readMs: 30_000, writeMs: 0, idleMs: 300_000, maxRequestDurationMs: 90_000, maxConnections: 4096 });
  });

  it.each([
    ['http_read_header_timeout', '"juan"', 'error parsing http_read_header_timeout: time: invalid duration "juan"'],
    ['http_read_timeout', '"-5s"', 'error parsing http_read_timeout: duration must not be negative: -5s'],
    ['http_idle_timeout', '"5 minutes"', 'error parsing http_idle_timeout: time: invalid duration "5 minutes"'],
    ['max_request_duration', '"1x"', 'error parsing max_request_duration: time: invalid duration "1x"'],
    ['max_connections', '"many"', 'error parsing max_connections: expected a whole number of connections, got "many"'],
  ])('refuses a bad %s with its file:line:col', async (key, value, message) => {
    const { file, load: l } = await load(`  # limits\n  ${key} = ${value}\n`);
    const err = await l().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.message).toBe(`${file}:7:3: ${message}`);
    expect([e.file, e.line, e.col]).toEqual([file, 7, 3]);
  });
});

describe('listener limits: applied to node:http', () => {
  const base = { type: 'tcp' as const, address: '127.0.0.1:0', tlsDisable: true, tlsMinVersion: 'tls12' as const, pos: { file: 'x.hcl' } };

  it("maps Vault's keys to node:http's timeouts, with Go's fallbacks for zeros", () => {
    expect(serverOptions(base)).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 300_000, connectionsCheckingInterval: 1_000 });
    expect(serverOptions({ ...base, limits: { readHeaderMs: 0, readMs: 4_000, idleMs: 0 } })).toMatchObject({ headersTimeout: 4_000, keepAliveTimeout: 4_000, connectionsCheckingInterval: 1_000 });
    // A header timeout beyond the request timeout is cut to it (node:http refuses the pair).
    expect(serverOptions({ ...base, limits: { readHeaderMs: 60_000, readMs: 20_000 } }).headersTimeout).toBe(20_000);
    expect(serverOptions({ ...base, limits: { readHeaderMs: 1_000, readMs: 2_000 } }).connectionsCheckingInterval).toBe(250);
  });

  it('caps the connections of each listener', async () => {
    const noop = () => undefined;
    const capped = await bindListener({ ...base, limits: { maxConnections: 7 } }, noop);
    const byDefault = await bindListener(base, noop);
    try {
      expect(capped.server.maxConnections).toBe(7);
      expect(byDefault.server.maxConnections).toBe(DEFAULT_LISTENER_TIMEOUTS.maxConnections);
      expect(byDefault.server.headersTimeout).toBe(10_000);
      expect(byDefault.server.requestTimeout).toBe(30_000);
      expect(byDefault.server.keepAliveTimeout).toBe(300_000);
    } finally {
      await capped.close();
      await byDefault.close();
    }
  });
});
