/**
 * The telemetry block → one Metrics (Vault's configutil.SetupTelemetry): Prometheus when the
 * retention time is above 0, statsd / statsite / DogStatsD when their address is set, the
 * in-memory sink always. Like Vault, the host name goes into gauge names only when two or more
 * sinks besides the in-memory one are configured and `disable_hostname` is false.
 */
import { hostname } from 'node:os';
import type { TelemetryConfig } from '../config/types.js';
import type { Logger } from '../log/types.js';
import { InmemSink } from './inmem-sink.js';
import { Metrics } from './metrics.js';
import { PrometheusSink } from './prometheus-sink.js';
import type { MetricSink } from './sink.js';
import { LineSink } from './statsd-sink.js';

export interface SetupOptions {
  /** Host name for gauge names (defaults to os.hostname()). */
  hostname?: string;
  logger?: Logger;
}

export function setupTelemetry(config: TelemetryConfig | undefined, opts: SetupOptions = {}): Metrics {
  const inmem = new InmemSink();
  if (!config) return Metrics.basic(inmem);
  const prometheus = config.prometheusRetentionTime > 0 ? new PrometheusSink({ retentionSeconds: config.prometheusRetentionTime }) : undefined;
  const push: MetricSink[] = [];
  if (config.statsiteAddress) push.push(new LineSink('statsite', config.statsiteAddress));
  if (config.statsdAddress) push.push(new LineSink('statsd', config.statsdAddress));
  if (config.dogstatsdAddr) push.push(new LineSink('dogstatsd', config.dogstatsdAddr, config.dogstatsdTags));
  const sinks = push.length + (prometheus ? 1 : 0);
  const name = opts.hostname ?? hostname();
  let host: { name: string; asLabel: boolean } | undefined;
  if (sinks > 1 && config.enableHostnameLabel) host = { name, asLabel: true };
  else if (sinks > 1 && !config.disableHostname) {
    host = { name, asLabel: false };
    opts.logger?.warn(
      'telemetry.disable_hostname has been set to false. Recommended setting is true for Prometheus to avoid poorly named metrics.',
    );
  }
  return new Metrics({
    ...(config.metricsPrefix ? { prefix: config.metricsPrefix } : {}),
    ...(host ? { hostname: host } : {}),
    inmem,
    ...(prometheus ? { prometheus } : {}),
    push,
  });
}
