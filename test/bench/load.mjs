// One load measurement with autocannon (as a library): requests/s, exact latency percentiles from
// every response's own time, and errors.
import autocannon from 'autocannon';

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
 */
export async function measure({ url, next, headers = {}, connections, seconds }) {
  const latencies = [];
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
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}
