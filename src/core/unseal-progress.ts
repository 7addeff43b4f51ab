import { randomUUID, timingSafeEqual } from 'node:crypto';

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

  reset(): void {
    for (const part of this.take()) part.fill(0);
  }
}
