/**
 * One server's metrics (go-metrics' Metrics in front of a fan-out of sinks): the service prefix
 * (`vault`, or `metrics_prefix`), the host name in gauge names as Vault puts it there, and gauges
 * that are read when someone looks (collectors run before every scrape and on a timer when a push
 * sink is configured). Passed in, never global: every server builds its own.
 */
import type { InmemSink } from './inmem-sink.js';
import type { PrometheusSink } from './prometheus-sink.js';
import type { Labels, MetricSink } from './sink.js';

export type Collector = () => void | Promise<void>;

export interface MetricsOptions {
  /** `vault`, or the telemetry block's metrics_prefix. */
  prefix?: string;
  /** Put into gauge names (`vault.<host>.core.unsealed`) or a `host` label; absent: neither. */
  hostname?: { name: string; asLabel: boolean };
  inmem: InmemSink;
  prometheus?: PrometheusSink;
  /** statsd, statsite, dogstatsd: pushed to, so collectors also run every `pushIntervalMs`. */
  push?: readonly MetricSink[];
  pushIntervalMs?: number;
}

const NO_LABELS: Labels = Object.freeze({});

export class Metrics {
  readonly inmem: InmemSink;
  /** Absent when prometheus_retention_time is 0 (or there is no telemetry block). */
  readonly prometheus: PrometheusSink | undefined;
  readonly #prefix: string;
  readonly #hostname: MetricsOptions['hostname'];
  readonly #sinks: MetricSink[];
  readonly #collectors: Collector[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: MetricsOptions) {
    this.inmem = opts.inmem;
    this.prometheus = opts.prometheus;
    this.#prefix = opts.prefix ?? 'vault';
    this.#hostname = opts.hostname;
    const push = opts.push ?? [];
    this.#sinks = [...(opts.prometheus ? [opts.prometheus] : []), ...push, opts.inmem];
    if (push.length > 0) {
      this.#timer = setInterval(() => void this.collect(), opts.pushIntervalMs ?? 10_000);
      this.#timer.unref();
    }
  }

  /** A Metrics with only the in-memory sink (tests, `vault operator diagnose`). */
  static basic(inmem: InmemSink): Metrics {
    return new Metrics({ inmem });
  }

  #key(key: readonly string[]): string[] {
    return [this.#prefix, ...key];
  }

  setGauge(key: readonly string[], value: number, labels: Labels = NO_LABELS): void {
    let parts = key;
    let all = labels;
    if (this.#hostname?.asLabel) all = { ...labels, host: this.#hostname.name };
    else if (this.#hostname) parts = [this.#hostname.name, ...key];
    for (const s of this.#sinks) s.setGauge(this.#key(parts), value, all);
  }

  incrCounter(key: readonly string[], value = 1, labels: Labels = NO_LABELS): void {
    for (const s of this.#sinks) s.incrCounter(this.#key(key), value, labels);
  }

  addSample(key: readonly string[], value: number, labels: Labels = NO_LABELS): void {
    for (const s of this.#sinks) s.addSample(this.#key(key), value, labels);
  }

  /** go-metrics' MeasureSince: milliseconds since `start` (performance.now()). */
  measureSince(key: readonly string[], start: number, labels: Labels = NO_LABELS): void {
    this.addSample(key, performance.now() - start, labels);
  }

  /** Times an operation into `key`, whether it succeeds or fails. */
  async time<T>(key: readonly string[], op: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await op();
    } finally {
      this.measureSince(key, start);
    }
  }

  /** Registers a gauge source read at scrape time; a failing collector leaves its last value. */
  addCollector(collector: Collector): void {
    this.#collectors.push(collector);
  }

  /** Runs every collector (before a scrape, and on the push timer). */
  async collect(): Promise<void> {
    await Promise.all(
      this.#collectors.map(async (c) => {
        try {
          await c();
        } catch {
          /* the gauge keeps its previous value */
        }
      }),
    );
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    for (const s of this.#sinks) s.close?.();
  }
}
