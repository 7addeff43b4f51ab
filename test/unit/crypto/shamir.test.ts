import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { combine, split } from '../../../src/crypto/shamir.js';
import { caught } from './caught.js';

/** The buffers node:crypto's randomBytes handed out (the polynomials' coefficients come from it). */
const drawn = vi.hoisted(() => [] as Buffer[]);
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  const randomBytes = (size: number): Buffer => {
    const b = original.randomBytes(size);
    drawn.push(b);
    return b;
  };
  return { ...original, default: { ...original, randomBytes }, randomBytes };
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** (parts, threshold) with 2 <= threshold <= parts <= max. */
const partsAndThreshold = (max: number) =>
  fc.integer({ min: 2, max }).chain((parts) => fc.tuple(fc.constant(parts), fc.integer({ min: 2, max: parts })));

describe('shamir split/combine', () => {
  it('uses Vault\'s share format: y-bytes then one distinct, non-zero x byte', () => {
    const secret = new Uint8Array(32).fill(7);
    const shares = split(secret, 5, 3);
    expect(shares).toHaveLength(5);
    const xs = new Set<number>();
    for (const share of shares) {
      expect(share).toHaveLength(33);
      const x = share[32]!;
      expect(x).toBeGreaterThanOrEqual(1);
      xs.add(x);
    }
    expect(xs.size).toBe(5);
  });

  it('recovers a hand-made Vault-style share set (f(x) = s + a·x)', () => {
    // secret byte 0x42, slope 0x11: y(1) = 0x42 ^ 0x11, y(2) = 0x42 ^ (0x11·2 = 0x22)
    const shares = [Uint8Array.of(0x53, 1), Uint8Array.of(0x60, 2)];
    expect(hex(combine(shares))).toBe('42');
  });

  it('chooses x-coordinates at random', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      seen.add(split(Uint8Array.of(1), 3, 2).map((s) => s[1]).join(','));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('any threshold shares, in any order, recover the secret', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        partsAndThreshold(20).chain(([parts, threshold]) =>
          fc.tuple(
            fc.constant(parts),
            fc.constant(threshold),
            fc.shuffledSubarray([...Array(parts).keys()], { minLength: threshold, maxLength: parts }),
          ),
        ),
        (secret, [parts, threshold, picked]) => {
          const shares = split(secret, parts, threshold);
          const subset = picked.slice(0, threshold).map((i) => shares[i]!);
          expect(hex(combine(subset))).toBe(hex(secret));
          // More than threshold shares also recover it.
          expect(hex(combine(picked.map((i) => shares[i]!)))).toBe(hex(secret));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('threshold - 1 shares do not recover a 32-byte secret', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        // threshold >= 3 so that threshold - 1 >= 2 shares are accepted by combine at all
        fc.integer({ min: 3, max: 20 }).chain((parts) =>
          fc.integer({ min: 3, max: parts }).chain((threshold) =>
            fc.tuple(
              fc.constant(parts),
              fc.constant(threshold),
              fc.shuffledSubarray([...Array(parts).keys()], { minLength: threshold - 1, maxLength: threshold - 1 }),
            ),
          ),
        ),
        (secret, [parts, threshold, picked]) => {
          const shares = split(secret, parts, threshold);
          const recovered = combine(picked.map((i) => shares[i]!));
          expect(recovered).toHaveLength(32);
          expect(hex(recovered)).not.toBe(hex(secret));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles the largest share counts (255 parts)', () => {
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const all = split(secret, 255, 255);
    expect(new Set(all.map((s) => s[32])).size).toBe(255);
    expect(hex(combine([...all].reverse()))).toBe(hex(secret));
    expect(hex(combine(all.slice(0, 254)))).not.toBe(hex(secret));

    const two = split(secret, 255, 2);
    expect(hex(combine([two[254]!, two[0]!]))).toBe(hex(secret));
  });

  it('rejects bad split arguments with Vault\'s texts', () => {
    const secret = Uint8Array.of(1, 2, 3);
    expect(caught(() => split(secret, 2, 3)).message).toBe('parts cannot be less than threshold');
    expect(caught(() => split(secret, 256, 3)).message).toBe('parts cannot exceed 255');
    expect(caught(() => split(secret, 5, 1)).message).toBe('threshold must be at least 2');
    expect(caught(() => split(secret, 1, 1)).message).toBe('threshold must be at least 2');
    expect(caught(() => split(new Uint8Array(0), 5, 3)).message).toBe('cannot split an empty secret');
    expect(caught(() => split(secret, 5.5, 3)).message).toBe('parts and threshold must be integers');
  });

  it('rejects bad combine input with Vault\'s texts', () => {
    const shares = split(Uint8Array.of(9, 9, 9, 9), 4, 2);
    expect(caught(() => combine([])).message).toBe(
      'less than two parts cannot be used to reconstruct the secret',
    );
    expect(caught(() => combine([shares[0]!])).message).toBe(
      'less than two parts cannot be used to reconstruct the secret',
    );
    expect(caught(() => combine([Uint8Array.of(1), Uint8Array.of(2)])).message).toBe(
      'parts must be at least two bytes',
    );
    expect(caught(() => combine([shares[0]!, shares[1]!.subarray(1)])).message).toBe(
      'all parts must be the same length',
    );
    expect(caught(() => combine([shares[0]!, shares[1]!, shares[0]!])).message).toBe('duplicate part detected');
  });

  it('rejects duplicate x-coordinates whatever the y-bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 33 }), fc.uint8Array({ minLength: 2, maxLength: 33 }), (a, b) => {
        const len = Math.min(a.length, b.length);
        const s1 = a.slice(0, len);
        const s2 = b.slice(0, len);
        s2[len - 1] = s1[len - 1]!;
        expect(caught(() => combine([s1, s2])).message).toBe('duplicate part detected');
      }),
    );
  });

  it('wipes the random coefficients once the shares are made', () => {
    drawn.length = 0;
    split(Uint8Array.of(1, 2, 3, 4), 5, 3);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]).toHaveLength(4 * 2);
    expect([...drawn[0]!].every((b) => b === 0)).toBe(true);
  });
});
