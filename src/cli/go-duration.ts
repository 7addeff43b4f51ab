/**
 * Go's time.Duration as Vault's CLI flags use it: values are nanoseconds (bigint, like Go's
 * int64), read by Vault's DurationVar (`system` → -1s, then parseutil.ParseDurationSecond: plain
 * seconds, `Nd` days, or time.ParseDuration) and printed with Duration.String ("768h0m0s").
 */
import { CliUsageError } from '../errors.js';

export const NANOSECOND = 1n;
export const SECOND = 1_000_000_000n;

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: SECOND,
  m: 60n * SECOND,
  h: 3600n * SECOND,
};

const MAX_INT64 = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64), or undefined when s is not a decimal int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v > MAX_INT64 || v < -MAX_INT64 - 1n ? undefined : v;
}

/** time.ParseDuration with Go's error texts. */
export function parseGoDuration(orig: string): bigint {
  const invalid = (): CliUsageError => new CliUsageError(`time: invalid duration "${orig}"`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s);
    const intPart = num?.[1] ?? '';
    const fracPart = num?.[2];
    if (!(s[0] === '.' || /\d/.test(s[0] ?? ''))) throw invalid();
    if (intPart === '' && (fracPart === undefined || fracPart === '')) throw invalid();
    s = s.slice(num?.[0].length ?? 0);
    const unitMatch = /^[^.\d]*/.exec(s)?.[0] ?? '';
    if (unitMatch === '') throw new CliUsageError(`time: missing unit in duration "${orig}"`);
    const unit = UNITS[unitMatch];
    if (unit === undefined) throw new CliUsageError(`time: unknown unit "${unitMatch}" in duration "${orig}"`);
    s = s.slice(unitMatch.length);
    let v = BigInt(intPart === '' ? '0' : intPart) * unit;
    if (fracPart) {
      // Go uses float64 for the fraction; nanosecond accuracy is kept for sane inputs.
      v += BigInt(Math.trunc(Number(`0.${fracPart}`) * Number(unit)));
    }
    total += v;
    if (total > MAX_INT64 + 1n) throw invalid();
  }
  if (neg) return -total;
  if (total > MAX_INT64) throw invalid();
  return total;
}

/** Vault's durationValue.Set: "system" means -1 (seconds), then ParseDurationSecond. */
export function parseDurationFlag(raw: string): bigint {
  const s = raw === 'system' ? '-1' : raw;
  if (s === '') return 0n;
  const seconds = parseInt64(s);
  if (seconds !== undefined) return seconds * SECOND;
  if (s.endsWith('d')) {
    const days = parseInt64(s.slice(0, -1));
    if (days === undefined) {
      throw new CliUsageError(`strconv.ParseInt: parsing "${s.slice(0, -1)}": invalid syntax`);
    }
    return days * 24n * 3600n * SECOND;
  }
  return parseGoDuration(s);
}

/** fmtFrac: ".5" for v=5 prec=1, nothing when the fraction is zero. */
function frac(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let printed = false;
  let rest = v;
  for (let i = 0; i < prec; i++) {
    const digit = rest % 10n;
    printed = printed || digit !== 0n;
    if (printed) digits = `${digit}${digits}`;
    rest /= 10n;
  }
  return [printed ? `.${digits}` : '', rest];
}

/** time.Duration.String(): "0s", "1.5s", "500ms", "1m30s", "768h0m0s", "-1ns". */
export function goDurationString(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1_000n) [unit, prec] = ['ns', 0];
    else if (u < 1_000_000n) [unit, prec] = ['µs', 3];
    else [unit, prec] = ['ms', 6];
    const [fraction, whole] = frac(u, prec);
    out = `${whole}${fraction}${unit}`;
  } else {
    const [fraction, whole] = frac(u, 9);
    u = whole;
    out = `${u % 60n}${fraction}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** truncateToSeconds: whole seconds, 0 below one second. */
export function truncateToSeconds(d: bigint): number {
  if (d < SECOND) return 0;
  return Number(d / SECOND);
}

/** ttlToAPI: "" for 0, "system" for negative, else Duration.String(). */
export function ttlToApi(d: bigint): string {
  if (d === 0n) return '';
  if (d < 0n) return 'system';
  return goDurationString(d);
}
