/**
 * The Prometheus sink (go-metrics' prometheus.PrometheusSink) on prom-client, one Registry per
 * server: gauges, counters, and samples as summaries (quantiles 0.5/0.9/0.99 over 10 s, as
 * go-metrics makes them). A series not updated within `prometheus_retention_time` leaves the
 * output. Node's own runtime metrics are registered on the same registry as `vault_runtime_*`.
 *
 * prom-client is required when the first sink is made, not imported: a server without a
 * Prometheus sink (no telemetry block) never loads it, which saves ~30 ms of start-up and ~2 MiB
 * of heap (it pulls in @opentelemetry/api); require() of this CommonJS package also skips the
 * named-export scan an ESM import would do.
 */
import { createRequire } from 'node:module';
import type { Counter, Gauge, Registry, Summary } from 'prom-client';
import type { Labels, MetricSink } from './sink.js';

type PromClient = typeof import('prom-client');
let promClient: PromClient | undefined;

function prom(): PromClient {
  promClient ??= createRequire(import.meta.url)('prom-client') as PromClient;
  return promClient;
}

type Kind = 'gauge' | 'counter' | 'summary';
type Metric = Gauge<string> | Counter<string> | Summary<string>;

interface Family {
  kind: Kind;
  metric: Metric;
  labelNames: string;
  /** Last update per label set (JSON of the labels), for retention. */
  updated: Map<string, { labels: Labels; at: number }>;
}

/** go-metrics' flattenKey for Prometheus: parts joined by `_`, anything else than [a-zA-Z0-9_] becomes `_`. */
export function prometheusName(key: readonly string[]): string {
  return key.join('_').replace(/[^a-zA-Z0-9_]/g, '_');
}

function labelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

export interface PrometheusSinkOptions {
  /** Seconds; > 0 (0 means no Prometheus sink at all). */
  retentionSeconds: number;
  /** Registers Node's runtime metrics (event loop lag, heap, GC) as `vault_runtime_*`. */
  runtime?: boolean;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  clock?: () => number;
}

export class PrometheusSink implements MetricSink {
  readonly registry: Registry;
  readonly #families = new Map<string, Family>();
  readonly #retentionMs: number;
  readonly #clock: () => number;

  constructor(opts: PrometheusSinkOptions) {
    const { Registry, collectDefaultMetrics } = prom();
    this.registry = new Registry();
    this.#retentionMs = opts.retentionSeconds * 1000;
    this.#clock = opts.clock ?? Date.now;
    if (opts.runtime !== false) collectDefaultMetrics({ register: this.registry, prefix: 'vault_runtime_' });
  }

  #family(kind: Kind, key: readonly string[], labels: Labels): { family: Family; values: Record<string, string> } | undefined {
    const name = prometheusName(key);
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) values[labelName(k)] = v;
    const labelNames = Object.keys(values).sort();
    let family = this.#families.get(name);
    if (!family) {
      const config = { name, help: name, labelNames, registers: [this.registry] };
      const metric =
        kind === 'gauge'
          ? new (prom().Gauge)(config)
          : kind === 'counter'
            ? new (prom().Counter)(config)
            : new (prom().Summary)({ ...config, percentiles: [0.5, 0.9, 0.99], maxAgeSeconds: 10, ageBuckets: 5 });
      family = { kind, metric, labelNames: labelNames.join(','), updated: new Map() };
      this.#families.set(name, family);
    }
    // One name, one kind and one set of label names (Prometheus' rule); a clash is dropped.
    if (family.kind !== kind || family.labelNames !== labelNames.join(',')) return undefined;
    family.updated.set(JSON.stringify(values), { labels: values, at: this.#clock() });
    return { family, values };
  }

  setGauge(key: readonly string[], value: number, labels: Labels): void {
    const f = this.#family('gauge', key, labels);
    if (f) (f.family.metric as Gauge<string>).set(f.values, value);
  }

  incrCounter(key: readonly string[], value: number, labels: Labels): void {
    const f = this.#family('counter', key, labels);
    if (f && value >= 0) (f.family.metric as Counter<string>).inc(f.values, value);
  }

  addSample(key: readonly string[], value: number, labels: Labels): void {
    const f = this.#family('summary', key, labels);
    if (f) (f.family.metric as Summary<string>).observe(f.values, value);
  }

  /** Drops the series older than the retention time (go-metrics' expiration). */
  #expire(): void {
    const oldest = this.#clock() - this.#retentionMs;
    for (const [name, family] of this.#families) {
      for (const [id, { labels, at }] of family.updated) {
        if (at >= oldest) continue;
        family.updated.delete(id);
        if (family.labelNames !== '') family.metric.remove(labels);
      }
      if (family.updated.size === 0) {
        this.registry.removeSingleMetric(name);
        this.#families.delete(name);
      }
    }
  }

  /** The text exposition format (version 0.0.4). */
  async render(): Promise<string> {
    this.#expire();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
