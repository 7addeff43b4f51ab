/**
 * Request bodies: numbers are kept exact for the backends that store user data (reached with
 * exactOf), every backend still reads plain numbers, and nesting is Go's: 10,000 levels accepted,
 * deeper refused with a 400 in Vault's words, never a stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/http/errors.js';
import { parseJsonBody } from '../../../src/http/body.js';
import { JsonNumber } from '../../../src/json/number.js';
import { exactOf } from '../../../src/json/parse.js';
import { stringifyExact } from '../../../src/json/stringify.js';

const body = (text: string) => parseJsonBody(Buffer.from(text));
const nested = (depth: number): string => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

function refusal(text: string): HttpError {
  try {
    body(text);
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('accepted');
}

describe('parseJsonBody', () => {
  it('gives backends plain numbers and keeps the written text for user data', () => {
    const text = '{"ttl":3600.0,"i":9007199254740993,"data":{"b":12345678901234567890123,"z":-0,"o":1.0,"e":1e400,"l":[1.50]}}';
    const data = body(text);
    expect(data.ttl).toBe(3600);
    expect(data.i).toBe(9007199254740992);
    expect(exactOf(data).i).toEqual(new JsonNumber('9007199254740993'));
    expect(stringifyExact(exactOf(data.data))).toBe('{"b":12345678901234567890123,"z":-0,"o":1.0,"e":1e400,"l":[1.50]}');
    expect(stringifyExact(exactOf(data))).toBe(text);
  });

  it('takes the native parser when no number would change', () => {
    const data = body('{"a":1,"b":[2.5]}');
    expect(exactOf(data)).toBe(data);
  });

  it('accepts 10,000 levels of nesting', () => {
    let v: unknown = body(nested(10_000)).a;
    let depth = 2; // the body's object, then `a`
    while (Array.isArray(v) && v.length > 0) {
      v = v[0];
      depth++;
    }
    expect(depth).toBe(10_000);
  });

  it('refuses 10,001 levels and more with a 400 and Go\'s text', () => {
    for (const depth of [10_001, 100_000]) {
      const err = refusal(nested(depth));
      expect(err).toBeInstanceOf(HttpError);
      expect(err.status).toBe(400);
      expect(err.errors).toEqual(["failed to parse JSON input: invalid character '[' exceeded max depth"]);
    }
  });

  it('still names the reason for malformed text, without quoting it', () => {
    const err = refusal('{"password": hunter2, "i": 1.0}');
    expect(err.status).toBe(400);
    expect(err.errors[0]).toMatch(/^failed to parse JSON input: /);
    expect(err.errors[0]).not.toContain('hunter2');
  });
});
