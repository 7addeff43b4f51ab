/**
 * Shamir secret sharing over GF(2^8), in Vault's share format: each share holds one y-byte per
 * secret byte followed by a single x-coordinate byte, so a 32-byte key gives 33-byte shares that
 * Vault and OpenBao combine, and the other way round. Arithmetic is constant time (see gf256.ts).
 * Error texts are Vault's (sdk/helper/shamir/shamir.go).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CryptoError } from '../errors.js';
import { gfDiv, gfEval, gfMul } from './gf256.js';

/** Bytes a share adds to the secret: the x-coordinate. */
export const SHARE_OVERHEAD = 1;

function invalid(message: string): CryptoError {
  return new CryptoError('CRYPTO_INVALID_SHARES', message);
}

/** The values 1..255 in a uniformly random order (Fisher-Yates with a CSPRNG); 0 would reveal the secret. */
function shuffledXCoordinates(): Uint8Array {
  const xs = new Uint8Array(255);
  for (let i = 0; i < 255; i++) xs[i] = i + 1;
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
}

/**
 * Splits secret into `parts` shares, any `threshold` of which recover it. Each share is
 * secret.length + 1 bytes: the y-values, then the x-coordinate.
 */
export function split(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  if (!Number.isInteger(parts) || !Number.isInteger(threshold)) {
    throw invalid('parts and threshold must be integers');
  }
  if (parts < threshold) throw invalid('parts cannot be less than threshold');
  if (parts > 255) throw invalid('parts cannot exceed 255');
  if (threshold < 2) throw invalid('threshold must be at least 2');
  if (threshold > 255) throw invalid('threshold cannot exceed 255');
  if (secret.length === 0) throw invalid('cannot split an empty secret');

  const xs = shuffledXCoordinates();
  const shares: Uint8Array[] = [];
  for (let p = 0; p < parts; p++) {
    const share = new Uint8Array(secret.length + SHARE_OVERHEAD);
    share[secret.length] = xs[p]!;
    shares.push(share);
  }

  // One random polynomial of degree threshold-1 per secret byte, with that byte as constant term.
  const coefficients = new Uint8Array(threshold);
  const random = randomBytes(secret.length * (threshold - 1));
  try {
    for (let idx = 0; idx < secret.length; idx++) {
      coefficients[0] = secret[idx]!;
      coefficients.set(random.subarray(idx * (threshold - 1), (idx + 1) * (threshold - 1)), 1);
      for (let p = 0; p < parts; p++) {
        shares[p]![idx] = gfEval(coefficients, xs[p]!);
      }
    }
  } finally {
    coefficients.fill(0);
    random.fill(0);
  }
  return shares;
}

/**
 * Recovers the secret from shares made by split (or by Vault). Given fewer than the threshold it
 * returns unrelated bytes: Shamir shares carry no integrity check, so callers verify the result
 * (for example by decrypting something with it).
 */
export function combine(shares: readonly Uint8Array[]): Uint8Array {
  if (shares.length < 2) {
    throw invalid('less than two parts cannot be used to reconstruct the secret');
  }
  const shareLen = shares[0]!.length;
  if (shareLen < 2) throw invalid('parts must be at least two bytes');
  for (const share of shares) {
    if (share.length !== shareLen) throw invalid('all parts must be the same length');
  }

  const xs = new Uint8Array(shares.length);
  const seen = new Set<number>();
  shares.forEach((share, i) => {
    const x = share[shareLen - 1]!;
    if (seen.has(x)) throw invalid('duplicate part detected');
    seen.add(x);
    xs[i] = x;
  });

  // Lagrange basis at x = 0 for each share: prod over j != i of x_j / (x_i - x_j). It depends on the
  // x-coordinates alone, so it is computed once rather than per byte.
  const basis = new Uint8Array(shares.length);
  for (let i = 0; i < xs.length; i++) {
    let b = 1;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      b = gfMul(b, gfDiv(xs[j]!, xs[i]! ^ xs[j]!));
    }
    basis[i] = b;
  }

  const secret = new Uint8Array(shareLen - SHARE_OVERHEAD);
  for (let idx = 0; idx < secret.length; idx++) {
    let acc = 0;
    for (let i = 0; i < shares.length; i++) {
      acc ^= gfMul(shares[i]![idx]!, basis[i]!);
    }
    secret[idx] = acc;
  }
  return secret;
}
