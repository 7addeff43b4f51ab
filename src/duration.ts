/**
 * Durations as Vault reads them (parseutil.ParseDurationSecond): whole seconds from a number, a
 * numeric string, a day count (`7d`) or a Go duration (`768h`, `1h30m`, `90s`).
 */
const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** parseutil.ParseDurationSecond's value in (possibly fractional) seconds; negative refused. */
function durationSecondsOf(raw: unknown): number {
  let seconds: number;
  if (typeof raw === 'number') seconds = raw;
  else if (typeof raw !== 'string') throw new Error(`expected a duration, got ${typeof raw}`);
  else if (raw === '') seconds = 0;
  else if (/^[-+]?\d+$/.test(raw)) seconds = Number(raw);
  else if (/^[-+]?\d+d$/.test(raw)) seconds = Number(raw.slice(0, -1)) * 86400;
  else seconds = parseGoDuration(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`duration must not be negative: ${String(raw)}`);
  return seconds;
}

/** parseutil.ParseDurationSecond, in whole seconds: 3600, "3600", "768h", "1h30m", "7d". */
export function parseDurationSeconds(raw: unknown): number {
  return Math.trunc(durationSecondsOf(raw));
}

function parseGoDuration(s: string): number {
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (!m) throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * GO_UNITS[part[2]!]!;
  }
  return m[1] === '-' ? -total : total;
}


/** Milliseconds, for internal intervals given as Go durations (`5s`, `250ms`, `10m`) or seconds. */
export function parseDurationMs(raw: string): number {
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const ms = parseGoDuration(raw) * 1000;
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`duration must be positive: ${raw}`);
  return Math.round(ms);
}

/**
 * parseutil.ParseDurationSecond keeping sub-second precision, in milliseconds (listener timeouts:
 * `10s`, `500ms`, `5m`, plain seconds, `7d`). Negative durations are refused.
 */
export function parseDurationSecondMs(raw: unknown): number {
  return Math.round(durationSecondsOf(raw) * 1000);
}
