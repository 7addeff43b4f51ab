/**
 * Flag parsing with the semantics of Go's `flag` package as Vault's CLI uses it: `-name`,
 * `--name`, `-name=value`, `-name value` (not for booleans), `--` ends the flags, and parsing
 * stops at the first positional argument. Vault does not reorder: a flag after a positional
 * argument stays an argument, and Vault prints a warning about it (trailingFlagWarning).
 * Error texts are Go's, e.g. `invalid value "abc" for flag -key-shares: strconv.ParseInt: ...`.
 */
import { CliUsageError } from '../errors.js';
import { parseDurationFlag } from './go-duration.js';

/**
 * `duration` is Vault's DurationVar (nanoseconds as a bigint, read with ParseDurationSecond);
 * `map` is its StringMapVar (repeated `key=value`).
 */
export type FlagType = 'string' | 'int' | 'bool' | 'repeatable' | 'duration' | 'map';
export type FlagValue = string | number | boolean | string[] | bigint | ReadonlyMap<string, string>;

export interface FlagSpec {
  readonly name: string;
  readonly type: FlagType;
  readonly default?: string | number | boolean | bigint;
  readonly aliases?: readonly string[];
}

/** Flags Vault reads before any command runs, so they never trigger the trailing-flag warning. */
export const GLOBAL_FLAGS: readonly string[] = ['output-curl-string', 'output-policy', 'format', 'detailed'];

export class ParsedFlags {
  readonly #values: ReadonlyMap<string, FlagValue>;
  readonly #set: ReadonlySet<string>;
  /** The positional arguments left after the flags. */
  readonly args: readonly string[];

  constructor(values: ReadonlyMap<string, FlagValue>, set: ReadonlySet<string>, args: readonly string[]) {
    this.#values = values;
    this.#set = set;
    this.args = args;
  }

  string(name: string): string {
    const v = this.#values.get(name);
    return typeof v === 'string' ? v : '';
  }

  int(name: string): number {
    const v = this.#values.get(name);
    return typeof v === 'number' ? v : 0;
  }

  bool(name: string): boolean {
    return this.#values.get(name) === true;
  }

  list(name: string): string[] {
    const v = this.#values.get(name);
    return Array.isArray(v) ? [...v] : [];
  }

  /** A duration flag in nanoseconds (Go's time.Duration). */
  duration(name: string): bigint {
    const v = this.#values.get(name);
    return typeof v === 'bigint' ? v : 0n;
  }

  /** A key=value map flag; empty when never given. */
  map(name: string): Map<string, string> {
    const v = this.#values.get(name);
    return v instanceof Map ? new Map(v) : new Map();
  }

  /** Whether the flag was given on the command line (under its name or an alias). */
  isSet(name: string): boolean {
    return this.#set.has(name);
  }
}

function initialValue(spec: FlagSpec): FlagValue {
  switch (spec.type) {
    case 'string':
      return typeof spec.default === 'string' ? spec.default : '';
    case 'int':
      return typeof spec.default === 'number' ? spec.default : 0;
    case 'bool':
      return spec.default === true;
    case 'repeatable':
      return [];
    case 'duration':
      return typeof spec.default === 'bigint' ? spec.default : 0n;
    case 'map':
      return new Map<string, string>();
  }
}

/** The Set method of Vault's duration and map flag values; throws with the error text. */
function setSpecial(spec: FlagSpec, current: FlagValue | undefined, value: string): FlagValue {
  if (spec.type === 'duration') return parseDurationFlag(value);
  const idx = value.indexOf('=');
  if (idx === -1) throw new CliUsageError(`missing = in KV pair: ${goQuote(value)}`);
  const next = new Map(current instanceof Map ? current : []);
  next.set(value.slice(0, idx), value.slice(idx + 1));
  return next;
}

