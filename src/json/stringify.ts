/**
 * JSON text for values that may hold JsonNumbers (written as their kept text) and may be nested
 * deeper than V8's JSON.stringify can recurse (it overflows past ~4,000 levels): the native
 * serialiser first, an iterative one when the native one runs out of stack.
 */
import { JsonNumber, unmark, withMarkers } from './number.js';

function isRangeError(err: unknown): boolean {
  return err instanceof RangeError;
}

/** A leaf's JSON text, or undefined for what JSON leaves out (undefined, functions, symbols). */
function leaf(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return undefined;
}

interface Frame {
  entries: [string | undefined, unknown][];
  at: number;
  array: boolean;
  wrote: boolean;
}

/** JSON.stringify's output, without recursion (toJSON honoured, JsonNumbers as their text). */
export function stringifyIterative(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const resolve = (v: unknown, key: string): unknown => {
    if (v instanceof JsonNumber) return v;
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      return (v as { toJSON: (k: string) => unknown }).toJSON(key);
    }
    return v;
  };
  // Writes a value; returns whether anything was written (undefined in an object is skipped).
  const write = (raw: unknown, key: string, inArray: boolean): boolean => {
    const v = resolve(raw, key);
    if (v instanceof JsonNumber) {
      out.push(v.text);
      return true;
    }
    if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) {
        out.push('[');
        stack.push({ entries: v.map((x) => [undefined, x]), at: 0, array: true, wrote: false });
      } else {
        out.push('{');
        stack.push({ entries: Object.entries(v), at: 0, array: false, wrote: false });
      }
      return true;
    }
    const text = leaf(v);
    if (text === undefined) {
      if (inArray) out.push('null');
      return inArray;
    }
    out.push(text);
    return true;
  };
  if (!write(value, '', false)) return undefined as unknown as string;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.at === top.entries.length) {
      out.push(top.array ? ']' : '}');
      stack.pop();
      continue;
    }
    const [k, v] = top.entries[top.at]!;
    const index = top.at++;
    if (top.array) {
      if (top.wrote) out.push(',');
      top.wrote = true;
      write(v, String(index), true);
    } else {
      const resolved = resolve(v, k!);
      if (resolved === undefined || typeof resolved === 'function' || typeof resolved === 'symbol') continue;
      if (top.wrote) out.push(',');
      top.wrote = true;
      out.push(JSON.stringify(k), ':');
      write(resolved, k!, false);
    }
  }
  return out.join('');
}

/** JSON text with every JsonNumber written as its kept text, at any nesting depth. */
export function stringifyExact(value: unknown): string {
  const { text, marked } = withMarkers(() => {
    try {
      return JSON.stringify(value);
    } catch (err) {
      if (!isRangeError(err)) throw err;
      return stringifyIterative(value);
    }
  });
  return marked ? unmark(text) : text;
}
