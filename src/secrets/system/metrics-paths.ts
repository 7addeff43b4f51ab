/**
 * sys/metrics (Vault's handleMetrics): a token with `read` on `sys/metrics`, then the metrics in the
 * asked format. A listener with `telemetry { unauthenticated_metrics_access = true }` serves the
 * same answer before the pipeline (src/telemetry/listener-access.ts).
 */
import { str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import type { Metrics } from '../../telemetry/metrics.js';
import { formatFromAccept, metricsResponse } from '../../telemetry/response.js';

export function metricsPaths(metrics: Metrics | undefined): PathSpec[] {
  if (!metrics) return [];
  const read = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const format = str(req.data, 'format') || formatFromAccept(req.headers?.accept);
    const reply = await metricsResponse(metrics, format);
    return { raw: { status: reply.status, body: reply.body, contentType: reply.contentType } };
  };
  return [{ pattern: /^metrics$/, operations: { read } }];
}
