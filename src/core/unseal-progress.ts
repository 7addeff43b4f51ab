import { randomUUID, timingSafeEqual } from 'node:crypto';
import { CoreError } from '../errors.js';
import { combineShares } from '../seal/root-key.js';

const MIN_KEY = 16;
const MAX_KEY = 33;

/**
 * Key shares collected towards the threshold, held only in memory. A share given twice is
 * ignored (compared in constant time); the nonce is made with the first share.
 */
export class UnsealProgress {
  #parts: Buffer[] = [];
  #nonce = '';

  get progress(): number {
    return this.#parts.length;
  }

  get nonce(): string {
    return this.#nonce;
  }

  /** Vault's key length bounds for an unseal share, with its texts. */
  static checkKey(key: Uint8Array): void {
    if (key.length < MIN_KEY) throw new CoreError('CORE_INVALID_KEY', `invalid key: key is shorter than minimum ${MIN_KEY} bytes`);
    if (key.length > MAX_KEY) throw new CoreError('CORE_INVALID_KEY', `invalid key: key is longer than maximum ${MAX_KEY} bytes`);
  }

  /** Adds a share; false when it was already given. */
  add(share: Uint8Array): boolean {
    const candidate = Buffer.from(share);
    for (const part of this.#parts) {
      if (part.length === candidate.length && timingSafeEqual(part, candidate)) return false;
    }
    if (this.#parts.length === 0) this.#nonce = randomUUID();
    this.#parts.push(candidate);
    return true;
  }

  /** Hands the shares over and forgets them. */
  take(): Buffer[] {
    const parts = this.#parts;
    this.#parts = [];
    this.#nonce = '';
    return parts;
  }

  /** Combines the shares given (and forgets them, zeroed); the caller zeroes the result. */
  combine(threshold: number): Uint8Array {
    const parts = this.take();
    try {
      return combineShares(parts, threshold);
    } finally {
      for (const p of parts) p.fill(0);
    }
  }

  reset(): void {
    for (const part of this.take()) part.fill(0);
  }
}
