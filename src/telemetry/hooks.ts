/**
 * The callbacks and gauge collectors the server hands to its parts, each emitting one of Vault's
 * metrics (or tsvault's own, under the same prefix): the parts take a plain callback and never see
 * the Metrics object. No label ever carries a secret: error codes, mount paths, TTL buckets only.
 */
import type { Metrics } from './metrics.js';

/** Vault's metricsutil.TTLBucket: the smallest of 1m … 30d that holds the TTL, else +Inf. */
const TTL_BUCKETS: readonly [number, string][] = [
  [60, '1m'], [600, '10m'], [1200, '20m'], [3600, '1h'], [7200, '2h'],
  [86_400, '1d'], [172_800, '2d'], [604_800, '7d'], [2_592_000, '30d'],
];

export function ttlBucket(seconds: number): string {
  return TTL_BUCKETS.find(([limit]) => seconds <= limit)?.[1] ?? '+Inf';
}

/** `vault.token.creation` with Vault's labels; `mount` resolves a token's path to its auth mount. */
export function tokenCreationHook(
  metrics: Metrics,
  mount: (path: string) => { mountPoint: string; type: string } | undefined,
): (token: { path: string; ttl: number; type?: string }) => void {
  return (token) => {
    const m = mount(token.path);
    metrics.incrCounter(['token', 'creation'], 1, {
      namespace: 'root',
      auth_method: m?.type ?? '',
      mount_point: m?.mountPoint ?? '',
      creation_ttl: ttlBucket(token.ttl),
      token_type: token.type ?? 'service',
    });
  };
}

/**
 * tsvault's start-up loop (auto-unseal): every attempt counted, every failure counted, and the time
 * of the last failure by the error's code (`vault.autounseal.last_failure{code}`, Unix seconds).
 */
export function unsealAttemptHook(metrics: Metrics, clock: () => number = Date.now): (error?: unknown) => void {
  return (error) => {
    metrics.incrCounter(['autounseal', 'attempts']);
    if (error === undefined) {
      metrics.setGauge(['autounseal', 'failing'], 0);
      return;
    }
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'UNKNOWN';
    metrics.incrCounter(['autounseal', 'failures']);
    metrics.setGauge(['autounseal', 'failing'], 1);
    metrics.setGauge(['autounseal', 'last_failure'], Math.floor(clock() / 1000), { code });
  };
}

/** Vault's physical cache counters (`vault.cache.hit|miss`) and tsvault's hit ratio since start. */
export function cacheLookupHook(metrics: Metrics): (hit: boolean) => void {
  let hits = 0;
  let lookups = 0;
  metrics.addCollector(() => {
    if (lookups > 0) metrics.setGauge(['cache', 'hit_ratio'], hits / lookups);
  });
  return (hit) => {
    lookups++;
    if (hit) hits++;
    metrics.incrCounter(['cache', hit ? 'hit' : 'miss']);
  };
}

/** tsvault's fsync latency of the file backend, milliseconds (`vault.file.fsync`). */
export function fsyncHook(metrics: Metrics): (ms: number) => void {
  return (ms) => metrics.addSample(['file', 'fsync'], ms);
}

/**
 * For the audit broker's `onFailure`: Vault's `vault.audit.log_request_failure` and
 * `vault.audit.log_response_failure` counters (src/server/assemble.ts wires it to the broker).
 */
export function auditFailureHook(metrics: Metrics): (stage: 'request' | 'response') => void {
  return (stage) => metrics.incrCounter(['audit', stage === 'request' ? 'log_request_failure' : 'log_response_failure']);
}

export interface ServerState {
  sealed(): boolean;
  /** Active (not an HA standby) and unsealed. */
  active(): boolean;
  sealHealthy(): boolean;
  /** Leases outstanding (tokens with a TTL); may be slow, so it is read at most every `leaseCountEveryMs`. */
  leaseCount?(): Promise<number>;
}

/**
 * Gauges read when metrics are looked at: `vault.core.unsealed`, `vault.core.active`,
 * `vault.expire.num_leases`, tsvault's `vault.seal.healthy`, and Vault's `vault.runtime.alloc_bytes`
 * / `sys_bytes` from Node's heap and resident set.
 */
export function registerServerGauges(metrics: Metrics, state: ServerState, opts: { leaseCountEveryMs?: number; clock?: () => number } = {}): void {
  const clock = opts.clock ?? Date.now;
  const every = opts.leaseCountEveryMs ?? 10_000;
  let leasesAt = -Infinity;
  let counting: Promise<void> | undefined;
  metrics.addCollector(async () => {
    const sealed = state.sealed();
    metrics.setGauge(['core', 'unsealed'], sealed ? 0 : 1);
    metrics.setGauge(['core', 'active'], state.active() ? 1 : 0);
    metrics.setGauge(['seal', 'healthy'], state.sealHealthy() ? 1 : 0);
    const memory = process.memoryUsage();
    metrics.setGauge(['runtime', 'alloc_bytes'], memory.heapUsed);
    metrics.setGauge(['runtime', 'sys_bytes'], memory.rss);
    if (!sealed && state.leaseCount && clock() - leasesAt >= every) {
      leasesAt = clock();
      counting ??= state
        .leaseCount()
        .then((n) => metrics.setGauge(['expire', 'num_leases'], n))
        .finally(() => {
          counting = undefined;
        });
      await counting;
    }
  });
}
