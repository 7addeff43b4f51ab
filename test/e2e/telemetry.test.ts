/**
 * The telemetry block on a real server: sys/metrics scraped in the Prometheus text format and read
 * with the Prometheus project's own parser. Counters move under a KV load, vault_core_unsealed
 * follows seal/unseal, a listener without unauthenticated access wants a token, and the start-up
 * loop's counters move while the seal's KMS (another tsvault's transit engine) is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess } from '../support/harness.js';
import { recordSecret } from '../support/leak-check.js';
import { counterValue, familyOf, parsePrometheusText, sampleValue, type Family } from '../support/prometheus-text.js';

async function api(address: string, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const r = await fetch(`http://${address}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function scrape(address: string, token?: string): Promise<Family[]> {
  const r = await fetch(`http://${address}/v1/sys/metrics?format=prometheus`, { headers: token ? { 'x-vault-token': token } : {} });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await r.text());
}

const TELEMETRY = `\ntelemetry {\n  prometheus_retention_time = "30s"\n  disable_hostname = true\n}\n`;

describe('sys/metrics on a file-storage server', () => {
  let server: ServerProcess;
  let closedAddress = '';
  let root = '';
  let key = '';

  beforeAll(async () => {
    closedAddress = `127.0.0.1:${await freePort()}`;
    // The first listener (the harness's) serves metrics without a token; the second does not.
    server = await ServerProcess.withFileStorage(
      `${TELEMETRY}\nlistener "tcp" {\n  address = "${closedAddress}"\n  tls_disable = true\n}\n`,
    );
    const config = server.configPath;
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('tls_disable = 1\n}', 'tls_disable = 1\n  telemetry {\n    unauthenticated_metrics_access = true\n  }\n}'),
    );
    await server.start();
    const init = await api(server.address, 'PUT', 'sys/init', undefined, { secret_shares: 1, secret_threshold: 1 });
    root = init.root_token;
    key = init.keys_base64[0];
    recordSecret(root, key);
    await api(server.address, 'PUT', 'sys/unseal', undefined, { key });
    await api(server.address, 'POST', 'sys/mounts/secret', root, { type: 'kv', options: { version: '2' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('counts requests, barrier and storage operations under a KV load', async () => {
    const before = await scrape(server.address, root);
    const count = (f: Family[], name: string): number => sampleValue(f, `${name}_count`) ?? 0;
    for (let i = 0; i < 25; i++) {
      await api(server.address, 'POST', `secret/data/k${i}`, root, { data: { v: String(i) } });
      await api(server.address, 'GET', `secret/data/k${i}`, root);
    }
    const after = await scrape(server.address, root);
    expect(familyOf(after, 'vault_core_handle_request')?.type).toBe('summary');
    expect(count(after, 'vault_core_handle_request') - count(before, 'vault_core_handle_request')).toBeGreaterThanOrEqual(50);
    expect(count(after, 'vault_barrier_put') - count(before, 'vault_barrier_put')).toBeGreaterThanOrEqual(25);
    expect(count(after, 'vault_file_put') - count(before, 'vault_file_put')).toBeGreaterThanOrEqual(25);
    expect(count(after, 'vault_file_fsync')).toBeGreaterThan(0);
    expect(counterValue(after, 'vault_cache_hit')).toBeGreaterThan(0);
    expect(sampleValue(after, 'vault_core_unsealed')).toBe(1);
    expect(sampleValue(after, 'vault_runtime_alloc_bytes')).toBeGreaterThan(0);
    expect(familyOf(after, 'vault_runtime_nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  it('wants a token (read on sys/metrics) on a listener without unauthenticated access', async () => {
    const r = await fetch(`http://${closedAddress}/v1/sys/metrics?format=prometheus`);
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ errors: ['permission denied'] });
  });

  it("answers Vault's errors and the JSON form", async () => {
    const bad = await fetch(`http://${server.address}/v1/sys/metrics?format=bogus`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('metric response format "bogus" unknown');
    const json = (await (await fetch(`http://${closedAddress}/v1/sys/metrics`, { headers: { 'x-vault-token': root } })).json()) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['Counters', 'Gauges', 'Points', 'Samples', 'Timestamp']);
    expect(json.Gauges).toEqual(expect.arrayContaining([{ Name: 'vault.core.unsealed', Value: 1, Labels: {} }]));
  });

  it('vault_core_unsealed flips on seal and unseal', async () => {
    await api(server.address, 'PUT', 'sys/seal', root);
    expect(sampleValue(await scrape(server.address), 'vault_core_unsealed')).toBe(0);
    // The token path is behind the seal, as every logical path.
    expect((await fetch(`http://${closedAddress}/v1/sys/metrics?format=prometheus`, { headers: { 'x-vault-token': root } })).status).toBe(503);
    await api(server.address, 'PUT', 'sys/unseal', undefined, { key });
    expect(sampleValue(await scrape(server.address), 'vault_core_unsealed')).toBe(1);
  });
});

describe("the start-up loop's metrics while the KMS is down", () => {
  let kms: ServerProcess;
  let server: ServerProcess;

  beforeAll(async () => {
    kms = await ServerProcess.withFileStorage();
    await kms.start();
    const init = await api(kms.address, 'PUT', 'sys/init', undefined, { secret_shares: 1, secret_threshold: 1 });
    recordSecret(init.root_token, init.keys_base64[0]);
    await api(kms.address, 'PUT', 'sys/unseal', undefined, { key: init.keys_base64[0] });
    await api(kms.address, 'POST', 'sys/mounts/transit', init.root_token, { type: 'transit' });
    await api(kms.address, 'POST', 'transit/keys/autounseal', init.root_token, {});
    const seal = `\nseal "transit" {\n  address = "http://${kms.address}"\n  token = "${init.root_token}"\n  key_name = "autounseal"\n  mount_path = "transit/"\n}\n`;
    server = await ServerProcess.withFileStorage(`${seal}${TELEMETRY}`, { TSVAULT_UNSEAL_RETRY_INTERVAL: '200ms' });
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(
      server.configPath,
      readFileSync(server.configPath, 'utf8').replace('tls_disable = 1\n}', 'tls_disable = 1\n  telemetry {\n    unauthenticated_metrics_access = true\n  }\n}'),
    );
    await server.start();
    const bInit = await api(server.address, 'PUT', 'sys/init', undefined, { recovery_shares: 1, recovery_threshold: 1 });
    recordSecret(bInit.root_token, ...bInit.recovery_keys_base64);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await kms?.stop();
  });

  it('counts attempts and failures, with the time of the last failure by code', async () => {
    const encryptions = counterValue(await scrape(server.address), 'vault_seal_encrypt');
    expect(encryptions).toBeGreaterThan(0);
    await kms.stop();
    await server.stop();
    await server.start();
    const first = await scrape(server.address);
    expect(sampleValue(first, 'vault_core_unsealed')).toBe(0);
    const attempts = (f: Family[]): number => counterValue(f, 'vault_autounseal_attempts') ?? 0;
    const deadline = Date.now() + 15_000;
    let later = first;
    while (attempts(later) < attempts(first) + 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      later = await scrape(server.address);
    }
    expect(attempts(later)).toBeGreaterThanOrEqual(attempts(first) + 3);
    expect(counterValue(later, 'vault_autounseal_failures')).toBe(attempts(later));
    expect(sampleValue(later, 'vault_autounseal_failing')).toBe(1);
    expect(counterValue(later, 'vault_seal_decrypt_error')).toBeGreaterThan(0);
    const lastFailure = familyOf(later, 'vault_autounseal_last_failure')?.samples[0];
    expect(lastFailure?.labels.code).toMatch(/^[A-Z_]+$/);
    expect(Math.abs(lastFailure!.value - Date.now() / 1000)).toBeLessThan(60);
  }, 60_000);
});

describe('statsd_address on a real server', () => {
  it('sends Vault-named statsd lines over UDP to the address', async () => {
    const { createSocket } = await import('node:dgram');
    const sink = createSocket('udp4');
    const lines: string[] = [];
    sink.on('message', (m) => lines.push(...m.toString('utf8').split('\n').filter(Boolean)));
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
    const { port } = sink.address();
    const server = await ServerProcess.withFileStorage(`\ntelemetry {\n  statsd_address = "127.0.0.1:${port}"\n  disable_hostname = true\n}\n`);
    try {
      await server.start();
      const init = await api(server.address, 'PUT', 'sys/init', undefined, { secret_shares: 1, secret_threshold: 1 });
      recordSecret(init.root_token, init.keys_base64[0]);
      await api(server.address, 'PUT', 'sys/unseal', undefined, { key: init.keys_base64[0] });
      // Lines are flushed every 100 ms: init's handle_request may arrive in a packet of its own,
      // before the flush that carries the unseal's barrier reads, so wait for both.
      const barrierGet = (l: string) => l.startsWith('vault.barrier.get:');
      const deadline = Date.now() + 10_000;
      while (!(lines.some((l) => l.startsWith('vault.core.handle_request:')) && lines.some(barrierGet)) && Date.now() < deadline) {
        await api(server.address, 'GET', 'sys/mounts', init.root_token);
        await new Promise((r) => setTimeout(r, 100));
      }
      // statsd's line protocol: name:value|type (ms for timers, c for counters, g for gauges).
      expect(lines.find((l) => l.startsWith('vault.core.handle_request:'))).toMatch(/^vault\.core\.handle_request:\d+(\.\d+)?\|ms$/);
      expect(lines.filter(barrierGet).every((l) => /^vault\.barrier\.get:\d+(\.\d+)?\|ms$/.test(l))).toBe(true);
      expect(lines.some(barrierGet)).toBe(true);
      expect(lines.join('\n')).not.toContain(init.root_token);
    } finally {
      await server.stop();
      sink.close();
    }
  }, 60_000);
});
