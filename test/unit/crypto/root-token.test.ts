import { describe, expect, it } from 'vitest';
import { CryptoError } from '../../../src/errors.js';
import { OTP_LENGTH, decodeGoBase64, encodeToken, formatUuid, generateOtp, xorBytes } from '../../../src/crypto/root-token.js';
import { caught } from './caught.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('generateOtp', () => {
  it('makes 28 base62 characters by default, as Vault does for hvs. tokens', () => {
    expect(OTP_LENGTH).toBe(28);
    const otp = generateOtp();
    expect(otp).toMatch(/^[0-9A-Za-z]{28}$/);
    expect(generateOtp(5)).toMatch(/^[0-9A-Za-z]{5}$/);
    expect(new Set(Array.from({ length: 8 }, () => generateOtp())).size).toBe(8);
  });

  it('makes 16 random bytes in padded base64 for the legacy otp_length 0', () => {
    const otp = generateOtp(0);
    expect(otp).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(Buffer.from(otp, 'base64')).toHaveLength(16);
  });
});

describe('xorBytes and encodeToken', () => {
  it('xors byte by byte and refuses different lengths with Go\'s text', () => {
    expect([...xorBytes(Uint8Array.of(0xf0, 0x0f, 0xaa), Uint8Array.of(0xff, 0xff, 0x0f))]).toEqual([0x0f, 0xf0, 0xa5]);
    expect(caught(() => xorBytes(new Uint8Array(3), new Uint8Array(2))).message).toBe('length of byte slices is not equivalent: 3 != 2');
  });

  it('encodes OTP xor token as unpadded standard base64, reversible with the OTP', () => {
    const token = 'hvs.CAESIJlTfV2uVXRJiTi9pWbW1dD';
    const otp = generateOtp(token.length);
    const encoded = encodeToken(token, otp);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+$/); // 31 bytes: padded base64 would end in "="
    const expected = Buffer.from(xorBytes(Buffer.from(otp), Buffer.from(token))).toString('base64').replace(/=+$/, '');
    expect(encoded).toBe(expected);
    expect(text(xorBytes(decodeGoBase64(encoded, false), Buffer.from(otp)))).toBe(token);
  });

  it("refuses an empty token, an empty OTP and an OTP of another length with Vault's texts", () => {
    expect(caught(() => encodeToken('', 'abc')).message).toBe('no token provided');
    expect(caught(() => encodeToken('abc', '')).message).toBe('no otp provided');
    const err = caught(() => encodeToken('abcd', 'abc'));
    expect(err.message).toBe('xor of root token failed: length of byte slices is not equivalent: 3 != 4');
    expect(err.cause).toBeInstanceOf(CryptoError);
  });
});

describe('decodeGoBase64', () => {
  it('decodes padded (Std) and unpadded (RawStd) input', () => {
    expect(text(decodeGoBase64('YWJj', true))).toBe('abc');
    expect(text(decodeGoBase64('YQ==', true))).toBe('a');
    expect(text(decodeGoBase64('YWI=', true))).toBe('ab');
    expect(text(decodeGoBase64('YQ', false))).toBe('a');
    expect(text(decodeGoBase64('YWI', false))).toBe('ab');
    expect(text(decodeGoBase64('', true))).toBe('');
    expect(text(decodeGoBase64('', false))).toBe('');
  });

  it("fails where Go's decoder does, with its byte offset", () => {
    const at = (s: string, padded: boolean) => caught(() => decodeGoBase64(s, padded)).message;
    // Std: missing padding is reported where the incomplete quantum starts
    expect(at('YQ', true)).toBe('illegal base64 data at input byte 0');
    expect(at('YWJjZA', true)).toBe('illegal base64 data at input byte 4');
    // Std: "Y===": padding after a single character
    expect(at('Y===', true)).toBe('illegal base64 data at input byte 1');
    // an illegal character, and "=" inside the data
    expect(at('Y!QQ', true)).toBe('illegal base64 data at input byte 1');
    expect(at('YQ=a', true)).toBe('illegal base64 data at input byte 2');
    // RawStd: "=" is not part of the alphabet; a lone trailing character cannot be decoded
    expect(at('YQ==', false)).toBe('illegal base64 data at input byte 2');
    expect(at('YWJjZ', false)).toBe('illegal base64 data at input byte 4');
    expect(at('Y', false)).toBe('illegal base64 data at input byte 0');
  });
});

describe('formatUuid', () => {
  it('formats 16 bytes as 8-4-4-4-12 lower-case hex, and refuses other lengths', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(formatUuid(bytes)).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect(caught(() => formatUuid(new Uint8Array(15))).message).toBe('wrong length byte slice (15)');
  });
});
