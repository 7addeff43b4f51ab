import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoBase64Error, goAtoi, goBase64Decode, goQuote, goTimeJson } from '../../../../src/secrets/transit/go-compat.js';

function offset(s: string): number | 'ok' {
  try {
    goBase64Decode(s);
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(GoBase64Error);
    return (err as GoBase64Error).offset;
  }
}

describe('go-compat', () => {
  it('decodes canonical base64 like Buffer does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(goBase64Decode(Buffer.from(bytes).toString('base64')).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('reports the byte offsets of Go’s base64.StdEncoding', () => {
    expect(offset('abc')).toBe(0); // incomplete final quantum, no padding
    expect(offset('dGVzdA')).toBe(4);
    expect(offset('dGVzdA=')).toBe(7); // "==" expected, input ends
    expect(offset('dGVzdA==x')).toBe(8); // trailing garbage
    expect(offset('!!!!')).toBe(0);
    expect(offset('dG!z')).toBe(2);
    expect(offset('d===')).toBe(1);
    expect(offset('dGVz\r\ndA==')).toBe('ok'); // newlines are skipped
    expect(goBase64Decode('dGVz\ndA==').toString()).toBe('test');
    expect(new GoBase64Error(3).message).toBe('illegal base64 data at input byte 3');
  });

  it('parses like strconv.Atoi', () => {
    expect(goAtoi('42')).toBe(42);
    expect(goAtoi('+7')).toBe(7);
    expect(goAtoi('-3')).toBe(-3);
    expect(() => goAtoi('1.5')).toThrow('strconv.Atoi: parsing "1.5": invalid syntax');
    expect(() => goAtoi('')).toThrow('strconv.Atoi: parsing "": invalid syntax');
    expect(() => goAtoi('99999999999999999999')).toThrow('strconv.Atoi: parsing "99999999999999999999": value out of range');
  });

  it('quotes and formats time as Go does', () => {
    expect(goQuote('a"b\\c\n\u0001')).toBe('"a\\"b\\\\c\\n\\x01"');
    expect(goTimeJson(new Date('2024-01-02T03:04:05.120Z'))).toBe('2024-01-02T03:04:05.12Z');
    expect(goTimeJson(new Date('2024-01-02T03:04:05.000Z'))).toBe('2024-01-02T03:04:05Z');
  });
});
