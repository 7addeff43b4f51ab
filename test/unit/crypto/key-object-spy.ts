/**
 * A seam for the "KeyObject made once per key" tests: a node:crypto whose createSecretKey counts
 * its calls and whose createCipheriv/createDecipheriv/createHmac record the key each was given.
 * A test file installs it with
 *   vi.mock('node:crypto', async (orig) => (await import('<this file>')).spiedCrypto(orig));
 */
import type * as Crypto from 'node:crypto';

export const keySpy = {
  /** createSecretKey calls so far. */
  made: 0,
  /** The key argument of every createCipheriv/createDecipheriv/createHmac so far. */
  used: [] as unknown[],
  reset(): void {
    this.made = 0;
    this.used = [];
  },
};

export async function spiedCrypto(importOriginal: () => Promise<unknown>): Promise<typeof Crypto> {
  const real = (await importOriginal()) as typeof Crypto;
  const createSecretKey = ((...args: Parameters<typeof real.createSecretKey>) => {
    keySpy.made += 1;
    return real.createSecretKey(...args);
  }) as typeof real.createSecretKey;
  const createCipheriv = ((alg: string, key: unknown, ...rest: unknown[]) => {
    keySpy.used.push(key);
    return (real.createCipheriv as (...a: unknown[]) => unknown)(alg, key, ...rest);
  }) as typeof real.createCipheriv;
  const createDecipheriv = ((alg: string, key: unknown, ...rest: unknown[]) => {
    keySpy.used.push(key);
    return (real.createDecipheriv as (...a: unknown[]) => unknown)(alg, key, ...rest);
  }) as typeof real.createDecipheriv;
  const createHmac = ((alg: string, key: unknown, ...rest: unknown[]) => {
    keySpy.used.push(key);
    return (real.createHmac as (...a: unknown[]) => unknown)(alg, key, ...rest);
  }) as typeof real.createHmac;
  return { ...real, createSecretKey, createCipheriv, createDecipheriv, createHmac };
}

/** The distinct keys used since the last reset, and whether every one was a KeyObject. */
export function keysUsed(): { distinct: number; allKeyObjects: boolean; list: unknown[] } {
  const list = [...new Set(keySpy.used)];
  const allKeyObjects = keySpy.used.length > 0 && keySpy.used.every((k) => typeof k === 'object' && k !== null && !ArrayBuffer.isView(k) && (k as { type?: unknown }).type === 'secret');
  return { distinct: list.length, allKeyObjects, list };
}
