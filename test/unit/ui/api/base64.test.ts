import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../../ui/src/api/base64.js';

describe('UI base64 of UTF-8 text', () => {
  it('encodes the UTF-8 bytes, as Node does', () => {
    for (const text of ['', 'hello world', 'grüße ☃ 𝄞', 'line\nbreak']) {
      expect(toBase64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
      expect(fromBase64(toBase64(text))).toEqual({ value: text, encoding: 'utf-8' });
    }
  });

  it('keeps bytes that are not UTF-8 (or not base64) as base64', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64');
    expect(fromBase64(binary)).toEqual({ value: binary, encoding: 'base64' });
    expect(fromBase64('not base64!')).toEqual({ value: 'not base64!', encoding: 'base64' });
  });
});
