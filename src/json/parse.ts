/**
 * JSON parsing that keeps every number's text (see number.ts) and refuses nesting deeper than Go's
 * encoding/json does (10,000 levels), without recursion: no depth can overflow the stack.
 *
 * Most documents take the native JSON.parse: a scan finds whether any number's text would change
 * (`1.0`, `9007199254740993`) or the document could be deeper than the limit, and only then the
 * exact parser runs. It builds two trees at once: the plain one (numbers as JSON.parse gives
 * them, what every backend reads) and the exact one, paired so `exactOf(plain)` finds the exact
 * twin of any object or array in it.
 */
import { JsonNumber, numberOf } from './number.js';

/** encoding/json's maxNestingDepth. */
export const MAX_JSON_DEPTH = 10_000;

/** Nesting deeper than the limit: Go's scanner text, `invalid character '[' exceeded max depth`. */
export class JsonDepthError extends Error {
  constructor(bracket: string) {
    super(`invalid character '${bracket}' exceeded max depth`);
    this.name = 'JsonDepthError';
  }
}

const twins = new WeakMap<object, object>();

/** The exact twin of a value from `parseJson` (itself when no number in it needed keeping). */
export function exactOf<T>(plain: T): T {
  return typeof plain === 'object' && plain !== null ? ((twins.get(plain) as T | undefined) ?? plain) : plain;
}

/**
 * A whole JSON number token at the start or after `:`, `,`, `[`, ending where a value ends. A
 * string's content may match too (that only costs time), but an RFC 3339 time inside one
 * (`"…T12:00:00.123Z"`, in every KV v2 record) does not: `00` is no number token, and `12`/`00.123`
 * are followed by `:`/`Z`, not by the end of a value.
 */
const NUMBER_AFTER = /(?:^|[:,[])\s*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=\s*(?:[,}\]]|$))/g;

function numbersChange(text: string): boolean {
  NUMBER_AFTER.lastIndex = 0;
  for (let m = NUMBER_AFTER.exec(text); m !== null; m = NUMBER_AFTER.exec(text)) {
    if (String(Number(m[1])) !== m[1]) return true;
  }
  return false;
}

function couldBeDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit * 2) return false;
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x5b || c === 0x7b) && ++open > limit) return true;
  }
  return false;
}

/** Whether `text` needs the exact parser: a number whose text would change, or possibly too deep. */
export function needsExactParse(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  return numbersChange(text) || couldBeDeeperThan(text, maxDepth);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

function set(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

interface Frame {
  plain: unknown[] | Record<string, unknown>;
  exact: unknown[] | Record<string, unknown>;
  key: string | undefined;
  /** Just opened: its end may follow at once. */
  fresh: boolean;
}

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  skip(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.i++;
    }
  }

  fail(): SyntaxError {
    return new SyntaxError(`Unexpected token in JSON at position ${this.i}`);
  }

  string(): string {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) throw this.fail();
      let backslashes = 0;
      for (let k = q - 1; t.charCodeAt(k) === 0x5c; k--) backslashes++;
      j = q + 1;
      if (backslashes % 2 === 0) break;
    }
    this.i = j;
    return JSON.parse(t.slice(start, j)) as string;
  }
}

/**
 * Both trees of a JSON text, numbers kept exact in the second; nesting past `maxDepth` throws a
 * JsonDepthError, malformed text a SyntaxError.
 */
export function parseBoth(text: string, maxDepth = MAX_JSON_DEPTH): { plain: unknown; exact: unknown } {
  const s = new Scanner(text);
  const stack: Frame[] = [];
  let result: { plain: unknown; exact: unknown } | undefined;
  const place = (plain: unknown, exact: unknown): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      result = { plain, exact };
      return;
    }
    if (Array.isArray(top.plain)) {
      top.plain.push(plain);
      (top.exact as unknown[]).push(exact);
    } else {
      set(top.plain, top.key!, plain);
      set(top.exact as Record<string, unknown>, top.key!, exact);
      top.key = undefined;
    }
  };
  for (;;) {
    s.skip();
    const top = stack[stack.length - 1];
    if (top && !Array.isArray(top.plain) && top.key === undefined) {
      // An object wants a key (after `{` or `,`) or its end.
      const c = text[s.i];
      if (c === '}' && top.fresh) {
        s.i++;
        stack.pop();
        place(top.plain, top.exact);
      } else {
        top.fresh = false;
        if (c !== '"') throw s.fail();
        top.key = s.string();
        s.skip();
        if (text[s.i] !== ':') throw s.fail();
        s.i++;
        continue;
      }
    } else if (top?.fresh && text[s.i] === ']') {
      s.i++;
      stack.pop();
      place(top.plain, top.exact);
    } else {
      if (top) top.fresh = false;
      const c = text[s.i];
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) throw new JsonDepthError(c);
        s.i++;
        const plain = c === '{' ? {} : [];
        const exact = c === '{' ? {} : [];
        twins.set(plain, exact);
        stack.push({ plain, exact, key: undefined, fresh: true });
        continue;
      }
      if (c === '"') {
        const v = s.string();
        place(v, v);
      } else if (c === 't' || c === 'f' || c === 'n') {
        LITERAL.lastIndex = s.i;
        const m = LITERAL.exec(text);
        if (!m) throw s.fail();
        s.i += m[0].length;
        const v = m[0] === 'null' ? null : m[0] === 'true';
        place(v, v);
      } else {
        NUMBER.lastIndex = s.i;
        const m = NUMBER.exec(text);
        if (!m) throw s.fail();
        s.i += m[0].length;
        const exact = numberOf(m[0]);
        place(exact instanceof JsonNumber ? Number(m[0]) : exact, exact);
      }
    }
    // After a value: a separator, a container's end, or the end of the text.
    for (;;) {
      s.skip();
      const open = stack[stack.length - 1];
      if (!open) {
        if (s.i !== text.length) throw s.fail();
        return result!;
      }
      const c = text[s.i];
      const close = Array.isArray(open.plain) ? ']' : '}';
      if (c === ',') {
        s.i++;
        break;
      }
      if (c !== close) throw s.fail();
      s.i++;
      stack.pop();
      place(open.plain, open.exact);
    }
  }
}

/**
 * The plain tree of a JSON text, with the exact twin of each object and array reachable through
 * `exactOf` when a number's text would change; the native parser otherwise.
 */
export function parsePaired(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (!needsExactParse(text, maxDepth)) return JSON.parse(text);
  return parseBoth(text, maxDepth).plain;
}

/** The exact tree of a JSON text (stored data): the native parser when no number would change. */
export function parseExact(text: string, maxDepth = Number.POSITIVE_INFINITY): unknown {
  if (!numbersChange(text)) return JSON.parse(text);
  return parseBoth(text, maxDepth).exact;
}
