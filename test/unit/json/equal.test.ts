/** Exact numeric equality of JSON values, plain numbers and JsonNumbers alike. */
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../../src/json/equal.js';
import { JsonNumber } from '../../../src/json/number.js';

const n = (t: string) => new JsonNumber(t);

describe('jsonEqual', () => {
  it('compares numbers by their decimal value', () => {
    expect(jsonEqual(n('1.0'), 1)).toBe(true);
    expect(jsonEqual(n('1.50'), n('15e-1'))).toBe(true);
    expect(jsonEqual(n('0.00'), n('-0'))).toBe(true);
    expect(jsonEqual(n('12345678901234567890123'), n('1.2345678901234567890123E+22'))).toBe(true);
    expect(jsonEqual(n('9007199254740993'), 9007199254740992)).toBe(false);
    expect(jsonEqual(n('100'), n('1e3'))).toBe(false);
    expect(jsonEqual(n('1e400'), n('1e401'))).toBe(false);
    expect(jsonEqual(1, '1')).toBe(false);
  });

  it('compares arrays and objects member by member', () => {
    expect(jsonEqual({ a: [n('2.0'), 'x', null] }, { a: [2, 'x', null] })).toBe(true);
    expect(jsonEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });
});
