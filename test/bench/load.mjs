// One load measurement with autocannon (as a library): requests/s, exact latency percentiles from
// every response's own time, errors, and (given the server's pid) the server's CPU per request.
import autocannon from 'autocannon';
import { cpuMs } from './server.mjs';

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return +sorted[Math.max(0, i)].toFixed(2);
}

/**
 * @param {object} o
 * @param {string} o.url base URL
 * @param {() => {method: string, path: string, body?: string}} o.next builds each request
 * @param {Record<string,string>} [o.headers]
 * @param {number} [o.pid] the server process: its user + system CPU time over the run, divided by
 *   the requests answered, is reported as cpuUsPerRequest (µs)
 */
export async function measure({ url, next, headers = {}, connections, seconds, pid }) {
  const latencies = [];
  const cpu0 = pid === undefined ? 0 : cpuMs(pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    setupClient: (client) => client.on('response', (_status, _bytes, responseTime) => latencies.push(responseTime)),
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          return { ...req, method: r.method, path: r.path, ...(r.body === undefined ? {} : { body: r.body }) };
        },
      },
    ],
  });
  const cpu = pid === undefined ? 0 : cpuMs(pid) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
    ...(pid === undefined ? {} : { cpuUsPerRequest: result.requests.total > 0 ? Math.round((cpu * 1000) / result.requests.total) : null }),
  };
}
