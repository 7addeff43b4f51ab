/** The seal tests' check that a promise rejects with a CoreError, which it returns for the details. */
import { expect } from 'vitest';
import { CoreError } from '../../../src/errors.js';

export async function rejection(p: Promise<unknown>): Promise<CoreError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError);
    return err as CoreError;
  }
  throw new Error('expected a CoreError');
}
