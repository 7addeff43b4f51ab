/**
 * go-metrics' InmemSink: values aggregated per 10-second interval, one minute kept. It backs the
 * JSON form of sys/metrics (DisplayMetrics: the last complete interval, or the current one when
 * it is the only one), with go-metrics' field names.
 */
import type { Labels, MetricSink } from './sink.js';

interface Aggregate {
  name: string;
  labels: Labels;
  count: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

interface Interval {
  start: number;
  gauges: Map<string, { name: string; value: number; labels: Labels }>;
  counters: Map<string, Aggregate>;
  samples: Map<string, Aggregate>;
}

/** One aggregate as go-metrics' SampledValue marshals it. */
export interface SampledValue {
  Name: string;
  Count: number;
  Rate: number;
  Sum: number;
  Min: number;
  Max: number;
  Mean: number;
  Stddev: number;
  Labels: Labels;
}

/** go-metrics' MetricsSummary. */
export interface MetricsSummary {
  Timestamp: string;
  Gauges: { Name: string; Value: number; Labels: Labels }[];
  Points: never[];
  Counters: SampledValue[];
  Samples: SampledValue[];
}

function hasLabels(labels: Labels): boolean {
  for (const _ in labels) return true;
  return false;
}

/** Dotted key plus labels, the identity of a series in one interval (the name alone without labels, the common case). */
function seriesId(name: string, labels: Labels): string {
  if (!hasLabels(labels)) return name;
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return `${name};${pairs.map(([k, v]) => `${k}=${v}`).join(';')}`;
}

/** Go's time.Time.String() of a UTC instant rounded to the second: `2024-05-01 10:00:00 +0000 UTC`. */
export function goTimeString(ms: number): string {
  const iso = new Date(Math.round(ms / 1000) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

export class InmemSink implements MetricSink {
  readonly #intervalMs: number;
  readonly #retain: number;
  readonly #clock: () => number;
  #intervals: Interval[] = [];

  constructor(opts: { intervalMs?: number; retainMs?: number; clock?: () => number } = {}) {
    this.#intervalMs = opts.intervalMs ?? 10_000;
    this.#retain = Math.max(1, Math.ceil((opts.retainMs ?? 60_000) / this.#intervalMs));
    this.#clock = opts.clock ?? Date.now;
  }

  #current(): Interval {
    const now = this.#clock();
    const start = now - (now % this.#intervalMs);
    const last = this.#intervals[this.#intervals.length - 1];
    if (last && last.start === start) return last;
    const fresh: Interval = { start, gauges: new Map(), counters: new Map(), samples: new Map() };
    this.#intervals.push(fresh);
    if (this.#intervals.length > this.#retain) this.#intervals = this.#intervals.slice(-this.#retain);
    return fresh;
  }

  setGauge(key: readonly string[], value: number, labels: Labels): void {
    const name = key.join('.');
    this.#current().gauges.set(seriesId(name, labels), { name, value, labels });
  }

  incrCounter(key: readonly string[], value: number, labels: Labels): void {
    this.#aggregate(this.#current().counters, key, value, labels);
  }

  addSample(key: readonly string[], value: number, labels: Labels): void {
    this.#aggregate(this.#current().samples, key, value, labels);
  }

  #aggregate(into: Map<string, Aggregate>, key: readonly string[], value: number, labels: Labels): void {
    const name = key.join('.');
    const id = seriesId(name, labels);
    let agg = into.get(id);
    if (!agg) {
      agg = { name, labels, count: 0, sum: 0, sumSq: 0, min: value, max: value };
      into.set(id, agg);
    }
    agg.count++;
    agg.sum += value;
    agg.sumSq += value * value;
    agg.min = Math.min(agg.min, value);
    agg.max = Math.max(agg.max, value);
  }

  /** go-metrics' DisplayMetrics; gauges show their latest value from any retained interval. */
  display(): MetricsSummary {
    const current = this.#current();
    const shown = this.#intervals.length > 1 ? this.#intervals[this.#intervals.length - 2]! : current;
    const gauges = new Map<string, { Name: string; Value: number; Labels: Labels }>();
    for (const interval of this.#intervals) {
      for (const [id, g] of interval.gauges) gauges.set(id, { Name: g.name, Value: g.value, Labels: g.labels });
    }
    const seconds = this.#intervalMs / 1000;
    const sampled = (m: Map<string, Aggregate>): SampledValue[] =>
      [...m.values()]
        .map((a) => {
          const mean = a.sum / a.count;
          const variance = a.count > 1 ? (a.sumSq - (a.sum * a.sum) / a.count) / (a.count - 1) : 0;
          return {
            Name: a.name,
            Count: a.count,
            Rate: a.sum / seconds,
            Sum: a.sum,
            Min: a.min,
            Max: a.max,
            Mean: mean,
            Stddev: Math.sqrt(Math.max(0, variance)),
            Labels: a.labels,
          };
        })
        .sort((x, y) => x.Name.localeCompare(y.Name));
    return {
      Timestamp: goTimeString(shown.start),
      Gauges: [...gauges.values()].sort((x, y) => x.Name.localeCompare(y.Name)),
      Points: [],
      Counters: sampled(shown.counters),
      Samples: sampled(shown.samples),
    };
  }
}
