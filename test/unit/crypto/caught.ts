/** Runs fn and returns the CryptoError it throws (failing the test if it throws anything else). */
import { expect } from 'vitest';
import { CryptoError } from '../../../src/errors.js';

export function caught(fn: () => unknown, code = 'CRYPTO_INVALID_SHARES'): CryptoError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CryptoError);
    expect((err as CryptoError).code).toBe(code);
    return err as CryptoError;
  }
  throw new Error('expected a CryptoError');
}
