/** Reading a seal block's settings as go-kms-wrapping does, and Go's spellings of bools and durations. */
import { SealError } from './errors.js';

export type SealConfig = Readonly<Record<string, string>>;
export type SealEnv = Readonly<Record<string, string | undefined>>;

/**
 * A seal setting with go-kms-wrapping's precedence: the first environment variable that is set,
 * then the config key, then the default. `disallow_env_vars = "true"` in the config skips the
 * environment.
 */
export function readSetting(
  config: SealConfig,
  env: SealEnv,
  key: string,
  envNames: readonly string[] = [],
  fallback = '',
): string {
  if (config.disallow_env_vars !== 'true') {
    for (const name of envNames) {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
    }
  }
  return config[key] ?? fallback;
}

/**
 * Go's strconv.ParseBool, with its error text, thrown as SEAL_INVALID_CONFIG:
 * `strconv.ParseBool: parsing "yes": invalid syntax`.
 */
export function parseGoBool(raw: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new SealError('SEAL_INVALID_CONFIG', `strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
}

/** Go's time units in milliseconds. */
const UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5
  μs: 1e-3, // U+03BC
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Go's time.ParseDuration (`300ms`, `1.5h`, `2h45m`, `-1m`, `0`), in milliseconds (fractions kept),
 * with Go's error texts thrown as SEAL_INVALID_CONFIG: `time: invalid duration "x"`,
 * `time: missing unit in duration "10"`, `time: unknown unit "d" in duration "7d"`.
 */
export function parseGoDuration(raw: string): number {
  const bad = (text: string): SealError => new SealError('SEAL_INVALID_CONFIG', text);
  const quoted = JSON.stringify(raw);
  let s = raw;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = num[1] ?? '';
    const frac = num[2];
    if (whole === '' && (frac === undefined || frac === '')) throw bad(`time: invalid duration ${quoted}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') throw bad(`time: missing unit in duration ${quoted}`);
    const scale = UNITS_MS[unit];
    if (scale === undefined) throw bad(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    total += Number(`${whole || '0'}.${frac || '0'}`) * scale;
  }
  // Go's int64 nanoseconds: about 292 years.
  if (total * 1e6 > 9_223_372_036_854_775_807) throw bad(`time: invalid duration ${quoted}`);
  return negative ? -total : total;
}
