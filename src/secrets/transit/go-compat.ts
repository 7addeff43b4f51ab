/**
 * The few Go standard-library behaviours whose error texts reach transit clients verbatim:
 * encoding/base64 StdEncoding (strict padding, `illegal base64 data at input byte N`),
 * strconv.Atoi, %q quoting, %T of JSON-decoded values, and time.Time's RFC 3339 JSON form.
 */
import { JsonNumber } from '../../json/number.js';
import { UserError } from './errors.js';

/** Go's base64.CorruptInputError (the caller's input is at fault). */
export class GoBase64Error extends UserError {
  readonly offset: number;
  constructor(offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.offset = offset;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE_MAP[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d; // '='
const CR = 0x0d;
const LF = 0x0a;
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** base64.StdEncoding.DecodeString: the fast path for well-formed input, Go's quantum decoder for the rest. */
export function goBase64Decode(s: string): Buffer {
  if (CANONICAL.test(s)) return Buffer.from(s, 'base64');
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: GoBase64Error | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw new GoBase64Error(si - j); // padded encoding: an incomplete quantum is corrupt
      }
      const inb = src[si]!;
      si++;
      const v = DECODE_MAP[inb]!;
      if (v !== -1) {
        dbuf[j] = v;
        continue;
      }
      if (inb === LF || inb === CR) {
        j--;
        continue;
      }
      if (inb !== PAD) throw new GoBase64Error(si - 1);
      if (j === 0 || j === 1) throw new GoBase64Error(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw new GoBase64Error(src.length);
        if (src[si] !== PAD) throw new GoBase64Error(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailing = new GoBase64Error(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
    if (trailing) throw trailing;
    if (dlen < 4) break;
  }
  return Buffer.from(out);
}

/** Go's strconv.Quote, close enough for the ASCII-range values that appear in error texts. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's strconv.NumError text for Atoi. */
export class GoAtoiError extends UserError {}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** strconv.Atoi on a 64-bit platform: optional sign, decimal digits, int64 range. */
export function goAtoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new GoAtoiError(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) throw new GoAtoiError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return Number(big);
}

/** %T of a value decoded from a JSON request body (Vault decodes numbers as json.Number). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || v instanceof JsonNumber) return 'json.Number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** time.Time's JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed), in UTC. */
export function goTimeJson(d: Date): string {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  const [whole, frac = ''] = iso.slice(0, -1).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}Z` : `${whole}Z`;
}
