/**
 * Token lifetimes as Vault computes them (sdk/framework/lease.go CalculateTTL), in whole seconds,
 * and the time formats Vault's token lookup prints.
 */
import { badRequest } from '../logical/errors.js';

/** The mount's (or the system's) lease defaults, seconds. */
export interface TtlDefaults {
  defaultTtl: number;
  maxTtl: number;
}

export interface TtlInput {
  /** Requested increment (renewals); 0 = none. */
  increment: number;
  /** The TTL the backend asks for (the token's `ttl`, or its last TTL on renewal); 0 = none. */
  backendTtl: number;
  period: number;
  explicitMaxTtl: number;
  /** When the lease started (ms since the epoch); caps non-periodic TTLs at start + max. */
  startMs: number;
  nowMs: number;
}

/** Go's time.Duration.String() for whole seconds: 30s, 1m30s, 768h0m0s. */
export function goDuration(seconds: number): string {
  const neg = seconds < 0;
  let s = Math.abs(Math.trunc(seconds));
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const text = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  return neg ? `-${text}` : text;
}

/**
 * Vault's CalculateTTL: the TTL to grant and the warnings to return. Times are truncated to the
 * second as Vault truncates them. Periodic tokens get their period (capped at the max), bounded
 * only by an explicit max TTL; others get increment, else the backend TTL, else the default,
 * bounded by start + min(max, explicit max).
 */
export function calculateTtl(defaults: TtlDefaults, input: TtlInput): { ttl: number; warnings: string[] } {
  const warnings: string[] = [];
  const now = Math.floor(input.nowMs / 1000);
  const start = Math.floor(input.startMs / 1000);
  let maxTtl = defaults.maxTtl;
  if (input.explicitMaxTtl > 0 && input.explicitMaxTtl < maxTtl) maxTtl = input.explicitMaxTtl;
  if (maxTtl <= 0) throw badRequest('max TTL must be greater than zero');

  let ttl: number;
  let maxValid: number | undefined;
  if (input.period > 0) {
    let period = input.period;
    if (period > maxTtl) {
      warnings.push(
        `period of "${goDuration(period)}" exceeded the effective max_ttl of "${goDuration(maxTtl)}"; period value is capped accordingly`,
      );
      period = maxTtl;
    }
    ttl = period;
    if (input.explicitMaxTtl > 0) maxValid = start + input.explicitMaxTtl;
  } else {
    ttl = input.increment > 0 ? input.increment : input.backendTtl > 0 ? input.backendTtl : defaults.defaultTtl;
    maxValid = start + maxTtl;
  }
  if (maxValid !== undefined) {
    const maxValidTtl = maxValid - now;
    if (maxValidTtl < 0) throw badRequest('past the max TTL, cannot renew');
    if (maxValidTtl - ttl < 0) {
      warnings.push(
        `TTL of "${goDuration(ttl)}" exceeded the effective max_ttl of "${goDuration(maxValidTtl)}"; TTL value is capped accordingly`,
      );
      ttl = maxValidTtl;
    }
  }
  return { ttl, warnings };
}

/** Go's time.Time JSON (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC. */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  const [main, frac = '000Z'] = iso.split('.');
  const digits = frac.slice(0, -1).replace(/0+$/, '');
  return digits ? `${main}.${digits}Z` : `${main}Z`;
}

/**
 * A duration field as Vault's parseutil.ParseDurationSecond reads it, keeping the sign so that
 * callers can answer Vault's `<field> must be positive`.
 */
export function signedDuration(raw: unknown, parse: (v: unknown) => number): number {
  if (typeof raw === 'number') return Math.trunc(raw);
  if (typeof raw === 'string' && raw.trim().startsWith('-')) return -parse(raw.trim().slice(1));
  return parse(raw);
}
