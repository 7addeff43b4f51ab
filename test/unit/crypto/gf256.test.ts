import { describe, expect, it } from 'vitest';
import { gfAdd, gfDiv, gfEval, gfInv, gfMul } from '../../../src/crypto/gf256.js';

/** Schoolbook reference: carry-less product, then polynomial long division by 0x11B. No tables. */
function referenceMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) {
    if (b & (1 << i)) product ^= a << i;
  }
  for (let bit = 14; bit >= 8; bit--) {
    if (product & (1 << bit)) product ^= 0x11b << (bit - 8);
  }
  return product;
}

describe('GF(2^8) arithmetic', () => {
  it('multiplies as the reference does for all 65536 pairs', () => {
    const mismatches: string[] = [];
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        if (gfMul(a, b) !== referenceMul(a, b)) mismatches.push(`${a}*${b}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('matches the worked examples of FIPS-197 (AES field)', () => {
    expect(gfMul(0x57, 0x83)).toBe(0xc1);
    expect(gfMul(0x57, 0x13)).toBe(0xfe);
    expect(gfInv(0x53)).toBe(0xca);
  });

  it('gives every non-zero element an inverse, and 0 maps to 0', () => {
    for (let a = 1; a < 256; a++) {
      expect(gfMul(gfInv(a), a)).toBe(1);
    }
    expect(gfInv(0)).toBe(0);
  });

  it('divides as multiplication by the inverse', () => {
    for (let a = 0; a < 256; a++) {
      for (const b of [1, 2, 3, 0x53, 0xff]) {
        expect(gfMul(gfDiv(a, b), b)).toBe(a);
      }
    }
  });

  it('adds by XOR and evaluates polynomials by Horner', () => {
    expect(gfAdd(0x57, 0x83)).toBe(0xd4);
    // f(x) = 7 + 3x + 2x^2 at x = 5
    const expected = 7 ^ gfMul(3, 5) ^ gfMul(2, gfMul(5, 5));
    expect(gfEval(Uint8Array.of(7, 3, 2), 5)).toBe(expected);
    expect(gfEval(Uint8Array.of(42), 9)).toBe(42);
  });
});
