import { describe, expect, it } from 'vitest';
import { InmemSink, goTimeString } from '../../../src/telemetry/inmem-sink.js';
import { Metrics } from '../../../src/telemetry/metrics.js';
import { PrometheusSink } from '../../../src/telemetry/prometheus-sink.js';
import { metricsResponse } from '../../../src/telemetry/response.js';
import { setupTelemetry } from '../../../src/telemetry/setup.js';
import { statsdLine } from '../../../src/telemetry/statsd-sink.js';
import { ttlBucket, unsealAttemptHook } from '../../../src/telemetry/hooks.js';
import type { TelemetryConfig } from '../../../src/config/types.js';

const block = (over: Partial<TelemetryConfig> = {}): TelemetryConfig => ({
  prometheusRetentionTime: 86_400,
  disableHostname: false,
  enableHostnameLabel: false,
  usageGaugePeriod: 600,
  dogstatsdTags: [],
  pos: { file: 't.hcl' },
  ...over,
});

describe('sys/metrics answers', () => {
  it("without Prometheus: Vault's 400 texts; the JSON form always", async () => {
    const metrics = setupTelemetry(undefined);
    expect(await metricsResponse(metrics, 'prometheus')).toEqual({ status: 400, contentType: 'text/plain', body: 'prometheus is not enabled' });
    expect((await metricsResponse(metrics, 'xml')).body).toBe('metric response format "xml" unknown');
    expect(JSON.parse((await metricsResponse(metrics, '')).body)).toHaveProperty('Counters');
    const off = setupTelemetry(block({ prometheusRetentionTime: 0 }));
    expect((await metricsResponse(off, 'prometheus')).body).toBe('prometheus is not enabled');
  });

  it('Prometheus: summaries for timings, counters, gauges from collectors', async () => {
    const metrics = setupTelemetry(block({ disableHostname: true }));
    metrics.addSample(['core', 'handle_request'], 3);
    metrics.incrCounter(['token', 'creation'], 1, { auth_method: 'token' });
    metrics.addCollector(() => metrics.setGauge(['core', 'unsealed'], 1));
    const reply = await metricsResponse(metrics, 'prometheus');
    expect(reply.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(reply.body).toContain('# TYPE vault_core_handle_request summary');
    expect(reply.body).toContain('vault_core_handle_request{quantile="0.5"} 3');
    expect(reply.body).toContain('vault_token_creation{auth_method="token"} 1');
    expect(reply.body).toContain('vault_core_unsealed 1');
    metrics.close();
  });
});

describe('the Prometheus sink', () => {
  it('drops a series not updated within the retention time', async () => {
    let now = 1_000_000;
    const sink = new PrometheusSink({ retentionSeconds: 60, runtime: false, clock: () => now });
    sink.incrCounter(['vault', 'old'], 1, {});
    now += 30_000;
    sink.incrCounter(['vault', 'new'], 1, {});
    expect(await sink.render()).toContain('vault_old 1');
    now += 31_000;
    const text = await sink.render();
    expect(text).not.toContain('vault_old');
    expect(text).toContain('vault_new 1');
  });
});

describe('host names in gauge names (Vault: only with two sinks or more)', () => {
  it('one sink: no host name; two: prefixed unless disable_hostname; enable_hostname_label: a label', async () => {
    const one = setupTelemetry(block(), { hostname: 'node-1' });
    one.setGauge(['core', 'unsealed'], 1);
    expect(await one.prometheus!.render()).toContain('vault_core_unsealed 1');
    const two = setupTelemetry(block({ statsdAddress: '127.0.0.1:9' }), { hostname: 'node-1' });
    two.setGauge(['core', 'unsealed'], 1);
    expect(await two.prometheus!.render()).toContain('vault_node_1_core_unsealed 1');
    const label = setupTelemetry(block({ statsdAddress: '127.0.0.1:9', enableHostnameLabel: true }), { hostname: 'node-1' });
    label.setGauge(['core', 'unsealed'], 1);
    expect(await label.prometheus!.render()).toContain('vault_core_unsealed{host="node-1"} 1');
    for (const m of [one, two, label]) m.close();
  });
});

describe('statsd lines', () => {
  it("go-metrics' formats", () => {
    expect(statsdLine('statsd', 'ms', ['vault', 'core', 'handle_request'], 1.5, {})).toBe('vault.core.handle_request:1.500000|ms');
    expect(statsdLine('statsd', 'c', ['vault', 'token', 'creation'], 1, { auth_method: 'token' })).toBe('vault.token.creation.token:1.000000|c');
    expect(statsdLine('dogstatsd', 'g', ['vault', 'core', 'unsealed'], 1, { cluster: 'c1' }, ['env:test'])).toBe(
      'vault.core.unsealed:1.000000|g|#env:test,cluster:c1',
    );
  });
});

describe('the in-memory sink (JSON form)', () => {
  it('shows the last complete interval with aggregates', () => {
    let now = 20_000;
    const sink = new InmemSink({ clock: () => now });
    sink.addSample(['vault', 'barrier', 'get'], 2, {});
    sink.addSample(['vault', 'barrier', 'get'], 4, {});
    sink.incrCounter(['vault', 'cache', 'hit'], 1, {});
    now = 31_000;
    sink.incrCounter(['vault', 'cache', 'hit'], 5, {});
    const shown = sink.display();
    expect(shown.Timestamp).toBe(goTimeString(20_000));
    expect(shown.Samples[0]).toMatchObject({ Name: 'vault.barrier.get', Count: 2, Sum: 6, Min: 2, Max: 4, Mean: 3 });
    expect(shown.Counters[0]).toMatchObject({ Name: 'vault.cache.hit', Count: 1, Sum: 1 });
  });
});

describe('the in-memory sink: series', () => {
  it('keeps one series per name and label set: labels in any order are one, no labels another', () => {
    const sink = new InmemSink({ clock: () => 5_000 });
    sink.incrCounter(['vault', 'token', 'creation'], 1, {});
    sink.incrCounter(['vault', 'token', 'creation'], 2, { a: '1', b: '2' });
    sink.incrCounter(['vault', 'token', 'creation'], 3, { b: '2', a: '1' });
    sink.incrCounter(['vault', 'token', 'creation'], 4, Object.freeze({}));
    const counters = sink.display().Counters.map((c) => [c.Labels, c.Sum]);
    expect(counters).toEqual(expect.arrayContaining([[{}, 5], [{ a: '1', b: '2' }, 5]]));
    expect(counters).toHaveLength(2);
  });
});

describe('hooks', () => {
  it("Vault's TTL buckets", () => {
    expect([ttlBucket(0), ttlBucket(60), ttlBucket(61), ttlBucket(3600), ttlBucket(2_764_800)]).toEqual(['1m', '1m', '10m', '1h', '+Inf']);
  });

  it("the start-up loop's counters and last failure by code", async () => {
    const metrics = Metrics.basic(new InmemSink());
    const hook = unsealAttemptHook(metrics, () => 5_000);
    hook(Object.assign(new Error('connection refused'), { code: 'SEAL_UNAVAILABLE' }));
    hook();
    const shown = metrics.inmem.display();
    expect(shown.Counters.find((c) => c.Name === 'vault.autounseal.attempts')?.Sum).toBe(2);
    expect(shown.Counters.find((c) => c.Name === 'vault.autounseal.failures')?.Sum).toBe(1);
    expect(shown.Gauges).toContainEqual({ Name: 'vault.autounseal.last_failure', Value: 5, Labels: { code: 'SEAL_UNAVAILABLE' } });
    expect(shown.Gauges).toContainEqual({ Name: 'vault.autounseal.failing', Value: 0, Labels: {} });
  });
});
