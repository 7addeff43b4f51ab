/**
 * sys/metrics answers (Vault's metricsutil.ResponseForFormat): `format=prometheus` (or an Accept
 * header asking for OpenMetrics or `prometheus/telemetry`) gives the text format, no format the
 * in-memory sink's JSON, anything else a 400 in plain text. These are raw bodies, not Vault's
 * JSON envelope, with Vault's texts.
 */
import type { Metrics } from './metrics.js';

export const PROMETHEUS_FORMAT = 'prometheus';
const ERROR_CONTENT_TYPE = 'text/plain';

export interface MetricsReply {
  status: number;
  contentType: string;
  body: string;
}

/** Vault's FormatFromRequest: the format implied by the Accept header. */
export function formatFromAccept(accept: string | string[] | undefined): string {
  const headers = accept === undefined ? [] : Array.isArray(accept) ? accept : [accept];
  if (headers.length === 0) return '';
  if (headers[0]!.startsWith('application/openmetrics-text')) return PROMETHEUS_FORMAT;
  return headers.some((h) => h.includes('prometheus/telemetry')) ? PROMETHEUS_FORMAT : '';
}

export async function metricsResponse(metrics: Metrics, format: string): Promise<MetricsReply> {
  if (format !== PROMETHEUS_FORMAT && format !== '') {
    return { status: 400, contentType: ERROR_CONTENT_TYPE, body: `metric response format ${JSON.stringify(format)} unknown` };
  }
  if (format === PROMETHEUS_FORMAT && !metrics.prometheus) {
    return { status: 400, contentType: ERROR_CONTENT_TYPE, body: 'prometheus is not enabled' };
  }
  await metrics.collect();
  if (format === PROMETHEUS_FORMAT) {
    const prometheus = metrics.prometheus!;
    return { status: 200, contentType: prometheus.contentType, body: await prometheus.render() };
  }
  return { status: 200, contentType: 'application/json', body: JSON.stringify(metrics.inmem.display()) };
}
