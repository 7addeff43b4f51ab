// One load measurement with autocannon (as a library): requests/s, latency percentiles, errors.
import autocannon from 'autocannon';

/**
 * @param {object} o
 * @param {string} o.url base URL
 * @param {() => {method: string, path: string, body?: string}} o.next builds each request
 * @param {Record<string,string>} [o.headers]
 */
export async function measure({ url, next, headers = {}, connections, seconds }) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          return { ...req, method: r.method, path: r.path, ...(r.body === undefined ? {} : { body: r.body }) };
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    // autocannon's histogram percentiles have no p95; p97.5 is the nearest it reports.
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}
