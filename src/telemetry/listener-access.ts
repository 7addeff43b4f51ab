/**
 * A listener with `telemetry { unauthenticated_metrics_access = true }` answers `GET /v1/sys/metrics`
 * itself, before the pipeline: no token, and sealed or not, as Vault's handleMetricsUnauthenticated.
 * Every other request goes to the shared handler unchanged.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { respondJson, respondText } from '../http/errors.js';
import type { Metrics } from './metrics.js';
import { formatFromAccept, metricsResponse } from './response.js';

const METRICS_PATH = '/v1/sys/metrics';

export function withUnauthenticatedMetrics(handler: RequestListener, metrics: Metrics): RequestListener {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.replace(/\/+$/, '') !== METRICS_PATH) {
      handler(req, res);
      return;
    }
    req.resume();
    if (req.method !== 'GET') {
      respondJson(res, 405, { errors: [] });
      return;
    }
    const format = url.searchParams.get('format') || formatFromAccept(req.headers.accept);
    metricsResponse(metrics, format).then(
      (reply) => respondText(res, reply.status, reply.contentType, reply.body),
      () => respondJson(res, 500, { errors: ['internal error'] }),
    );
  };
}
