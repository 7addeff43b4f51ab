/**
 * Output primitives with Vault's exact shapes: ryanuber/columnize tables (four-space glue, empty
 * cells shown as "n/a"), Go's json.MarshalIndent, kr/text paragraph wrapping at 78 columns,
 * Go durations, and the -format choice.
 */
import { goQuote } from './flags.js';
import type { CliIO } from './io.js';

/** Formats this CLI can print. Vault also has yaml/yml/pretty/raw; tsvault refuses those. */
export type OutputFormat = 'table' | 'json';

/** Vault's known format names ([V] command/format.go Formatters). */
export const VAULT_FORMATS: readonly string[] = ['json', 'table', 'yaml', 'yml', 'pretty', 'raw'];

/** UI.Output: the text plus a newline on stdout. */
export function out(io: CliIO, text: string): void {
  io.stdout.write(`${text}\n`);
}

/** UI.Error / UI.Warn: the text plus a newline on stderr. */
export function err(io: CliIO, text: string): void {
  io.stderr.write(`${text}\n`);
}

export interface ColumnizeOptions {
  glue?: string;
  empty?: string;
}

/**
 * columnize.Format as Vault configures it (columnOutput): cells trimmed, empty cells replaced by
 * "n/a", every column but the last padded to its widest cell, columns joined by four spaces.
 */
export function columnize(rows: readonly (readonly string[])[], options: ColumnizeOptions = {}): string {
  const glue = options.glue ?? '    ';
  const empty = options.empty ?? 'n/a';
  const cells = rows.map((row) => row.map((c) => (c.trim() === '' ? empty : c.trim())));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length) + glue))
        .join(''),
    )
    .join('\n');
}

/** tableOutput: a header row, a rule of dashes under each header, then the rows. */
export function table(rows: readonly (readonly [string, string])[], header: readonly [string, string] = ['Key', 'Value']): string {
  const rule: [string, string] = ['-'.repeat(header[0].length), '-'.repeat(header[1].length)];
  return columnize([header, rule, ...rows]);
}

/**
 * json.MarshalIndent(data, "", "  "): two-space indent, with Go's HTML-safe escaping of <, > and
 * & and of U+2028/U+2029.
 */
export function goJson(data: unknown): string {
  return JSON.stringify(data, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Vault's maxLineLength for wrapped paragraphs. */
export const MAX_LINE_LENGTH = 78;

/**
 * kr/text Wrap: splits the paragraph into lines of at most `limit` columns with minimal
 * raggedness (sum of squared slack), not greedily. This is how Vault wraps its messages.
 */
export function wrapText(s: string, limit: number): string {
  const words = s.trim().replace(/\n/g, ' ').split(' ');
  const n = words.length;
  const len = words.map((w) => [...w].length);
  // length(i, j): width of words i..j joined by single spaces
  const lineLen = (i: number, j: number): number => {
    let total = 0;
    for (let k = i; k <= j; k++) total += (len[k] ?? 0) + (k > i ? 1 : 0);
    return total;
  };
  const penalty = 100_000;
  const cost = new Array<number>(n).fill(2 ** 31 - 1);
  const next = new Array<number>(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (lineLen(i, n - 1) <= limit) {
      cost[i] = 0;
      next[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const width = lineLen(i, j - 1);
      const d = limit - width;
      let c = d * d + (cost[j] ?? 0);
      if (width > limit) c += penalty;
      if (c < (cost[i] ?? 0)) {
        cost[i] = c;
        next[i] = j;
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = next[i] ?? n) lines.push(words.slice(i, next[i]).join(' '));
  return lines.join('\n');
}

/** wrapAtLengthWithPadding / wrapAtLength. */
export function wrapAtLength(s: string, pad = 0): string {
  return wrapText(s, MAX_LINE_LENGTH - pad)
    .split('\n')
    .map((line) => ' '.repeat(pad) + line)
    .join('\n');
}

/** Go's time.Duration String() for whole seconds, e.g. 3660 → "1h1m0s". */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(seconds));
  const h = Math.floor(rest / 3600);
  rest %= 3600;
  const m = Math.floor(rest / 60);
  const s = rest % 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** Vault's humanDuration: Go's duration text without the pesky zero units ("1h", "1h1m"). */
export function humanDuration(seconds: number): string {
  let s = goDuration(seconds);
  if (s.endsWith('m0s')) s = s.slice(0, -2);
  const idx = s.indexOf('h0m');
  if (idx > 0) s = s.slice(0, idx + 1) + s.slice(idx + 3);
  return s;
}

/** Go's fmt %q of a []string: `["a" "b"]`, `[]` when empty or nil. */
export function goStringList(list: readonly string[] | null | undefined): string {
  return `[${(list ?? []).map((s) => JSON.stringify(s)).join(' ')}]`;
}

/** PrintRaw: the bare value, with a newline only when stdout is a terminal. */
export function printRaw(io: CliIO, value: string): void {
  const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
  io.stdout.write(tty ? `${value}\n` : value);
}

/**
 * PrintRawField: one value, bare in table format, JSON-encoded in json format; a missing value
 * is `Field "x" not present in secret` and exit 1.
 */
export function printRawField(io: CliIO, value: unknown, field: string, format: OutputFormat): number {
  if (value === undefined || value === null) {
    err(io, `Field ${goQuote(field)} not present in secret`);
    return 1;
  }
  printRaw(io, format === 'json' ? goJson(value) : goValue(value));
  return 0;
}

/** Go's %v for a JSON-decoded value as Vault prints table cells and raw fields. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(v);
}

/**
 * Checks a format name as Vault's RunCustom does, returning the format or an exit code after
 * printing the error. Vault's yaml/pretty/raw formatters are not implemented by tsvault.
 */
export function checkFormat(io: CliIO, format: string): OutputFormat | number {
  if (format === 'table' || format === 'json') return format;
  if (!VAULT_FORMATS.includes(format)) {
    err(io, `Invalid output format: ${format}`);
    return 1;
  }
  err(io, `Unsupported output format: ${format} (tsvault supports table and json)`);
  return 1;
}
