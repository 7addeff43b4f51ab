/**
 * Time as KV v2 reports it: nanoseconds since the epoch, printed the way Go prints a protobuf
 * timestamp (time.RFC3339Nano in UTC: trailing zeros of the fraction dropped, `2018-03-22T02:24:06.945319214Z`),
 * and durations printed as Go's time.Duration.String() (`0s`, `1m30s`, `768h0m0s`, `-1s`).
 */

/** Nanoseconds since the Unix epoch. Injected so tests control time. */
export type Clock = () => bigint;

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
/** Re-anchor on the wall clock when the high-resolution estimate drifts further than this. */
const MAX_DRIFT_NS = 2_000_000n;

/**
 * The wall clock with nanosecond digits: Date.now() gives milliseconds, process.hrtime the digits
 * below them. The estimate follows the wall clock (re-anchored when it drifts more than 2 ms, e.g.
 * after an NTP step), so stamps stay within 2 ms of Date.now().
 */
export function systemClock(): Clock {
  let wallAnchor = BigInt(Date.now()) * NS_PER_MS;
  let hrAnchor = process.hrtime.bigint();
  return () => {
    const hr = process.hrtime.bigint();
    const estimate = wallAnchor + (hr - hrAnchor);
    const wall = BigInt(Date.now()) * NS_PER_MS;
    const drift = estimate > wall ? estimate - wall : wall - estimate;
    if (drift <= MAX_DRIFT_NS) return estimate;
    wallAnchor = wall;
    hrAnchor = hr;
    return wall;
  };
}

/** Go's RFC3339Nano in UTC. */
export function formatTimestamp(ns: bigint): string {
  const seconds = ns / NS_PER_S;
  const fraction = ns % NS_PER_S;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const digits = fraction.toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${digits ? `.${digits}` : ''}Z`;
}

/** The inverse of formatTimestamp (also accepts a numeric offset instead of Z). */
export function parseTimestamp(text: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) throw new Error(`invalid timestamp ${JSON.stringify(text)}`);
  const ms = Date.parse(`${m[1]!}${m[3]!}`);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp ${JSON.stringify(text)}`);
  return BigInt(ms) * NS_PER_MS + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** Go's time.Duration.String() for whole seconds. */
export function formatGoDuration(totalSeconds: number): string {
  if (totalSeconds === 0) return '0s';
  const sign = totalSeconds < 0 ? '-' : '';
  const abs = Math.abs(totalSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}
