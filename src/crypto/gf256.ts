/**
 * Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), the field
 * Vault's Shamir implementation uses. Every operation is branch-free in its operands and uses no
 * lookup tables: table lookups indexed by secret bytes leak through the cache (CVE-2023-25000).
 * Values are numbers in 0..255.
 */

/** Addition and subtraction are both XOR in a field of characteristic 2. */
export function gfAdd(a: number, b: number): number {
  return (a ^ b) & 0xff;
}

/**
 * Multiplication, shift-and-add from the most significant bit of b down. Each step doubles the
 * accumulator (reducing by 0x1B when bit 7 falls off) and adds a when the current bit of b is set;
 * both choices are made with all-ones/all-zeros masks, never with a branch.
 */
export function gfMul(a: number, b: number): number {
  let r = 0;
  for (let i = 7; i >= 0; i--) {
    const reduce = -(r >> 7) & 0x1b;
    const addA = -((b >> i) & 1) & a;
    r = ((r << 1) & 0xff) ^ reduce ^ addA;
  }
  return r;
}

/**
 * Multiplicative inverse as a^254 (a^255 = 1 for every non-zero a), by square-and-multiply over the
 * public exponent 254 = 0b11111110. The inverse of 0 comes out as 0, without a branch.
 */
export function gfInv(a: number): number {
  let result = 1;
  for (let bit = 7; bit >= 0; bit--) {
    result = gfMul(result, result);
    if ((254 >> bit) & 1) result = gfMul(result, a); // branches on the constant exponent only
  }
  return result;
}

/** Division a / b; b must be non-zero (callers guarantee it: x-coordinates are distinct). */
export function gfDiv(a: number, b: number): number {
  return gfMul(a, gfInv(b));
}

/** Evaluates the polynomial with the given coefficients (constant term first) at x, by Horner's rule. */
export function gfEval(coefficients: Uint8Array, x: number): number {
  let out = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) {
    out = gfMul(out, x) ^ (coefficients[i] ?? 0);
  }
  return out;
}