/** Parses argv against the declared flags; throws CliUsageError with Go's message. */
export function parseFlags(specs: readonly FlagSpec[], argv: readonly string[]): ParsedFlags {
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    for (const alias of spec.aliases ?? []) byName.set(alias, spec);
  }
  const values = new Map<string, FlagValue>(specs.map((s) => [s.name, initialValue(s)]));
  const set = new Set<string>();
  const rest = [...argv];

  while (rest.length > 0) {
    const s = rest[0] ?? '';
    if (s.length < 2 || !s.startsWith('-')) break;
    let minuses = 1;
    if (s[1] === '-') {
      minuses = 2;
      if (s.length === 2) {
        rest.shift();
        break;
      }
    }
    let name = s.slice(minuses);
    if (name === '' || name.startsWith('-') || name.startsWith('=')) {
      throw new CliUsageError(`bad flag syntax: ${s}`);
    }
    rest.shift();
    let value = '';
    let hasValue = false;
    const eq = name.indexOf('=', 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      hasValue = true;
      name = name.slice(0, eq);
    }
    const spec = byName.get(name);
    if (!spec) throw new CliUsageError(`flag provided but not defined: -${name}`);

    if (spec.type === 'bool') {
      let parsed = true;
      if (hasValue) {
        try {
          parsed = parseGoBool(value);
        } catch (err) {
          throw new CliUsageError(
            `invalid boolean value ${goQuote(value)} for -${name}: ${(err as Error).message}`,
          );
        }
      }
      values.set(spec.name, parsed);
      set.add(spec.name);
      continue;
    }
    if (!hasValue && rest.length > 0) {
      value = rest.shift() ?? '';
      hasValue = true;
    }
    if (!hasValue) throw new CliUsageError(`flag needs an argument: -${name}`);
    if (spec.type === 'int') {
      try {
        values.set(spec.name, parseGoInt(value));
      } catch (err) {
        throw new CliUsageError(
          `invalid value ${goQuote(value)} for flag -${name}: ${(err as Error).message}`,
        );
      }
    } else if (spec.type === 'duration' || spec.type === 'map') {
      try {
        values.set(spec.name, setSpecial(spec, values.get(spec.name), value));
      } catch (err) {
        throw new CliUsageError(
          `invalid value ${goQuote(value)} for flag -${name}: ${(err as Error).message}`,
        );
      }
    } else if (spec.type === 'repeatable') {
      const list = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(list) ? list : []), value.trim()]);
    } else {
      values.set(spec.name, value);
    }
    set.add(spec.name);
  }
  return new ParsedFlags(values, set, rest);
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new CliUsageError(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

const DIGITS: Readonly<Record<number, string>> = { 2: '01', 8: '01234567', 10: '0123456789', 16: '0123456789abcdefABCDEF' };

/** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/0 prefixes, underscores between digits. */
export function parseGoInt(s: string): number {
  const syntax = () => new CliUsageError(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  let body = s;
  let negative = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  let base = 10;
  let prefixed = false;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0o' || p === '0b') {
    base = p === '0x' ? 16 : p === '0o' ? 8 : 2;
    body = body.slice(2);
    prefixed = true;
  } else if (body.length > 1 && body.startsWith('0')) {
    base = 8;
    body = body.slice(1);
    prefixed = true;
  }
  const digits = DIGITS[base] ?? '';
  const d = `[${digits.replace(/[-\]\\^]/g, '\\$&')}]`;
  const shape = new RegExp(prefixed ? `^_?${d}+(_${d}+)*$` : `^${d}+(_${d}+)*$`);
  if (!shape.test(body)) throw syntax();
  const clean = body.replace(/_/g, '');
  let n = 0n;
  for (const ch of clean) n = n * BigInt(base) + BigInt(parseInt(ch, 16));
  if (negative) n = -n;
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) {
    throw new CliUsageError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(n);
}

/** Go's %q (strconv.Quote) for the characters a command line can carry. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Vault's warning when flags follow positional arguments (they are not parsed as flags), or ''
 * when there is nothing to warn about ([V] command/base_helpers.go generateFlagWarnings).
 */
export function trailingFlagWarning(args: readonly string[]): string {
  const trailing = args.filter((arg) => {
    if (!arg.startsWith('-') || arg === '-') return false;
    const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
    return !GLOBAL_FLAGS.includes(name);
  });
  if (trailing.length === 0) return '';
  return (
    'Command flags must be provided before positional arguments. ' +
    `The following arguments will not be parsed as flags: [${trailing.join(',')}]`
  );
}

/**
 * The output format as Vault's setupEnv finds it: the last `-format=x`, `--format=x` or
 * `-format x` anywhere before `--`, else VAULT_FORMAT, else "table"; lower-cased.
 */
export function resolveFormat(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  let format = '';
  let next = false;
  for (const arg of argv) {
    if (next) {
      next = false;
      format = arg;
      continue;
    }
    if (arg === '--') break;
    if (arg.startsWith('-format=') || arg.startsWith('--format=')) {
      format = arg.slice(arg.indexOf('=') + 1);
    }
    if (arg === '-format' || arg === '--format') next = true;
  }
  if (format === '' && env['VAULT_FORMAT']) format = env['VAULT_FORMAT'];
  format = format.toLowerCase();
  return format === '' ? 'table' : format;
}
