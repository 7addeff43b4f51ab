/**
 * The exact JSON parser: numbers whose text JavaScript would change are kept as JsonNumbers in the
 * exact tree (the plain tree is JSON.parse's), nesting is refused past Go's 10,000 levels with Go's
 * text, and no depth overflows the stack.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../../src/json/number.js';
import { exactOf, JsonDepthError, MAX_JSON_DEPTH, needsExactParse, parseBoth, parseExact } from '../../../src/json/parse.js';

const nested = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

describe('parseBoth', () => {
  const text = '{"i":9007199254740993,"b":12345678901234567890123,"e":1e400,"z":-0,"o":1.0,"n":[1.50,{"x":2E3,"k":7}],"s":"a\\"b\\\\","t":true,"f":false,"u":null,"emp":{},"ea":[ ]}';

  it('gives JSON.parse\'s tree as the plain one', () => {
    expect(parseBoth(text).plain).toEqual(JSON.parse(text));
  });

  it('keeps the text of every number JavaScript would write differently, and only those', () => {
    const exact = parseBoth(text).exact as Record<string, unknown>;
    const texts = Object.fromEntries(['i', 'b', 'e', 'z', 'o'].map((k) => [k, (exact[k] as JsonNumber).text]));
    expect(texts).toEqual({ i: '9007199254740993', b: '12345678901234567890123', e: '1e400', z: '-0', o: '1.0' });
    const n = exact.n as unknown[];
    expect(n[0]).toBeInstanceOf(JsonNumber);
    expect((n[1] as Record<string, unknown>).x).toEqual(new JsonNumber('2E3'));
    expect((n[1] as Record<string, unknown>).k).toBe(7);
    expect(exact.s).toBe('a"b\\');
  });

  it('pairs every object and array of the plain tree with its exact twin', () => {
    const { plain, exact } = parseBoth(text);
    const p = plain as Record<string, unknown[]>;
    expect(exactOf(plain)).toBe(exact);
    expect(exactOf(p.n)).toBe((exact as Record<string, unknown>).n);
    expect(exactOf(p.n![1])).toBe(((exact as Record<string, unknown[]>).n as unknown[])[1]);
    const other = { a: 1 };
    expect(exactOf(other)).toBe(other);
  });

  it('keeps a __proto__ key as an ordinary key, as JSON.parse does', () => {
    const { plain, exact } = parseBoth('{"__proto__":{"polluted":1.0}}');
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(exact as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts 10,000 levels and refuses the 10,001st with Go\'s text', () => {
    expect(MAX_JSON_DEPTH).toBe(10_000);
    expect(() => parseBoth(nested(10_000))).not.toThrow();
    expect(() => parseBoth(nested(10_001))).toThrow(new JsonDepthError('['));
    expect(() => parseBoth(nested(10_001))).toThrow("invalid character '[' exceeded max depth");
    expect(() => parseBoth(`${'{"a":'.repeat(10_001)}1${'}'.repeat(10_001)}`)).toThrow("invalid character '{' exceeded max depth");
    expect(() => parseBoth(nested(100_000))).toThrow(JsonDepthError);
  });

  it('refuses malformed text', () => {
    for (const bad of ['', '{', '[1,]', '{"a":1,}', '{,}', '[,1]', '01', '{"a" 1}', '1 2', '"abc', '{"a":1}x', '[1 2]', '{"a":tru}', '-', '1.', '.5']) {
      expect(() => parseBoth(bad), bad).toThrow(SyntaxError);
    }
  });

  it('agrees with JSON.parse on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (t) => {
        expect(parseBoth(t).plain).toEqual(JSON.parse(t));
      }),
      { numRuns: 300 },
    );
  });
});

describe('needsExactParse', () => {
  it('is false for canonical numbers and shallow text, the native parser\'s case', () => {
    expect(needsExactParse('{"a":1,"b":[2.5,-3,1e+21],"c":"1.0 and 9007199254740993"}')).toBe(false);
  });

  it('is false for the times in every KV v2 record (`T12:00:00.100Z` holds no number token)', () => {
    const record = { created_time: '2026-12-03T12:00:00.100000000Z', deletion_time: '', versions: { 1: { created_time: '2026-12-03T12:00:00.1Z' } }, current_version: 1 };
    expect(needsExactParse(JSON.stringify(record))).toBe(false);
  });

  it('finds a changing number wherever a value may stand, white space around it included', () => {
    for (const t of ['9007199254740993', ' 1.0 ', '{"a":1.0 }', '[1.50]', '{"a":[0,\t-0\r\n]}']) expect(needsExactParse(t), t).toBe(true);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('', '.0', '.50'), fc.constantFrom(' ', '', '\n'), (d, tail, ws) => {
        const text = `${JSON.stringify(d)}${Number.isInteger(d) && !String(d).includes('e') ? tail : ''}`;
        expect(needsExactParse(`{"k":${ws}${text}${ws}}`)).toBe(String(Number(text)) !== text);
      }),
    );
  });

  it('is true for a number whose text would change, or a document that may be too deep', () => {
    for (const t of ['{"a":1.0}', '[9007199254740993]', '{"a": -0}', '{"a":[1,\n 1E2]}']) expect(needsExactParse(t), t).toBe(true);
    expect(needsExactParse(nested(10_001))).toBe(true);
  });
});

describe('parseExact', () => {
  it('returns the exact tree at any depth', () => {
    const deep = `${'['.repeat(20_000)}1.0${']'.repeat(20_000)}`;
    let v = parseExact(deep);
    for (let i = 0; i < 20_000; i++) v = (v as unknown[])[0];
    expect(v).toEqual(new JsonNumber('1.0'));
  });
});
