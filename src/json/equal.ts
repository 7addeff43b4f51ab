/**
 * Equality of JSON values where numbers compare by their exact decimal value (`9007199254740993`
 * is not `9007199254740992`; `1.0` is `1`), whether plain or kept as JsonNumbers.
 */
import { JsonNumber, numberText } from './number.js';

/** A number's text as sign, significant digits and exponent, so equal values give equal keys. */
function decimalKey(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text; // NaN, Infinity: compared as written
  const [, sign, int = '', frac = '', exp = '0'] = m;
  let digits = (int + frac).replace(/^0+/, '');
  const lead = (int + frac).length - digits.length;
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  // value = 0.<digits> × 10^(position of the first significant digit)
  const point = BigInt(int.length) - BigInt(lead) + BigInt(exp);
  return `${sign}${digits}e${point}`;
}

const isNumber = (v: unknown): v is number | JsonNumber => typeof v === 'number' || v instanceof JsonNumber;

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (isNumber(a) || isNumber(b)) return isNumber(a) && isNumber(b) && decimalKey(numberText(a)) === decimalKey(numberText(b));
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual((a as Record<string, unknown>)[k], rb[k]));
}
