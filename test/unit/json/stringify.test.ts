/**
 * The exact serialiser: JsonNumbers written as their text, JSON.stringify's output otherwise, at
 * depths where V8's own serialiser overflows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../../src/json/number.js';
import { parseBoth } from '../../../src/json/parse.js';
import { stringifyExact, stringifyIterative } from '../../../src/json/stringify.js';

describe('stringifyExact', () => {
  it('writes back each number as it was read', () => {
    const text = '{"i":9007199254740993,"b":12345678901234567890123,"e":1e400,"z":-0,"o":1.0,"n":[1.50,{"x":2E3,"k":7}]}';
    expect(stringifyExact(parseBoth(text).exact)).toBe(text);
  });

  it('never turns a user string into a number, even one that looks like the marker', () => {
    const value = { s: '\u0001jsonnum-x:5', n: new JsonNumber('1.0') };
    expect(JSON.parse(stringifyExact(value))).toEqual({ s: '\u0001jsonnum-x:5', n: 1 });
  });

  it('gives a plain JSON.stringify the nearest double, never a marker', () => {
    expect(JSON.stringify({ n: new JsonNumber('9007199254740993'), o: new JsonNumber('1.0') })).toBe('{"n":9007199254740992,"o":1}');
  });

  it('writes 10,000 levels (V8 overflows near 4,000)', () => {
    const text = `${'{"a":['.repeat(5_000)}1.0${']}'.repeat(5_000)}`; // an object and an array per pair: 10,000 levels
    expect(stringifyExact(parseBoth(text).exact)).toBe(text);
  });
});

describe('stringifyIterative', () => {
  it('matches JSON.stringify (undefined, functions, dates, nested arrays)', () => {
    const v = { a: undefined, b: () => 1, c: [undefined, null, 1, 'x'], d: new Date(0), e: { f: [] }, g: {} };
    expect(stringifyIterative(v)).toBe(JSON.stringify(v));
  });

  it('matches JSON.stringify on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        expect(stringifyIterative(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 300 },
    );
  });
});
